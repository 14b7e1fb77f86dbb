import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, createTask, createTouch } from '../factories';

describe('/metrics and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves Prometheus text without a token, with ledger gauges and HTTP latency', async () => {
    const admin = await createStaff(t.db, { role: 'admin' });
    await t.http().get('/me').set(admin.auth).expect(200);
    const customer = await createCustomer(t.db);
    const rule = await createRule(t.db, { action: { channel: 'email', templateKey: 'x', sendAt: '09:00' } });
    // Due an hour ago and still waiting: it shows in the backlog and its age.
    await createTouch(t.db, customer.id, rule.id, {
      templateKey: 'x',
      scheduledAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(),
      localDate: '2026-06-15',
    });

    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/touchpoint_touches\{channel="email",state="planned"\} \d+/);
    expect(res.text).toMatch(/^touchpoint_message_backlog [1-9]\d*$/m);
    expect(gauge(res.text, 'touchpoint_message_oldest_due_seconds')).toBeGreaterThanOrEqual(3600);
    expect(res.text).toMatch(/touchpoint_http_request_duration_seconds_count\{method="GET",route="\/me",status="200"\} \d+/);
    expect(res.text).toContain('touchpoint_planner_last_run_seconds');
  });

  it('keeps call and card tasks out of the message backlog, in a series of their own', async () => {
    const manager = await createStaff(t.db, { timeZone: 'America/New_York' });
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    const scrape = async () => (await t.http().get('/metrics').expect(200)).text;
    const before = await scrape();
    expect(before).toMatch(/^# HELP touchpoint_message_backlog .*email and SMS/im);
    expect(before).toMatch(/^# HELP touchpoint_task_backlog .*call and card/im);

    // Weeks overdue on a manager's list: the clock reads 2026-06-15T12:00Z.
    await createTask(t.db, customer.id, { assigneeStaffId: manager.id, dueDate: '2026-05-20', createdAt: '2026-05-20T13:00:00Z' });
    const after = await scrape();
    expect(gauge(after, 'touchpoint_message_backlog')).toBe(gauge(before, 'touchpoint_message_backlog'));
    expect(gauge(after, 'touchpoint_message_oldest_due_seconds')).toBe(gauge(before, 'touchpoint_message_oldest_due_seconds'));
    expect(gauge(after, 'touchpoint_task_backlog')).toBe(gauge(before, 'touchpoint_task_backlog') + 1);
    // Due since the start of 2026-05-20 in New York (04:00Z): 26 days and 8 hours before the clock.
    expect(gauge(after, 'touchpoint_task_oldest_due_seconds')).toBeGreaterThanOrEqual((26 * 24 + 8) * 3600);
    expect(after).not.toContain('touchpoint_due_backlog');
  });

  it('counts webhook requests refused for a bad signature', async () => {
    await t.http().post('/webhooks/twilio/inbound').type('form').send({ From: '+14155550123', Body: 'STOP' }).expect(403);
    await t
      .http()
      .post('/webhooks/sendgrid/events')
      .send([{ event: 'delivered' }])
      .expect(403);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toMatch(/^touchpoint_webhook_events_total\{provider="twilio",outcome="rejected"\} [1-9]/m);
    expect(res.text).toMatch(/^touchpoint_webhook_events_total\{provider="sendgrid",outcome="rejected"\} [1-9]/m);
  });

  it('answers with a request id, keeping a sane one the caller sent', async () => {
    const fresh = await t.http().get('/health').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http().get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const refused = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
  });
});

/** The value of an unlabelled gauge in Prometheus text. */
function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} is missing from /metrics`);
  return Number(match[1]);
}
