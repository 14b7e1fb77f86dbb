import { TaskRow } from './task-view';
import { TodayRow, toTodayList } from './today';

const TODAY = '2026-06-15';
const day = { today: TODAY, done: 2, skipped: 1 };
const task = (id: string, dueDate: string, priority: number, lifetimeValue: string): TodayRow => {
  const row: TaskRow = {
    id,
    kind: 'call',
    state: 'open',
    due_date: dueDate,
    original_due_date: dueDate,
    priority,
    moved_reason: null,
    snoozed_until: null,
    outcome: null,
    note: null,
    skip_reason: null,
    assignee_staff_id: 'staff-1',
    assignee_name: 'Mai Tran',
    touch_id: `touch-${id}`,
    talking_points: null,
    created_at: new Date('2026-06-01T08:00:00Z'),
    completed_at: null,
    handed_over_from: null,
    handed_over_from_name: null,
    handed_over_at: null,
    follow_up_attempt: null,
    external_id: `cust-${id}`,
    first_name: 'Ana',
    last_name: '',
    phone: null,
    lifetime_value: lifetimeValue,
    tier: null,
    reply_received_at: null,
    reply: null,
  };
  return { ...day, ...row };
};

describe('toTodayList', () => {
  it('an empty day: the one row carries the date and the closed counts', () => {
    expect(toTodayList('staff-1', [{ ...day, id: undefined }])).toEqual({
      staffId: 'staff-1',
      date: TODAY,
      counts: { done: 2, skipped: 1, left: 0, overdue: 0 },
      tasks: [],
    });
  });

  it('orders overdue first, then priority, then customer value, and counts what is left and overdue', () => {
    const list = toTodayList('staff-1', [
      task('1', TODAY, 50, '10.00'),
      task('2', TODAY, 50, '900.00'),
      task('3', '2026-06-12', 10, '0.00'),
      task('4', TODAY, 80, '0.00'),
    ]);
    expect(list.tasks.map((t) => t.id)).toEqual(['3', '4', '2', '1']);
    expect(list.tasks.map((t) => t.overdue)).toEqual([true, false, false, false]);
    expect(list.counts).toEqual({ done: 2, skipped: 1, left: 4, overdue: 1 });
    expect(list.tasks[0]).toMatchObject({ customer: { externalId: 'cust-3', name: 'Ana' }, assignee: { id: 'staff-1', name: 'Mai Tran' } });
  });
});
