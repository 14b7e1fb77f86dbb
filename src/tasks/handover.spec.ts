import { decideHandover, HandoverStaff, HandoverTask } from './handover';

const TODAY = '2026-06-15';
const person = (id: string, patch: Partial<HandoverStaff> = {}): HandoverStaff => ({
  id,
  active: true,
  awayFrom: null,
  awayUntil: null,
  backupStaffId: null,
  today: TODAY,
  ...patch,
});
const task = (patch: Partial<HandoverTask> = {}): HandoverTask => ({
  id: '1',
  assigneeStaffId: 'm',
  dueDate: TODAY,
  handedOverFrom: null,
  worked: false,
  ...patch,
});
const away = (from: string, until: string | null = null) => ({ awayFrom: from, awayUntil: until });

describe('decideHandover', () => {
  it.each([
    { name: 'present manager: stays', m: person('m', { backupStaffId: 'b' }), t: task(), expected: null },
    {
      name: 'away today: to the backup',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-15', '2026-06-19') }),
      t: task(),
      expected: { kind: 'handed_over', from: 'm', to: 'b', owner: 'm', reason: 'away' },
    },
    {
      name: 'a future absence: a task due inside it moves now',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-20', '2026-06-30') }),
      t: task({ dueDate: '2026-06-22' }),
      expected: { kind: 'handed_over', to: 'b' },
    },
    {
      name: 'a future absence: a task due before it stays',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-20', '2026-06-30') }),
      t: task({ dueDate: '2026-06-19' }),
      expected: null,
    },
    {
      name: 'a task due after the absence stays',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-15', '2026-06-19') }),
      t: task({ dueDate: '2026-06-22' }),
      expected: null,
    },
    {
      name: 'an overdue task is due today: it moves when the absence covers today',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-15', '2026-06-19') }),
      t: task({ dueDate: '2026-06-10' }),
      expected: { kind: 'handed_over', to: 'b' },
    },
    {
      name: 'no backup: to the pool',
      m: person('m', away('2026-06-15', null)),
      t: task(),
      expected: { kind: 'handed_over', to: null, reason: 'away' },
    },
    {
      name: 'the backup is away too: to the pool',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-15', '2026-06-19') }),
      b: person('b', away('2026-06-14', '2026-06-16')),
      t: task(),
      expected: { kind: 'handed_over', to: null },
    },
    {
      name: 'inactive: every open task moves, whatever its day',
      m: person('m', { active: false, backupStaffId: 'b' }),
      t: task({ dueDate: '2026-09-01' }),
      expected: { kind: 'handed_over', to: 'b', reason: 'inactive' },
    },
    {
      name: 'back from the absence, untouched: handed back',
      m: person('m', { backupStaffId: 'b' }),
      t: task({ assigneeStaffId: 'b', handedOverFrom: 'm', dueDate: '2026-06-12' }),
      expected: { kind: 'handed_back', from: 'b', to: 'm', owner: 'm' },
    },
    {
      name: 'back, from the pool too',
      m: person('m'),
      t: task({ assigneeStaffId: null, handedOverFrom: 'm' }),
      expected: { kind: 'handed_back', from: null, to: 'm' },
    },
    {
      name: 'back, but the backup started on it: stays with the backup',
      m: person('m', { backupStaffId: 'b' }),
      t: task({ assigneeStaffId: 'b', handedOverFrom: 'm', worked: true }),
      expected: null,
    },
    {
      name: 'the absence shortened so the task falls after it: handed back',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-15', '2026-06-16') }),
      t: task({ assigneeStaffId: 'b', handedOverFrom: 'm', dueDate: '2026-06-18' }),
      expected: { kind: 'handed_back', to: 'm' },
    },
    {
      name: 'still away: stays with the backup',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-10', '2026-06-20') }),
      t: task({ assigneeStaffId: 'b', handedOverFrom: 'm' }),
      expected: null,
    },
    {
      name: 'the backup goes away as well: on to their backup, still owned by the first',
      m: person('m', { backupStaffId: 'b', ...away('2026-06-10', '2026-06-20') }),
      b: person('b', { backupStaffId: 'c', ...away('2026-06-15', '2026-06-15') }),
      t: task({ assigneeStaffId: 'b', handedOverFrom: 'm' }),
      expected: { kind: 'handed_over', from: 'b', to: 'c', owner: 'm' },
    },
    {
      name: 'an inactive owner never gets it back',
      m: person('m', { active: false }),
      t: task({ assigneeStaffId: null, handedOverFrom: 'm' }),
      expected: null,
    },
  ])('$name', ({ m, b, t, expected }) => {
    const staff = new Map([m, b ?? person('b'), person('c')].map((s) => [s.id, s]));
    const move = decideHandover(t, staff);
    if (expected === null) expect(move).toBeNull();
    else expect(move).toMatchObject(expected);
  });
});
