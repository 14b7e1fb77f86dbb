import { TestApp } from '../app';
import { createCustomer, createStaff, createTask } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';
import { webClient } from './web-client';

describe('the next-task flow and task actions on the web page', () => {
  let t: TestApp;
  let web: ReturnType<typeof webClient>;
  beforeAll(async () => {
    t = await createTasksApp();
    web = webClient(t);
  });
  afterAll(() => t.close());

  /** A manager with tasks of the given priorities (the list's order: highest first), signed in. */
  async function managerWith(tasks: { priority: number; kind?: 'call' | 'card' }[]) {
    const manager = await createStaff(t.db, { name: 'Emma Clarke' });
    const ids: string[] = [];
    for (const [n, spec] of tasks.entries()) {
      const customer = await createCustomer(t.db, { accountManagerId: manager.id, firstName: `Customer${n}`, lastName: 'Flow' });
      ids.push(
        (await createTask(t.db, customer.id, { assigneeStaffId: manager.id, priority: spec.priority, kind: spec.kind ?? 'call' })).id,
      );
    }
    return { manager, ids, cookie: await web.signIn(manager.token) };
  }

  const taskRow = async (id: string) =>
    (
      await t.db.query(
        `SELECT state, outcome, note, skip_reason, assignee_staff_id,
                (SELECT array_agg(kind ORDER BY id) FROM touch_events e WHERE e.detail->>'taskId' = $1::text) AS events
           FROM tasks WHERE id = $1::bigint`,
        [id],
      )
    )[0];

  it('starts at the first task and leads through the list in its order to "done for today"', async () => {
    const { manager, ids, cookie } = await managerWith([{ priority: 40 }, { priority: 90 }, { priority: 60 }]);
    const [low, high, middle] = ids;

    const list = await web.get('/app', cookie);
    expect(list.text).toContain(`href="/app/tasks/${high}"`);
    const first = await web.get(`/app/tasks/${high}`, cookie);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Task 1 of 3 on your list');
    expect(first.text).toContain('<input type="hidden" name="flow" value="next">');

    const completed = await web
      .post(`/app/tasks/${high}/complete`, cookie)
      .send({ outcome: 'reached', note: 'Loves the new range', flow: 'next', kind: '', return: `/app/tasks/${high}` });
    expect(completed.status).toBe(303);
    expect(completed.headers.location).toBe(`/app/tasks/${middle}?flash=completed`);
    const second = await web.get(completed.headers.location, cookie);
    expect(second.text).toContain('Task completed.');
    expect(second.text).toContain('Task 1 of 2 on your list');
    expect(await taskRow(high)).toMatchObject({ state: 'done', outcome: 'reached', note: 'Loves the new range' });

    const skipped = await web.post(`/app/tasks/${middle}/skip`, cookie).send({ reason: 'Called yesterday', flow: 'next', kind: '' });
    expect(skipped.headers.location).toBe(`/app/tasks/${low}?flash=skipped`);
    expect(await taskRow(middle)).toMatchObject({ state: 'skipped', skip_reason: 'Called yesterday' });

    const pooled = await web.post(`/app/tasks/${low}/pool`, cookie).send({ flow: 'next', kind: '' });
    expect(pooled.headers.location).toBe('/app?flash=done-for-today');
    expect(await taskRow(low)).toMatchObject({ state: 'open', assignee_staff_id: null, events: ['task_reassigned'] });
    const done = await web.get(pooled.headers.location, cookie);
    expect(done.text).toContain('Done for today: nothing left on your list.');
    expect(done.text).not.toContain('Start with the first task');

    // The pooled task is in the pool for anyone to claim, and no longer on her list.
    const pool = await t.http().get('/tasks/pool').set(manager.auth);
    expect(pool.body.tasks.map((task: { id: string }) => task.id)).toContain(low);
  });

  it('goes on from a task in the middle, back to one passed over at the end, and keeps to the kind filter', async () => {
    const { ids, cookie } = await managerWith([
      { priority: 90, kind: 'call' },
      { priority: 80, kind: 'card' },
      { priority: 70, kind: 'call' },
      { priority: 60, kind: 'call' },
    ]);
    const [call1, card, call2, call3] = ids;
    const calls = await web.get('/app?kind=call', cookie);
    // Handlebars writes "=" in an attribute as &#x3D;, which the browser reads back as "=".
    expect(calls.text).toContain(`href="/app/tasks/${call1}?kind&#x3D;call"`);
    const page = await web.get(`/app/tasks/${call2}?kind=call`, cookie);
    expect(page.text).toContain('Task 2 of 3 on your list');
    expect(page.text).toContain('<input type="hidden" name="kind" value="call">');

    const a = await web.post(`/app/tasks/${call2}/complete`, cookie).send({ outcome: 'no_answer', flow: 'next', kind: 'call' });
    expect(a.headers.location).toBe(`/app/tasks/${call3}?kind=call&flash=completed`);
    const b = await web.post(`/app/tasks/${call3}/snooze`, cookie).send({ until: '2026-06-20', flow: 'next', kind: 'call' });
    expect(b.headers.location).toBe(`/app/tasks/${call1}?kind=call&flash=snoozed`);
    const c = await web.post(`/app/tasks/${call1}/complete`, cookie).send({ outcome: 'reached', flow: 'next', kind: 'call' });
    expect(c.headers.location).toBe('/app?kind=call&flash=done-for-today');
    expect((await taskRow(card)).state).toBe('open');
  });

  it('stays on the task page for a note, and shows a mistake there without moving on or writing anything', async () => {
    const { ids, cookie } = await managerWith([{ priority: 90 }, { priority: 50 }]);
    const [first] = ids;
    const note = await web
      .post(`/app/tasks/${first}/note`, cookie)
      .send({ note: 'Ask about the wedding', flow: 'next', kind: '', return: `/app/tasks/${first}` });
    expect(note.headers.location).toBe(`/app/tasks/${first}?flash=noted`);

    const blank = await web
      .post(`/app/tasks/${first}/skip`, cookie)
      .send({ reason: ' ', flow: 'next', kind: '', return: `/app/tasks/${first}` });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('<strong>reason</strong>');
    expect(blank.text).toContain(`href="/app/tasks/${first}"`);
    const wrong = await web.post(`/app/tasks/${first}/complete`, cookie).send({ outcome: 'card_sent', flow: 'next', kind: '' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<strong>outcome</strong>');
    const long = await web.post(`/app/tasks/${first}/skip`, cookie).send({ reason: 'r'.repeat(501), flow: 'next', kind: '' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('<strong>reason</strong> must be at most 500 characters');
    expect(await taskRow(first)).toMatchObject({ state: 'open', skip_reason: null, events: ['note'] });
  });

  it('skips and hands to the pool from the list too, back to the list with a message', async () => {
    const { ids, cookie } = await managerWith([{ priority: 90 }, { priority: 50 }]);
    const skipped = await web.post(`/app/tasks/${ids[0]}/skip`, cookie).send({ reason: 'On holiday', return: '/app' });
    expect(skipped.headers.location).toBe('/app?flash=skipped');
    expect((await web.get(skipped.headers.location, cookie)).text).toContain('Task skipped.');
    const pooled = await web.post(`/app/tasks/${ids[1]}/pool`, cookie).send({ return: '/app' });
    expect(pooled.headers.location).toBe('/app?flash=pooled');
    expect((await web.get(pooled.headers.location, cookie)).text).toContain('Nothing left for today.');
    expect(await taskRow(ids[0])).toMatchObject({ state: 'skipped', skip_reason: 'On holiday' });
    expect(await taskRow(ids[1])).toMatchObject({ state: 'open', assignee_staff_id: null });
  });

  it("answers 404 for another manager's task on the page and for every action from it, changing nothing", async () => {
    const mine = await managerWith([{ priority: 50 }]);
    const theirs = await managerWith([{ priority: 50 }]);
    const [other] = theirs.ids;
    expect((await web.get(`/app/tasks/${other}`, mine.cookie)).status).toBe(404);
    for (const [action, body] of [
      ['complete', { outcome: 'reached', note: 'x' }],
      ['skip', { reason: 'x' }],
      ['pool', {}],
      ['snooze', { until: '2026-06-20' }],
      ['note', { note: 'x' }],
    ] as const) {
      const res = await web.post(`/app/tasks/${other}/${action}`, mine.cookie).send({ ...body, flow: 'next', kind: '' });
      expect([action, res.status]).toEqual([action, 404]);
    }
    expect(await taskRow(other)).toMatchObject({ state: 'open', assignee_staff_id: theirs.manager.id, events: null });
    expect((await web.get('/app/tasks/not-a-number', mine.cookie)).status).toBe(400);
  });

  it('offers only Claim on a pool task, refuses acting on it unclaimed, and refuses a form from another origin', async () => {
    const { manager, cookie } = await managerWith([]);
    const customer = await createCustomer(t.db);
    const pooled = await createTask(t.db, customer.id, { assigneeStaffId: null });
    const page = await web.get(`/app/tasks/${pooled.id}`, cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('This task is not on your list for today.');
    expect(page.text).toContain(`action="/app/tasks/${pooled.id}/claim"`);
    expect(page.text).not.toContain(`action="/app/tasks/${pooled.id}/skip"`);
    const skip = await web.post(`/app/tasks/${pooled.id}/skip`, cookie).send({ reason: 'x', flow: 'next', kind: '' });
    expect(skip.status).toBe(403);

    const claimed = await web
      .post(`/app/tasks/${pooled.id}/claim`, cookie)
      .send({ flow: 'next', kind: '', return: `/app/tasks/${pooled.id}` });
    expect(claimed.headers.location).toBe(`/app/tasks/${pooled.id}?flash=claimed`);
    expect((await taskRow(pooled.id)).assignee_staff_id).toBe(manager.id);

    const forged = await t
      .http()
      .post(`/app/tasks/${pooled.id}/pool`)
      .set('Host', 'touchpoint.test')
      .set('Origin', 'http://evil.example')
      .set('Cookie', cookie)
      .type('form')
      .send({});
    expect(forged.status).toBe(403);
    expect((await taskRow(pooled.id)).assignee_staff_id).toBe(manager.id);

    const closed = await web.post(`/app/tasks/${pooled.id}/complete`, cookie).send({ outcome: 'reached', flow: 'next', kind: '' });
    expect(closed.headers.location).toBe('/app?flash=done-for-today');
    const again = await web.post(`/app/tasks/${pooled.id}/pool`, cookie).send({ flow: 'next', kind: '' });
    expect(again.status).toBe(409);
    const view = await web.get(`/app/tasks/${pooled.id}`, cookie);
    expect(view.text).toContain('This task is closed: done.');
  });
});
