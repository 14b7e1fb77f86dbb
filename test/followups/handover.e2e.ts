import { AdvisoryLock, lockForTransaction, tryLock } from '../../src/database/advisory-locks';
import { HandoverService } from '../../src/tasks/handover.service';
import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';
import { webClient } from '../web/web-client';

// 2026-06-15 is a Monday; the app's clock starts at 12:00 UTC that day.
describe('handover while a manager is away or inactive', () => {
  let t: TestApp;
  let admin: StaffFixture;
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-06-15T12:00:00Z'));

  async function team() {
    const bob = await createStaff(t.db, { name: 'Bob Backup' });
    const emma = await createStaff(t.db, { name: 'Emma Clarke', backupStaffId: bob.id });
    const customer = await createCustomer(t.db, { accountManagerId: emma.id });
    const task = (dueDate: string) => createTask(t.db, customer.id, { assigneeStaffId: emma.id, dueDate });
    return { bob, emma, customer, task };
  }

  const holders = async (ids: string[]) =>
    Object.fromEntries(
      (await t.db.query(`SELECT id::text, assignee_staff_id, handed_over_from FROM tasks WHERE id = ANY($1::bigint[])`, [ids])).map(
        (r: { id: string; assignee_staff_id: string | null; handed_over_from: string | null }) => [
          r.id,
          [r.assignee_staff_id, r.handed_over_from],
        ],
      ),
    );
  const patch = (id: string, body: Record<string, unknown>) => t.http().patch(`/staff/${id}`).set(admin.auth).send(body);

  it('an absence entered today hands over what falls due in it, and the untouched tasks come back when it ends', async () => {
    const { bob, emma, customer, task } = await team();
    const overdue = await task('2026-06-10');
    const today = await task('2026-06-15');
    const wednesday = await task('2026-06-17');
    const after = await task('2026-06-25');

    expect((await patch(emma.id, { awayFrom: '2026-06-15', awayUntil: '2026-06-19' })).status).toBe(200);
    expect(await holders([overdue.id, today.id, wednesday.id, after.id])).toEqual({
      [overdue.id]: [bob.id, emma.id],
      [today.id]: [bob.id, emma.id],
      [wednesday.id]: [bob.id, emma.id],
      [after.id]: [emma.id, null],
    });
    const view = await t.http().get(`/tasks/${today.id}`).set(bob.auth);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      assignee: { id: bob.id, name: 'Bob Backup' },
      handedOverFrom: { id: emma.id, name: 'Emma Clarke' },
      handedOverAt: '2026-06-15T12:00:00.000Z',
    });
    const timeline = await t.http().get(`/customers/${customer.externalId}/timeline`).set(bob.auth);
    expect(timeline.status).toBe(200);
    const handedOver = timeline.body.entries.filter((e: { kind: string }) => e.kind === 'task_handed_over');
    expect(handedOver).toHaveLength(3);
    expect(handedOver[0]).toMatchObject({
      actor: admin.name,
      detail: { from: emma.id, to: bob.id, owner: emma.id, reason: 'away', fromName: 'Emma Clarke', toName: 'Bob Backup' },
    });

    // On Bob's own page the task says whose it was, and the customer's timeline says it moved.
    const cookie = await webClient(t).signIn(bob.token);
    const page = await t.http().get('/app').set('Host', 'touchpoint.test').set('Cookie', cookie).expect(200);
    expect(page.text.match(/<p class="meta handed-over">Handed over from Emma Clarke<\/p>/g)).toHaveLength(2);
    const timelinePage = await t.http().get(`/app/customers/${customer.externalId}`).set('Host', 'touchpoint.test').set('Cookie', cookie);
    expect(timelinePage.status).toBe(200);
    expect(timelinePage.text).toContain('Handed over');

    // Bob starts on one: it stays his.
    expect((await t.http().post(`/tasks/${wednesday.id}/notes`).set(bob.auth).send({ note: 'Left a message with the shop' })).status).toBe(
      200,
    );
    // Nothing changes while she is away, however often the sweep runs.
    expect((await t.http().post('/tasks/handover').set(admin.auth)).body).toEqual({ handedOver: 0, handedBack: 0 });

    // The next Monday she is back: the sweep hands back what Bob has not started on.
    t.clock.set('2026-06-22T07:00:00Z');
    expect((await t.http().post('/tasks/handover').set(admin.auth)).body).toEqual({ handedOver: 0, handedBack: 2 });
    expect(await holders([overdue.id, today.id, wednesday.id, after.id])).toEqual({
      [overdue.id]: [emma.id, null],
      [today.id]: [emma.id, null],
      [wednesday.id]: [bob.id, emma.id],
      [after.id]: [emma.id, null],
    });
    const [back] = await t.db.query(`SELECT kind, actor_staff_id, detail FROM touch_events WHERE touch_id = $1 ORDER BY id DESC LIMIT 1`, [
      today.touchId,
    ]);
    expect(back).toMatchObject({
      kind: 'task_handed_back',
      actor_staff_id: admin.id,
      detail: { from: bob.id, to: emma.id, reason: 'back' },
    });
    expect((await t.http().post('/tasks/handover').set(admin.auth)).body).toEqual({ handedOver: 0, handedBack: 0 });
  });

  it('a staff change and sweeps at the same moment move each task once', async () => {
    const { bob, emma, task } = await team();
    const tasks = await Promise.all(['2026-06-15', '2026-06-16', '2026-06-17'].map((day) => task(day)));
    const answers = await Promise.all([
      t.http().post('/tasks/handover').set(admin.auth),
      patch(emma.id, { awayFrom: '2026-06-15', awayUntil: '2026-06-17' }),
      t.http().post('/tasks/handover').set(admin.auth),
      t.http().post('/tasks/handover').set(admin.auth),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const ids = tasks.map((x) => x.id);
    expect(Object.values(await holders(ids))).toEqual(ids.map(() => [bob.id, emma.id]));
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM touch_events WHERE kind = 'task_handed_over' AND touch_id = ANY($1::bigint[])`,
      [tasks.map((x) => x.touchId)],
    );
    expect(n).toBe(3);
  });

  it('removing or shortening the absence hands back at once', async () => {
    const { bob, emma, task } = await team();
    const monday = await task('2026-06-15');
    const thursday = await task('2026-06-18');
    await patch(emma.id, { awayFrom: '2026-06-15', awayUntil: '2026-06-19' }).expect(200);
    expect(await holders([monday.id, thursday.id])).toEqual({ [monday.id]: [bob.id, emma.id], [thursday.id]: [bob.id, emma.id] });
    await patch(emma.id, { awayUntil: '2026-06-16' }).expect(200);
    expect(await holders([monday.id, thursday.id])).toEqual({ [monday.id]: [bob.id, emma.id], [thursday.id]: [emma.id, null] });
    await patch(emma.id, { awayFrom: null, awayUntil: null }).expect(200);
    expect(await holders([monday.id, thursday.id])).toEqual({ [monday.id]: [emma.id, null], [thursday.id]: [emma.id, null] });
  });

  it('a future absence hands over the tasks due in it at once, and the rest when it starts', async () => {
    const { bob, emma, task } = await team();
    const before = await task('2026-06-18');
    const inside = await task('2026-06-23');
    await patch(emma.id, { awayFrom: '2026-06-22', awayUntil: '2026-06-26' }).expect(200);
    expect(await holders([before.id, inside.id])).toEqual({ [before.id]: [emma.id, null], [inside.id]: [bob.id, emma.id] });
    // She did not get to the Thursday call; on the Monday her absence starts it is due, so it moves.
    t.clock.set('2026-06-22T06:00:00Z');
    expect((await t.http().post('/tasks/handover').set(admin.auth)).body).toMatchObject({ handedOver: 1 });
    expect(await holders([before.id])).toEqual({ [before.id]: [bob.id, emma.id] });
  });

  it('the backup away too, or no backup: the pool; a pool task claimed stays with whoever claimed it', async () => {
    const { bob, emma, task } = await team();
    const open = await task('2026-06-15');
    await patch(bob.id, { awayFrom: '2026-06-01', awayUntil: '2026-06-30' }).expect(200);
    await patch(emma.id, { awayFrom: '2026-06-15', awayUntil: '2026-06-16' }).expect(200);
    expect(await holders([open.id])).toEqual({ [open.id]: [null, emma.id] });
    const pool = await t.http().get('/tasks/pool').set(admin.auth);
    expect(pool.body.tasks.find((x: { id: string }) => x.id === open.id)).toMatchObject({ handedOverFrom: { id: emma.id } });
    const carol = await createStaff(t.db, { name: 'Carol' });
    expect((await t.http().post(`/tasks/${open.id}/claim`).set(carol.auth)).status).toBe(200);
    await patch(emma.id, { awayFrom: null, awayUntil: null }).expect(200);
    expect(await holders([open.id])).toEqual({ [open.id]: [carol.id, emma.id] });
  });

  it('a manager made inactive hands every open task over, whatever its day, and done tasks stay', async () => {
    const { bob, emma, task, customer } = await team();
    const soon = await task('2026-06-15');
    const later = await task('2026-09-01');
    const done = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, state: 'done' });
    await patch(emma.id, { active: false }).expect(200);
    expect(await holders([soon.id, later.id, done.id])).toEqual({
      [soon.id]: [bob.id, emma.id],
      [later.id]: [bob.id, emma.id],
      [done.id]: [emma.id, null],
    });
    const [event] = await t.db.query(`SELECT kind, detail FROM touch_events WHERE touch_id = $1`, [later.touchId]);
    expect(event).toMatchObject({ kind: 'task_handed_over', detail: { reason: 'inactive' } });
    // Active again: the untouched tasks come back.
    await patch(emma.id, { active: true }).expect(200);
    expect(await holders([soon.id, later.id])).toEqual({ [soon.id]: [emma.id, null], [later.id]: [emma.id, null] });
  });

  it("the workers' sweep runs under the handover lock, and skips while a staff change holds it", async () => {
    const { bob, emma, task } = await team();
    const open = await task('2026-06-15');
    await t.db.query('UPDATE staff SET away_from = $2, away_until = $3 WHERE id = $1', [emma.id, '2026-06-15', '2026-06-15']);
    const handover = t.app.get(HandoverService);

    // A staff change's transaction holds the lock: the sweep finds it taken and does nothing.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const change = t.db.transaction(async (m) => {
      await lockForTransaction(m, AdvisoryLock.Handover);
      locked();
      await held;
    });
    await isLocked;
    const skipped = await tryLock(t.db, AdvisoryLock.Handover, (q) => handover.runHolding(q, t.clock.now()));
    expect(skipped.acquired).toBe(false);
    release();
    await change;

    const ran = await tryLock(t.db, AdvisoryLock.Handover, (q) => handover.runHolding(q, t.clock.now()));
    // The sweep is everyone's: other tests' staff are on this database too.
    expect(ran.acquired && ran.value.handedOver).toBeGreaterThanOrEqual(1);
    expect(await holders([open.id])).toEqual({ [open.id]: [bob.id, emma.id] });
  });

  it('a bad absence is refused naming the field, and nothing moves', async () => {
    const { emma, task } = await team();
    const open = await task('2026-06-15');
    const res = await patch(emma.id, { awayFrom: '2026-06-15', awayUntil: '2026-06-10' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'awayUntil', reason: 'must not be before awayFrom' }]);
    const notADate = await patch(emma.id, { awayFrom: 'next week' });
    expect(notADate.status).toBe(400);
    expect(notADate.body.errors[0].field).toBe('awayFrom');
    expect(await holders([open.id])).toEqual({ [open.id]: [emma.id, null] });
    expect((await t.http().post('/tasks/handover').set(emma.auth)).status).toBe(403);
  });
});
