import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from './tasks-app';

describe('task actions', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let emma: StaffFixture;
  let other: StaffFixture;
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
    other = await createStaff(t.db, { name: 'Other Manager' });
  });
  afterAll(() => t.close());

  async function emmasTask(overrides: Parameters<typeof createTask>[2] = {}) {
    const customer = await createCustomer(t.db, { accountManagerId: emma.id, phone: '+14155550100' });
    const task = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, ...overrides });
    return { customer, task };
  }

  const events = (touchId: string) =>
    t.db.query(`SELECT kind, actor_staff_id, at, detail FROM touch_events WHERE touch_id = $1 ORDER BY id`, [touchId]);

  it('completes a call with an outcome and a note: task done, touch done, event with who and when', async () => {
    const { task } = await emmasTask();
    const res = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'reached', note: 'Loves the new range' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'done', outcome: 'reached', note: 'Loves the new range' });
    const [touch] = await t.db.query('SELECT state FROM touches WHERE id = $1', [task.touchId]);
    expect(touch.state).toBe('done');
    expect(await events(task.touchId)).toEqual([
      {
        kind: 'task_completed',
        actor_staff_id: emma.id,
        at: t.clock.now(),
        detail: { taskId: task.id, outcome: 'reached', note: 'Loves the new range' },
      },
    ]);

    const again = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'reached' });
    expect(again.status).toBe(409);
  });

  it('wrong_number marks the phone invalid', async () => {
    const { customer, task } = await emmasTask();
    expect((await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'wrong_number' })).status).toBe(200);
    const [row] = await t.db.query('SELECT phone_invalid FROM customers WHERE id = $1', [customer.id]);
    expect(row.phone_invalid).toBe(true);
  });

  it('asked_not_to_call suppresses calls to the customer, withdraws call consent and skips their other open calls', async () => {
    const { customer, task } = await emmasTask();
    const second = await createTask(t.db, customer.id, { assigneeStaffId: emma.id });
    const card = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, kind: 'card' });
    expect((await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'asked_not_to_call' })).status).toBe(200);
    const suppressions = await t.db.query(`SELECT channel, address, reason FROM suppressions WHERE customer_id = $1`, [customer.id]);
    expect(suppressions).toEqual([{ channel: 'call', address: '+14155550100', reason: 'asked_not_to_call' }]);
    const [secondRow] = await t.db.query('SELECT state FROM tasks WHERE id = $1', [second.id]);
    expect(secondRow.state).toBe('skipped');
    const [consent] = await t.db.query(`SELECT consent->'call'->>'status' AS status FROM customers WHERE id = $1`, [customer.id]);
    expect(consent.status).toBe('withdrawn');
    const [cardRow] = await t.db.query('SELECT state FROM tasks WHERE id = $1', [card.id]);
    expect(cardRow.state).toBe('open');
  });

  it('answers 400 naming the field for an outcome that does not fit, a bad date, a bad id', async () => {
    const { task } = await emmasTask({ kind: 'card' });
    const wrongKind = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'reached' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([{ field: 'outcome', reason: 'must be one of card_sent for a card task' }]);
    const unknown = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'maybe' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('outcome');
    const extra = await t.http().post(`/tasks/${task.id}/complete`).set(emma.auth).send({ outcome: 'card_sent', color: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('color');
    for (const until of ['2026-06-15', '2026-02-30', 'tomorrow', '2028-01-01']) {
      const res = await t.http().post(`/tasks/${task.id}/snooze`).set(emma.auth).send({ until });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('until');
    }
    const badId = await t.http().post('/tasks/abc/claim').set(emma.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
    expect((await t.http().post('/tasks/999999999/claim').set(emma.auth)).status).toBe(404);
    const blankSkip = await t.http().post(`/tasks/${task.id}/skip`).set(emma.auth).send({ reason: '' });
    expect(blankSkip.status).toBe(400);
    expect(blankSkip.body.errors[0].field).toBe('reason');
  });

  it("snoozes to a later day, off today's list", async () => {
    const { task } = await emmasTask();
    const res = await t.http().post(`/tasks/${task.id}/snooze`).set(emma.auth).send({ until: '2026-06-18' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dueDate: '2026-06-18', snoozedUntil: '2026-06-18', state: 'open' });
    const today = await t.http().get('/tasks/today').set(emma.auth);
    expect(today.body.tasks.map((x: { id: string }) => x.id)).not.toContain(task.id);
    expect((await events(task.touchId))[0]).toMatchObject({
      kind: 'task_snoozed',
      actor_staff_id: emma.id,
      detail: { from: '2026-06-15', until: '2026-06-18' },
    });
  });

  it('skips with a reason: touch skipped, 409 afterwards', async () => {
    const { task } = await emmasTask();
    const res = await t.http().post(`/tasks/${task.id}/skip`).set(emma.auth).send({ reason: 'Customer is travelling' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'skipped', skipReason: 'Customer is travelling' });
    const [touch] = await t.db.query('SELECT state, reason FROM touches WHERE id = $1', [task.touchId]);
    expect(touch).toEqual({ state: 'skipped', reason: 'skipped_by_staff' });
    expect((await t.http().post(`/tasks/${task.id}/snooze`).set(emma.auth).send({ until: '2026-06-20' })).status).toBe(409);
    // A note may still follow a closed task.
    expect((await t.http().post(`/tasks/${task.id}/notes`).set(emma.auth).send({ note: 'Back in July' })).status).toBe(200);
  });

  it('reassign: a manager only into the pool, an admin to anyone; claim from the pool', async () => {
    const { task } = await emmasTask();
    const toColleague = await t.http().post(`/tasks/${task.id}/reassign`).set(emma.auth).send({ staffId: other.id });
    expect(toColleague.status).toBe(403);
    const missing = await t.http().post(`/tasks/${task.id}/reassign`).set(emma.auth).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('staffId');

    const toPool = await t.http().post(`/tasks/${task.id}/reassign`).set(emma.auth).send({ staffId: null });
    expect(toPool.status).toBe(200);
    expect(toPool.body.assignee).toBeNull();
    const pool = await t.http().get('/tasks/pool').set(other.auth);
    expect(pool.body.tasks.map((x: { id: string }) => x.id)).toContain(task.id);

    // A pool task must be claimed before it is worked.
    expect((await t.http().post(`/tasks/${task.id}/complete`).set(other.auth).send({ outcome: 'reached' })).status).toBe(403);
    const claimed = await t.http().post(`/tasks/${task.id}/claim`).set(other.auth);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toEqual({ id: other.id, name: 'Other Manager' });
    // Now on another manager's list: as unknown to emma as a task that does not exist.
    expect((await t.http().post(`/tasks/${task.id}/claim`).set(emma.auth)).status).toBe(404);
    expect((await t.http().post(`/tasks/${task.id}/claim`).set(admin.auth)).status).toBe(409);

    const byAdmin = await t.http().post(`/tasks/${task.id}/reassign`).set(admin.auth).send({ staffId: emma.id });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.assignee.id).toBe(emma.id);
    const unknownStaff = await t
      .http()
      .post(`/tasks/${task.id}/reassign`)
      .set(admin.auth)
      .send({ staffId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownStaff.status).toBe(400);
    expect(unknownStaff.body.errors[0].field).toBe('staffId');

    const kinds = (await events(task.touchId)).map((e: { kind: string; actor_staff_id: string }) => [e.kind, e.actor_staff_id]);
    expect(kinds).toEqual([
      ['task_reassigned', emma.id],
      ['task_reassigned', other.id],
      ['task_reassigned', admin.id],
    ]);
  });

  it("answers 404 to a manager acting on another manager's task, whatever its state, as for an unknown id", async () => {
    const { task } = await emmasTask();
    const done = (await emmasTask({ state: 'done' })).task;
    const calls = [
      () => t.http().get(`/tasks/${task.id}`).set(other.auth),
      () => t.http().post(`/tasks/${task.id}/complete`).set(other.auth).send({ outcome: 'reached' }),
      () => t.http().post(`/tasks/${task.id}/snooze`).set(other.auth).send({ until: '2026-06-20' }),
      () => t.http().post(`/tasks/${task.id}/skip`).set(other.auth).send({ reason: 'x' }),
      () => t.http().post(`/tasks/${task.id}/notes`).set(other.auth).send({ note: 'x' }),
      () => t.http().post(`/tasks/${task.id}/reassign`).set(other.auth).send({ staffId: null }),
      () => t.http().post(`/tasks/${done.id}/complete`).set(other.auth).send({ outcome: 'reached' }),
    ];
    for (const call of calls) expect((await call()).status).toBe(404);
    const unknown = await t.http().get('/tasks/999999999').set(other.auth);
    expect(unknown.status).toBe(404);
    expect((await calls[0]()).body.message).toBe(`Task ${task.id} not found`);
    const [row] = await t.db.query('SELECT state, assignee_staff_id FROM tasks WHERE id = $1', [task.id]);
    expect(row).toEqual({ state: 'open', assignee_staff_id: emma.id });
  });
});
