import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from './tasks-app';

describe('GET /tasks/today and /tasks/pool', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let other: StaffFixture;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { timeZone: 'America/New_York' });
    other = await createStaff(t.db);
    const valued = async (value: number) => {
      const customer = await createCustomer(t.db, { accountManagerId: manager.id });
      await t.db.query('UPDATE customers SET lifetime_value = $2 WHERE id = $1', [customer.id, value]);
      return customer.id;
    };
    // Today in New York is 2026-06-15 (12:00 UTC is 08:00 there).
    ids.lowValue = (await createTask(t.db, await valued(10), { assigneeStaffId: manager.id, priority: 50 })).id;
    ids.highValue = (await createTask(t.db, await valued(5000), { assigneeStaffId: manager.id, priority: 50 })).id;
    ids.highPriority = (await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, priority: 90 })).id;
    ids.overdue = (await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, priority: 5, dueDate: '2026-06-12' })).id;
    ids.card = (await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, priority: 70, kind: 'card' })).id;
    ids.tomorrow = (await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, dueDate: '2026-06-16' })).id;
    await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, state: 'done', createdAt: '2026-06-15T11:00:00Z' });
    await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, state: 'done', createdAt: '2026-06-14T11:00:00Z' });
    await createTask(t.db, await valued(0), { assigneeStaffId: manager.id, state: 'skipped', createdAt: '2026-06-15T11:30:00Z' });
    ids.pool = (await createTask(t.db, (await createCustomer(t.db)).id, { assigneeStaffId: null })).id;
  });
  afterAll(() => t.close());

  it('lists overdue first, then priority, then customer value, with counts', async () => {
    const res = await t.http().get('/tasks/today').set(manager.auth);
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2026-06-15');
    expect(res.body.tasks.map((task: { id: string }) => task.id)).toEqual([
      ids.overdue,
      ids.highPriority,
      ids.card,
      ids.highValue,
      ids.lowValue,
    ]);
    expect(res.body.tasks[0].overdue).toBe(true);
    expect(res.body.counts).toEqual({ done: 1, skipped: 1, left: 5, overdue: 1 });
    // Talking points only on request: they are most of a list's bytes.
    expect(res.body.tasks[0].talkingPoints).toBeNull();
    const full = await t.http().get('/tasks/today?include=talkingPoints').set(manager.auth);
    expect(full.body.tasks[0].talkingPoints).toEqual({});
    expect((await t.http().get('/tasks/today?include=everything').set(manager.auth)).status).toBe(400);
  });

  it('filters by kind', async () => {
    const res = await t.http().get('/tasks/today?kind=card').set(manager.auth);
    expect(res.body.tasks.map((task: { id: string }) => task.id)).toEqual([ids.card]);
    const bad = await t.http().get('/tasks/today?kind=fax').set(manager.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('kind');
  });

  it("lets an admin read anyone's list; a manager gets 403 for another's", async () => {
    const res = await t.http().get(`/tasks/today?staffId=${manager.id}`).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.tasks).toHaveLength(5);
    expect((await t.http().get(`/tasks/today?staffId=${manager.id}`).set(other.auth)).status).toBe(403);
    expect((await t.http().get(`/tasks/today?staffId=${other.id}`).set(other.auth)).status).toBe(200);
    expect((await t.http().get('/tasks/today?staffId=00000000-0000-4000-8000-000000000000').set(admin.auth)).status).toBe(404);
    expect((await t.http().get('/tasks/today?staffId=nope').set(admin.auth)).status).toBe(400);
  });

  it('shows the pool to admins and managers', async () => {
    for (const who of [admin, other]) {
      const res = await t.http().get('/tasks/pool').set(who.auth);
      expect(res.status).toBe(200);
      expect(res.body.tasks.map((task: { id: string }) => task.id)).toContain(ids.pool);
      expect(res.body.tasks.every((task: { assignee: unknown }) => task.assignee === null)).toBe(true);
    }
  });

  it('needs a bearer token; the web cookie does not open the API', async () => {
    expect((await t.http().get('/tasks/today')).status).toBe(401);
    expect((await t.http().get('/tasks/today').set('Cookie', `tp_session=${manager.token}`)).status).toBe(401);
  });
});
