import { TestApp } from '../app';
import { createCustomer, createOrder, createRule, createStaff, createTask, createTouch, StaffFixture } from '../factories';
import { createTasksApp } from './tasks-app';

describe('GET /customers/:externalId/timeline', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let other: StaffFixture;
  let customer: { id: string; externalId: string };
  let task: { id: string; touchId: string };
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { name: 'Emma Clarke' });
    other = await createStaff(t.db);
    customer = await createCustomer(t.db, { accountManagerId: manager.id });
    await createOrder(t.db, customer.id, { placedAt: '2026-05-01T10:00:00Z', total: '120.00', externalId: `${customer.externalId}-o1` });
    await createOrder(t.db, customer.id, { placedAt: '2026-06-01T10:00:00Z', total: '80.00', externalId: `${customer.externalId}-o2` });
    const rule = await createRule(t.db, { name: `${customer.externalId}-birthday` });
    const email = await createTouch(t.db, customer.id, rule.id, { state: 'delivered', scheduledAt: '2026-06-10T09:00:00Z' });
    await t.db.query(`UPDATE touches SET rendered = '{"subject": "Happy birthday", "text": "Hi Ada"}' WHERE id = $1`, [email.id]);
    await t.db.query(
      `INSERT INTO touch_events (customer_id, touch_id, kind, at, detail) VALUES ($1, $2, 'delivered', '2026-06-10T09:01:00Z', '{}')`,
      [customer.id, email.id],
    );
    task = await createTask(t.db, customer.id, { assigneeStaffId: manager.id, dueDate: '2026-06-12' });
    await t
      .http()
      .post(`/tasks/${task.id}/complete`)
      .set(manager.auth)
      .send({ outcome: 'reached', note: 'Wants the catalogue' })
      .expect(200);
  });
  afterAll(() => t.close());

  it('shows orders, touches with what was sent and the task outcome, and events, newest first', async () => {
    const res = await t.http().get(`/customers/${customer.externalId}/timeline`).set(manager.auth);
    expect(res.status).toBe(200);
    const entries = res.body.entries as { type: string; kind: string; at: string; actor: string | null; detail: Record<string, unknown> }[];
    expect(entries.map((e) => `${e.type}:${e.kind}`)).toEqual([
      'event:task_completed',
      'touch:call',
      'event:delivered',
      'touch:email',
      'order:placed',
      'order:placed',
    ]);
    expect(entries[0]).toMatchObject({ actor: 'Emma Clarke', detail: { outcome: 'reached', note: 'Wants the catalogue' } });
    expect(entries[1].detail.task).toMatchObject({
      state: 'done',
      outcome: 'reached',
      note: 'Wants the catalogue',
      assignee: 'Emma Clarke',
    });
    expect(entries[3].detail).toMatchObject({ state: 'delivered', rendered: { subject: 'Happy birthday', text: 'Hi Ada' } });
    expect(entries[4].detail).toMatchObject({ externalId: `${customer.externalId}-o2`, total: '80.0000' });
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a keyset cursor without gaps or repeats', async () => {
    const all = (await t.http().get(`/customers/${customer.externalId}/timeline`).set(admin.auth)).body.entries;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { entries: { type: string; id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/customers/${customer.externalId}/timeline`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth)
        .expect(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.entries.map((e) => `${e.type}:${e.id}`));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e: { type: string; id: string }) => `${e.type}:${e.id}`));
  });

  it('answers 404 for another manager as for an unknown customer, 400 for a bad cursor or limit', async () => {
    expect((await t.http().get(`/customers/${customer.externalId}/timeline`).set(other.auth)).status).toBe(404);
    expect((await t.http().get('/customers/nobody-here/timeline').set(manager.auth)).status).toBe(404);
    const cursor = await t.http().get(`/customers/${customer.externalId}/timeline?cursor=bm9wZQ`).set(manager.auth);
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].field).toBe('cursor');
    // Well-formed but impossible keys: month 13, an id past bigint.
    for (const forged of [
      ['2026-13-45 99:00:00+00', 'order', '1'],
      ['2026-06-01 10:00:00+00', 'order', '99999999999999999999'.slice(0, 19)],
    ]) {
      const res = await t
        .http()
        .get(`/customers/${customer.externalId}/timeline?cursor=${Buffer.from(JSON.stringify(forged)).toString('base64url')}`)
        .set(manager.auth);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('cursor');
    }
    const limit = await t.http().get(`/customers/${customer.externalId}/timeline?limit=0`).set(manager.auth);
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].field).toBe('limit');
  });

  it("lets a backup who holds one of the customer's tasks read the timeline", async () => {
    const backup = await createStaff(t.db);
    expect((await t.http().get(`/customers/${customer.externalId}/timeline`).set(backup.auth)).status).toBe(404);
    await createTask(t.db, customer.id, { assigneeStaffId: backup.id });
    expect((await t.http().get(`/customers/${customer.externalId}/timeline`).set(backup.auth)).status).toBe(200);
  });
});
