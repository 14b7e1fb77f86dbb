import { createTestApp, TestApp } from '../app';
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
    sessions.set(manager.token, await signIn(manager.token));
  });
  afterAll(() => t.close());

  const post = (path: string) => t.http().post(path).set('Host', HOST).set('Origin', ORIGIN).type('form');
  /** Signs in through the form; the cookie it sets, as a browser sends it back. */
  const signIn = async (token: string, app: TestApp = t): Promise<string> => {
    const res = await app.http().post('/app/sign-in').set('Host', HOST).set('Origin', ORIGIN).type('form').send({ token });
    expect(res.status).toBe(303);
    return String(res.headers['set-cookie'][0]).split(';')[0];
  };
  const sessions = new Map<string, string>();
  const cookie = (token: string) => sessions.get(token) ?? `tp_session=${token}`;

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
    const cross = await t
      .http()
      .post('/app/sign-in')
      .set('Host', HOST)
      .set('Origin', 'http://evil.example')
      .type('form')
      .send({ token: manager.token });
    expect(cross.status).toBe(403);
    expect(cross.headers['set-cookie']).toBeUndefined();
    const none = await t
      .http()
      .post(`/app/tasks/${task.id}/note`)
      .set('Host', HOST)
      .set('Cookie', cookie(manager.token))
      .type('form')
      .send({ note: 'x' });
    expect(none.status).toBe(403);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM touch_events WHERE kind = 'note' AND detail->>'taskId' = $1`, [
      task.id,
    ]);
    expect(count).toBe(0);
  });

  it('refuses a form over REQUEST_BODY_LIMIT (64 kB) with 413 naming that limit', async () => {
    const res = await post(`/app/tasks/${task.id}/note`)
      .set('Cookie', cookie(manager.token))
      .send({ note: 'x'.repeat(70_000) });
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

  it("adds a note through a form and shows it on the timeline page; 404 page for another manager's customer, as for an unknown one", async () => {
    const res = await post(`/app/tasks/${task.id}/note`)
      .set('Cookie', cookie(manager.token))
      .send({ note: 'Prefers <email>', return: '/app' });
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
    const res = await post(`/app/tasks/${task.id}/snooze`)
      .set('Cookie', cookie(manager.token))
      .send({ until: 'someday', return: 'https://evil.example/' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>until</strong>');
    const ok = await post(`/app/tasks/${task.id}/snooze`)
      .set('Cookie', cookie(manager.token))
      .send({ until: '2026-06-17', return: '//evil.example' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/app?flash=snoozed');
  });

  it('holds notes from the forms to the same length as the API, writing nothing when too long', async () => {
    const long = 'n'.repeat(4001);
    const note = await post(`/app/tasks/${task.id}/note`).set('Cookie', cookie(manager.token)).send({ note: long });
    expect(note.status).toBe(400);
    expect(note.text).toContain('<strong>note</strong>');
    const complete = await post(`/app/tasks/${task.id}/complete`)
      .set('Cookie', cookie(manager.token))
      .send({ outcome: 'reached', note: long });
    expect(complete.status).toBe(400);
    expect(complete.text).toContain('<strong>note</strong>');
    const [{ state }] = await t.db.query('SELECT state FROM tasks WHERE id = $1', [task.id]);
    expect(state).toBe('open');
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM touch_events WHERE detail->>'taskId' = $1 AND length(coalesce(detail->>'text', detail->>'note', '')) > 4000`,
      [task.id],
    );
    expect(count).toBe(0);
  });

  it('sends pages that need a session back to sign-in', async () => {
    const res = await t.http().get('/app/pool');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app');
    const expired = await t.http().get('/app').set('Cookie', cookie('tp_revoked_or_unknown_token'));
    expect(expired.text).toContain('Personal token');
  });

  describe('server-side sessions', () => {
    it('keeps only a random session id in the cookie: the token itself is not a session', async () => {
      const session = await signIn(manager.token);
      expect(session).not.toContain(manager.token);
      expect(session).toMatch(/^tp_session=[A-Za-z0-9_-]{43}$/);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM web_sessions WHERE id_hash = $1`, [session.split('=')[1]]);
      expect(count).toBe(0);
      const withToken = await t.http().get('/app').set('Cookie', `tp_session=${manager.token}`);
      expect(withToken.text).toContain('Personal token');
      // Nor does a session id work as a bearer token on the API.
      expect(
        (
          await t
            .http()
            .get('/tasks/today')
            .set('Authorization', `Bearer ${session.split('=')[1]}`)
        ).status,
      ).toBe(401);
    });

    it('ends the session on the server at sign-out: the old cookie signs nobody in', async () => {
      const session = await signIn(manager.token);
      expect((await t.http().get('/app').set('Cookie', session)).text).toContain('Sign out');
      const out = await post('/app/sign-out').set('Cookie', session);
      expect(out.status).toBe(303);
      expect(out.headers['set-cookie'][0]).toContain('Max-Age=0');
      const replayed = await t.http().get('/app').set('Cookie', session);
      expect(replayed.text).toContain('Personal token');
      expect((await post(`/app/tasks/${task.id}/note`).set('Cookie', session).send({ note: 'after sign-out' })).status).toBe(303);
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM touch_events WHERE detail->>'taskId' = $1 AND detail::text LIKE '%after sign-out%'`,
        [task.id],
      );
      expect(count).toBe(0);
    });

    it('expires after the idle limit and after the absolute limit, and with its token', async () => {
      const idle = await signIn(manager.token);
      t.clock.set(new Date(t.clock.now().getTime() + 121 * 60_000));
      expect((await t.http().get('/app').set('Cookie', idle)).text).toContain('Personal token');

      const busy = await signIn(manager.token);
      for (let i = 0; i < 13; i++) {
        t.clock.set(new Date(t.clock.now().getTime() + 59 * 60_000));
        await t.http().get('/app').set('Cookie', busy);
      }
      expect((await t.http().get('/app').set('Cookie', busy)).text).toContain('Personal token');

      const staff = await createStaff(t.db);
      const session = await signIn(staff.token);
      expect((await t.http().get('/app').set('Cookie', session)).text).toContain('Sign out');
      await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE staff_id = $1`, [staff.id]);
      expect((await t.http().get('/app').set('Cookie', session)).text).toContain('Personal token');

      // Ended sessions do not pile up: signing in again clears the person's expired and signed-out ones.
      await signIn(manager.token);
      const rows: { ended: boolean }[] = await t.db.query(
        `SELECT (revoked_at IS NOT NULL OR expires_at <= $2) AS ended FROM web_sessions WHERE staff_id = $1`,
        [manager.id, t.clock.now()],
      );
      expect(rows.filter((row) => row.ended)).toEqual([]);
    });

    it('sets Secure behind a TLS-terminating proxy only when TRUST_PROXY trusts it', async () => {
      const viaProxy = (app: TestApp) =>
        app
          .http()
          .post('/app/sign-in')
          .set('Host', HOST)
          .set('Origin', ORIGIN)
          .set('X-Forwarded-Proto', 'https')
          .type('form')
          .send({ token: manager.token });
      const untrusted = await viaProxy(t);
      expect(untrusted.headers['set-cookie'][0]).not.toContain('Secure');
      const behind = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
      try {
        const trusted = await viaProxy(behind);
        expect(trusted.status).toBe(303);
        expect(trusted.headers['set-cookie'][0]).toContain('Secure');
      } finally {
        await behind.close();
      }
    });

    it('answers 429 with Retry-After after too many failed sign-ins from one address', async () => {
      const app = await createTestApp({ env: { AUTH_FAILURES_PER_ADDRESS: '5' } });
      try {
        const attempt = (token: string) =>
          app.http().post('/app/sign-in').set('Host', HOST).set('Origin', ORIGIN).type('form').send({ token });
        for (let i = 0; i < 5; i++) {
          const res = await attempt(`tp_wrong_${i}_${'x'.repeat(30)}`);
          expect([401, 429]).toContain(res.status);
        }
        const blocked = await attempt(manager.token);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect(blocked.headers['set-cookie']).toBeUndefined();
      } finally {
        await app.close();
      }
    });
  });
});
