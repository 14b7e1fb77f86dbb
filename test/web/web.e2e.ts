import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';

const HOST = 'touchpoint.test';
const ORIGIN = `http://${HOST}`;

describe('web pages at /app', () => {
  let t: TestApp;
  let manager: StaffFixture;
  let other: StaffFixture;
  let customer: { id: string; externalId: string };
  let otherCustomer: { id: string; externalId: string };
  let task: { id: string };
  beforeAll(async () => {
    t = await createTasksApp();
    manager = await createStaff(t.db, { name: 'Emma <b>Clarke</b>' });
    other = await createStaff(t.db);
    customer = await createCustomer(t.db, { accountManagerId: manager.id, firstName: '<script>alert(1)</script>', lastName: 'Smith' });
    otherCustomer = await createCustomer(t.db, { accountManagerId: other.id });
    task = await createTask(t.db, customer.id, { assigneeStaffId: manager.id });
  });
  afterAll(() => t.close());

  const cookie = (token: string) => `tp_session=${token}`;
  const post = (path: string) => t.http().post(path).set('Host', HOST).set('Origin', ORIGIN).type('form');

  it('shows the sign-in form, then sets an HttpOnly SameSite=Strict cookie for /app', async () => {
    const page = await t.http().get('/app');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="token">Personal token</label>');

    const bad = await post('/app/sign-in').send({ token: 'tp_not_a_real_token_at_all' });
    expect(bad.status).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();

    const res = await post('/app/sign-in').send({ token: manager.token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app');
    const set = res.headers['set-cookie'][0];
    expect(set).toMatch(/^tp_session=/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/app');
  });

  it('refuses a form POST from another origin or with no origin at all', async () => {
    const cross = await t.http().post('/app/sign-in').set('Host', HOST).set('Origin', 'http://evil.example').type('form').send({ token: manager.token });
    expect(cross.status).toBe(403);
    expect(cross.headers['set-cookie']).toBeUndefined();
    const none = await t.http().post(`/app/tasks/${task.id}/note`).set('Host', HOST).set('Cookie', cookie(manager.token)).type('form').send({ note: 'x' });
    expect(none.status).toBe(403);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM touch_events WHERE kind = 'note' AND detail->>'taskId' = $1`, [task.id]);
    expect(count).toBe(0);
  });

  it('refuses a form over REQUEST_BODY_LIMIT (64 kB) with 413 naming that limit', async () => {
    const res = await post(`/app/tasks/${task.id}/note`).set('Cookie', cookie(manager.token)).send({ note: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, errors: [{ field: 'body', reason: 'exceeds the limit of 65536 bytes' }] });
  });

  it('lists today with labelled controls and escapes every value', async () => {
    const res = await t.http().get('/app').set('Cookie', cookie(manager.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Smith');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('Emma &lt;b&gt;Clarke&lt;/b&gt;');
    expect(res.text).toContain(`<label for="outcome-${task.id}">Outcome</label>`);
    expect(res.text).toContain(`<label for="note-${task.id}">Note</label>`);
    expect(res.text).toContain(`<label for="until-${task.id}">Snooze until</label>`);
    expect(res.text).toContain(`action="/app/tasks/${task.id}/complete"`);
  });

  it('adds a note through a form and shows it on the timeline page; 404 page for another manager\'s customer, as for an unknown one', async () => {
    const res = await post(`/app/tasks/${task.id}/note`).set('Cookie', cookie(manager.token)).send({ note: 'Prefers <email>', return: '/app' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app?flash=noted');
    const timeline = await t.http().get(`/app/customers/${customer.externalId}`).set('Cookie', cookie(manager.token));
    expect(timeline.status).toBe(200);
    expect(timeline.text).toContain('Prefers &lt;email&gt;');
    const hidden = await t.http().get(`/app/customers/${otherCustomer.externalId}`).set('Cookie', cookie(manager.token));
    expect(hidden.status).toBe(404);
    const unknown = await t.http().get('/app/customers/no-such-customer').set('Cookie', cookie(manager.token));
    expect(unknown.status).toBe(404);
    const otherTask = await createTask(t.db, otherCustomer.id, { assigneeStaffId: other.id });
    expect((await post(`/app/tasks/${otherTask.id}/note`).set('Cookie', cookie(manager.token)).send({ note: 'x' })).status).toBe(404);
    expect((await post('/app/tasks/999999999/note').set('Cookie', cookie(manager.token)).send({ note: 'x' })).status).toBe(404);
  });

  it('answers a bad action with an error page naming the field, and never redirects off-site', async () => {
    const res = await post(`/app/tasks/${task.id}/snooze`).set('Cookie', cookie(manager.token)).send({ until: 'someday', return: 'https://evil.example/' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>until</strong>');
    const ok = await post(`/app/tasks/${task.id}/snooze`).set('Cookie', cookie(manager.token)).send({ until: '2026-06-17', return: '//evil.example' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/app?flash=snoozed');
  });

  it('holds notes from the forms to the same length as the API, writing nothing when too long', async () => {
    const long = 'n'.repeat(4001);
    const note = await post(`/app/tasks/${task.id}/note`).set('Cookie', cookie(manager.token)).send({ note: long });
    expect(note.status).toBe(400);
    expect(note.text).toContain('<strong>note</strong>');
    const complete = await post(`/app/tasks/${task.id}/complete`).set('Cookie', cookie(manager.token)).send({ outcome: 'reached', note: long });
    expect(complete.status).toBe(400);
    expect(complete.text).toContain('<strong>note</strong>');
    const [{ state }] = await t.db.query('SELECT state FROM tasks WHERE id = $1', [task.id]);
    expect(state).toBe('open');
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM touch_events WHERE detail->>'taskId' = $1 AND length(coalesce(detail->>'text', detail->>'note', '')) > 4000`, [task.id]);
    expect(count).toBe(0);
  });

  it('sends pages that need a session back to sign-in', async () => {
    const res = await t.http().get('/app/pool');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app');
    const expired = await t.http().get('/app').set('Cookie', cookie('tp_revoked_or_unknown_token'));
    expect(expired.text).toContain('Personal token');
  });
});
