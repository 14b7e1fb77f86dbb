import { TestApp } from '../app';
import { createCustomer, createOrder, createRule, createStaff, createTouch } from '../factories';
import { valueBonus } from '../../src/tasks/priority';
import { TaskPromoterService } from '../../src/tasks/task-promoter.service';
import { createTasksApp } from './tasks-app';

// The clock: Monday 2026-06-15, 12:00 UTC.
describe('task promoter', () => {
  let t: TestApp;
  let promoter: TaskPromoterService;
  beforeAll(async () => {
    t = await createTasksApp();
    promoter = t.app.get(TaskPromoterService);
  });
  afterAll(() => t.close());

  async function dueTouch(
    customerId: string,
    overrides: { channel?: 'call' | 'card'; priority?: number; dueDate?: string; scheduledAt?: string; templateKey?: string } = {},
  ) {
    const channel = overrides.channel ?? 'call';
    // No such template by default: a task is created all the same, without a script.
    const templateKey = overrides.templateKey ?? `${channel}-x`;
    const rule = await createRule(t.db, { priority: overrides.priority ?? 50, action: { channel, templateKey, sendAt: '09:00' } });
    const dueDate = overrides.dueDate ?? '2026-06-15';
    return createTouch(t.db, customerId, rule.id, {
      channel,
      templateKey,
      priority: overrides.priority ?? 50,
      dueDate,
      localDate: dueDate,
      scheduledAt: overrides.scheduledAt ?? '2026-06-15T09:00:00Z',
    });
  }

  async function taskOf(touchId: string) {
    const rows = await t.db.query(
      `SELECT tk.id, tk.assignee_staff_id, tk.kind, tk.due_date::text AS due_date, tk.priority, tk.moved_reason, tk.talking_points, t.state AS touch_state
         FROM touches t LEFT JOIN tasks tk ON tk.touch_id = t.id WHERE t.id = $1`,
      [touchId],
    );
    return rows[0];
  }

  it('assigns to the account manager, the backup when the manager is away, else the pool', async () => {
    const backup = await createStaff(t.db);
    const awayBackup = await createStaff(t.db, { awayFrom: '2026-06-14', awayUntil: '2026-06-16' });
    const present = await createStaff(t.db, { backupStaffId: backup.id });
    const away = await createStaff(t.db, { awayFrom: '2026-06-10', awayUntil: '2026-06-15', backupStaffId: backup.id });
    const bothAway = await createStaff(t.db, { awayFrom: '2026-06-15', awayUntil: '2026-06-30', backupStaffId: awayBackup.id });
    const scenarios = [
      { manager: present.id, expected: present.id },
      { manager: away.id, expected: backup.id },
      { manager: bothAway.id, expected: null },
      { manager: null, expected: null },
    ];
    const touches = [];
    for (const scenario of scenarios) {
      const customer = await createCustomer(t.db, { accountManagerId: scenario.manager });
      touches.push(await dueTouch(customer.id));
    }
    const result = await promoter.promote(t.clock.now());
    expect(result.ran).toBe(true);
    for (const [i, scenario] of scenarios.entries()) {
      const task = await taskOf(touches[i].id);
      expect(task.assignee_staff_id).toBe(scenario.expected);
      expect(task.touch_state).toBe('queued');
    }
  });

  it('writes priority, talking points and a task_created event, and is idempotent', async () => {
    const manager = await createStaff(t.db);
    const customer = await createCustomer(t.db, { accountManagerId: manager.id, birthMonth: 6, birthDay: 20, birthYear: 1980 });
    for (const [n, placedAt] of [
      '2026-01-01T10:00:00Z',
      '2026-02-01T10:00:00Z',
      '2026-03-01T10:00:00Z',
      '2026-05-16T10:00:00Z',
    ].entries()) {
      await createOrder(t.db, customer.id, { placedAt, total: '250.00', externalId: `${customer.externalId}-o${n}` });
    }
    await t.db.query(`UPDATE customers SET lifetime_value = 1000, order_count = 4, last_order_at = '2026-05-16T10:00:00Z' WHERE id = $1`, [
      customer.id,
    ]);
    const touch = await dueTouch(customer.id, { priority: 70, templateKey: 'checkin-call' });

    await promoter.promote(t.clock.now());
    const task = await taskOf(touch.id);
    expect(task.priority).toBe(70 + valueBonus(1000));
    expect(task.talking_points).toMatchObject({
      lifetimeValue: '1000.0000',
      orderCount: 4,
      daysSinceLastOrder: 30,
      upcomingBirthday: { date: '2026-06-20', inDays: 5, turning: 46 },
      phone: '+14155550123',
      mailingAddress: null,
    });
    // The shipped check-in template, rendered for this customer, is the script and what the touch "sent".
    expect(task.talking_points.script).toContain('Check-in call: Ada Lovelace');
    expect(task.talking_points.script).toContain('4 orders');
    const [{ rendered }] = await t.db.query('SELECT rendered FROM touches WHERE id = $1', [touch.id]);
    expect(rendered).toEqual({ channel: 'call', text: task.talking_points.script });
    expect(task.talking_points.lastOrders.map((o: { externalId: string }) => o.externalId)).toEqual([
      `${customer.externalId}-o3`,
      `${customer.externalId}-o2`,
      `${customer.externalId}-o1`,
    ]);
    const events = await t.db.query(`SELECT kind, detail FROM touch_events WHERE touch_id = $1`, [touch.id]);
    expect(events).toEqual([{ kind: 'task_created', detail: { taskId: task.id, assigneeStaffId: manager.id } }]);

    await promoter.promote(t.clock.now());
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM tasks WHERE touch_id = $1', [touch.id]);
    expect(count).toBe(1);
  });

  it('gives a card its mailing address; skips cards without an address and calls to suppressed numbers', async () => {
    const manager = await createStaff(t.db);
    const withAddress = await createCustomer(t.db, {
      accountManagerId: manager.id,
      address: { line1: '1 Main St', city: 'Boston', country: 'US' },
    });
    const noAddress = await createCustomer(t.db, { accountManagerId: manager.id, address: null });
    const suppressed = await createCustomer(t.db, { accountManagerId: manager.id, phone: '+14155550999' });
    await t.db.query(
      `INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at) VALUES ('call', '+14155550999', $1, 'asked_not_to_call', 'test', now())
       ON CONFLICT DO NOTHING`,
      [suppressed.id],
    );
    const card = await dueTouch(withAddress.id, { channel: 'card', templateKey: 'birthday-card' });
    const noCard = await dueTouch(noAddress.id, { channel: 'card' });
    const noCall = await dueTouch(suppressed.id);
    await promoter.promote(t.clock.now());

    const cardTask = await taskOf(card.id);
    expect(cardTask.talking_points.mailingAddress).toEqual({ line1: '1 Main St', city: 'Boston', country: 'US' });
    expect(cardTask.talking_points.scriptAddress).toContain('1 Main St');
    expect(cardTask.talking_points.script).toContain('Dear Ada');
    for (const [touch, reason] of [
      [noCard, 'no_address'],
      [noCall, 'opted_out'],
    ] as const) {
      const [row] = await t.db.query('SELECT state, reason FROM touches WHERE id = $1', [touch.id]);
      expect(row).toEqual({ state: 'skipped', reason });
      expect((await taskOf(touch.id)).id).toBeNull();
    }
  });

  it('leaves touches that are not due yet, and emails, alone', async () => {
    const customer = await createCustomer(t.db);
    const later = await dueTouch(customer.id, { scheduledAt: '2026-06-15T12:00:01Z' });
    const rule = await createRule(t.db);
    const email = await createTouch(t.db, customer.id, rule.id, { scheduledAt: '2026-06-15T09:00:00Z' });
    await promoter.promote(t.clock.now());
    expect((await taskOf(later.id)).touch_state).toBe('planned');
    expect((await taskOf(email.id)).touch_state).toBe('planned');
  });

  it('moves the lowest-priority tasks of a full day to the next working day, with the reason', async () => {
    const manager = await createStaff(t.db, { dailyCapacity: 2 });
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    // Friday 2026-06-19: the overflow goes to Monday 2026-06-22.
    const high = await dueTouch(customer.id, { priority: 90, dueDate: '2026-06-19' });
    const mid = await dueTouch(customer.id, { priority: 60, dueDate: '2026-06-19' });
    const low = await dueTouch(customer.id, { priority: 10, dueDate: '2026-06-19' });
    const result = await promoter.promote(t.clock.now());
    expect(result.moved).toBeGreaterThanOrEqual(1);
    expect((await taskOf(high.id)).due_date).toBe('2026-06-19');
    expect((await taskOf(mid.id)).due_date).toBe('2026-06-19');
    const moved = await taskOf(low.id);
    expect(moved.due_date).toBe('2026-06-22');
    expect(moved.moved_reason).toBe(
      'Moved from 2026-06-19 to 2026-06-22: 2026-06-19 was over the daily capacity of 2; 2026-06-21 is not a working day',
    );
    const [event] = await t.db.query(`SELECT detail FROM touch_events WHERE touch_id = $1 AND kind = 'task_moved'`, [low.id]);
    expect(event.detail).toMatchObject({ from: '2026-06-19', to: '2026-06-22' });
  });

  it('lets one of two concurrent runs promote, never twice', async () => {
    const customer = await createCustomer(t.db);
    const touches = await Promise.all([1, 2, 3].map(() => dueTouch(customer.id)));
    const [a, b] = await Promise.all([promoter.promote(t.clock.now()), promoter.promote(t.clock.now())]);
    expect(a.created + b.created).toBeGreaterThanOrEqual(3);
    for (const touch of touches) {
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM tasks WHERE touch_id = $1', [touch.id]);
      expect(count).toBe(1);
    }
  });
});
