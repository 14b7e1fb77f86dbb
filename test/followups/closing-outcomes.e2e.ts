import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';

describe('an outcome that rules out calling closes the other calls at once', () => {
  let t: TestApp;
  let emma: StaffFixture;
  beforeAll(async () => {
    t = await createTasksApp();
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
  });
  afterAll(() => t.close());

  const taskRow = (id: string) =>
    t.db.query(
      `SELECT tk.state, tk.skip_reason, tk.completed_by, t.state AS touch_state, t.reason AS touch_reason
         FROM tasks tk JOIN touches t ON t.id = tk.touch_id WHERE tk.id = $1`,
      [id],
    );

  it("wrong_number: the customer's other open calls are skipped with the reason, their touches skipped as no_address; cards stay", async () => {
    const customer = await createCustomer(t.db, { accountManagerId: emma.id });
    const elsewhere = await createCustomer(t.db, { accountManagerId: emma.id });
    const task = await createTask(t.db, customer.id, { assigneeStaffId: emma.id });
    const otherCall = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, dueDate: '2026-06-20' });
    const poolCall = await createTask(t.db, customer.id, { assigneeStaffId: null });
    const card = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, kind: 'card' });
    const notTheirs = await createTask(t.db, elsewhere.id, { assigneeStaffId: emma.id });

    const res = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'wrong_number' });
    expect(res.status).toBe(200);

    for (const closed of [otherCall, poolCall]) {
      expect(await taskRow(closed.id)).toEqual([
        {
          state: 'skipped',
          skip_reason: 'The phone number is wrong',
          completed_by: emma.id,
          touch_state: 'skipped',
          touch_reason: 'no_address',
        },
      ]);
      const [event] = await t.db.query(`SELECT kind, actor_staff_id, detail FROM touch_events WHERE touch_id = $1`, [closed.touchId]);
      expect(event).toEqual({ kind: 'task_skipped', actor_staff_id: emma.id, detail: { taskId: closed.id, reason: 'wrong_number' } });
    }
    expect((await taskRow(card.id))[0]).toMatchObject({ state: 'open', touch_state: 'queued' });
    expect((await taskRow(notTheirs.id))[0]).toMatchObject({ state: 'open' });
    const [phone] = await t.db.query('SELECT phone_invalid FROM customers WHERE id = $1', [customer.id]);
    expect(phone.phone_invalid).toBe(true);
    // Shown on the timeline as the other calls' skips.
    const timeline = await t.http().get(`/customers/${customer.externalId}/timeline`).set(emma.auth);
    expect(timeline.status).toBe(200);
    expect(
      timeline.body.entries.filter(
        (e: { kind: string; detail: { reason?: string } }) => e.kind === 'task_skipped' && e.detail.reason === 'wrong_number',
      ),
    ).toHaveLength(2);
  });

  it('asked_not_to_call: the other calls are skipped as opted out, with that outcome named', async () => {
    const customer = await createCustomer(t.db, { accountManagerId: emma.id });
    const task = await createTask(t.db, customer.id, { assigneeStaffId: emma.id });
    const other = await createTask(t.db, customer.id, { assigneeStaffId: emma.id });
    expect((await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'asked_not_to_call' })).status).toBe(200);
    expect(await taskRow(other.id)).toEqual([
      {
        state: 'skipped',
        skip_reason: 'The customer asked not to be called',
        completed_by: emma.id,
        touch_state: 'skipped',
        touch_reason: 'opted_out',
      },
    ]);
  });
});
