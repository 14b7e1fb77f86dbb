import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';
import { createTemplates, DISPATCH_NOW, dueTouch, enabledRule, providerEnv, SIGNING_SECRET, waitForStates } from '../delivery/helpers';
import { ProviderStub, startProviderStub } from '../stubs/provider-stub';
import { PromoterService } from '../../src/delivery/promoter.service';
import { replyAddress } from '../../src/replies/reply-address';
import { ReplyForwardsScheduler } from '../../src/replies/reply-forwards.scheduler';
import { replyTasksOf, sentTouch } from './helpers';

const REPLY_DOMAIN = 'reply.touchpoint.test';
const SECRET = 'inbound-parse-secret-for-tests-0123';

let messageCounter = 0;

interface InboundOptions {
  to: string;
  text?: string;
  html?: string;
  subject?: string;
  from?: string;
  messageId?: string | null;
  extraHeaders?: string[];
  envelopeFrom?: string | null;
  attachments?: { name: string; content: Buffer }[];
}

/** The fields SendGrid's Inbound Parse posts (parsed mode), with the header block a mail client would have sent. */
function inboundFields(options: InboundOptions): Record<string, string> {
  const from = options.from ?? 'Ada Lovelace <ada@example.com>';
  const messageId = options.messageId === undefined ? `<reply-${++messageCounter}-${Date.now()}@mail.example.com>` : options.messageId;
  const subject = options.subject ?? 'Re: Hello Ada';
  const headers = [
    'Received: from mail.example.com by mx.sendgrid.net with SMTP id abc;',
    '\tMon, 15 Jun 2026 12:00:00 +0000 (UTC)',
    `From: ${from}`,
    `To: ${options.to}`,
    `Subject: ${subject}`,
    'Date: Mon, 15 Jun 2026 12:00:00 +0000',
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    ...(options.extraHeaders ?? []),
    'Content-Type: multipart/alternative; boundary="000000000000abc"',
    '',
  ].join('\n');
  return {
    headers,
    dkim: '{@example.com : pass}',
    'content-ids': '{}',
    to: options.to,
    from,
    sender_ip: '203.0.113.5',
    spam_report: 'Spam detection software, running on the system "mx.sendgrid.net", has NOT identified this incoming email as spam.',
    envelope: JSON.stringify({ to: [options.to], from: options.envelopeFrom === undefined ? 'ada@example.com' : options.envelopeFrom }),
    attachments: String(options.attachments?.length ?? 0),
    subject,
    spam_score: '0.1',
    charsets: JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8', html: 'UTF-8' }),
    SPF: 'pass',
    ...(options.text !== undefined
      ? { text: options.text }
      : { text: 'Thank you so much, Emma!\n\nOn Mon, Emma Clarke wrote:\n> Hello Ada' }),
    ...(options.html !== undefined ? { html: options.html } : {}),
  };
}

describe('email replies through SendGrid Inbound Parse', () => {
  let stub: ProviderStub;
  let t: TestApp;
  let db: DataSource;
  let emma: StaffFixture;

  beforeAll(async () => {
    stub = await startProviderStub({ keepBodies: true });
    t = await createTestApp({
      now: '2026-06-15T12:00:00Z',
      // The dispatch interval switches the worker on (the closing-the-loop test sends an email); its ticks are driven here.
      env: providerEnv(stub, { REPLY_DOMAIN, INBOUND_PARSE_SECRET: SECRET }),
    });
    db = t.db;
    emma = await createStaff(db, { name: 'Emma Clarke' });
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });
  beforeEach(() => stub.clearFaults());

  function post(fields: Record<string, string>, options: { auth?: string | null; attachments?: { name: string; content: Buffer }[] } = {}) {
    let request = t.http().post('/webhooks/sendgrid/inbound');
    if (options.auth !== null) request = request.auth('inbound', options.auth ?? SECRET);
    for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
    options.attachments?.forEach((file, i) => (request = request.attach(`attachment${i + 1}`, file.content, file.name)));
    return request;
  }

  const inbound = (options: InboundOptions) => post(inboundFields(options), { attachments: options.attachments });
  const addressOf = (touchId: string) => replyAddress(touchId, REPLY_DOMAIN, SIGNING_SECRET);
  const forwardsTo = (email: string) => stub.accepted('sendgrid').filter((r) => r.to === email);

  async function written(customerId: string) {
    const [row] = await db.query(
      `SELECT (SELECT count(*)::int FROM touch_events WHERE customer_id = $1) AS events,
              (SELECT count(*)::int FROM tasks WHERE customer_id = $1) AS tasks,
              (SELECT count(*)::int FROM reply_forwards WHERE customer_id = $1) AS forwards,
              (SELECT count(*)::int FROM inbound_messages WHERE provider = 'sendgrid-inbound') AS claimed`,
      [customerId],
    );
    return row as { events: number; tasks: number; forwards: number; claimed: number };
  }

  async function emmasCustomer(overrides: { accountManagerId?: string | null } = {}) {
    const customer = await createCustomer(db, { accountManagerId: emma.id, ...overrides });
    const touch = await sentTouch(db, customer.id);
    return { customer, touch };
  }

  it("records a signed reply on the timeline, opens the manager's reply task and forwards it to the manager's inbox", async () => {
    const { customer, touch } = await emmasCustomer();
    const photo = { name: 'photo.jpg', content: Buffer.alloc(200_000, 7) };
    const res = await inbound({ to: `"Emma Clarke" <${addressOf(touch.id)}>`, attachments: [photo] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outcome: 'task_opened', taskId: expect.any(String) });

    const events = await db.query(`SELECT kind, touch_id::text, detail FROM touch_events WHERE customer_id = $1 AND kind = 'reply'`, [
      customer.id,
    ]);
    expect(events).toEqual([
      {
        kind: 'reply',
        touch_id: touch.id,
        detail: { channel: 'email', subject: 'Re: Hello Ada', body: 'Thank you so much, Emma!', attachments: 1 },
      },
    ]);
    const [task] = await replyTasksOf(db, customer.id);
    expect(task).toMatchObject({
      id: res.body.taskId,
      touch_id: touch.id,
      assignee_staff_id: emma.id,
      state: 'open',
      due_date: '2026-06-15',
    });
    expect(task.talking_points.reply.messages).toEqual([
      { source: 'email', text: 'Thank you so much, Emma!', subject: 'Re: Hello Ada', receivedAt: '2026-06-15T12:00:00.000Z' },
    ]);

    const [forward] = forwardsTo(emma.email);
    expect(forward.body).toMatchObject({
      subject: 'Reply from Ada Lovelace: Re: Hello Ada',
      reply_to: { email: `${customer.externalId}@example.com`, name: 'Ada Lovelace' },
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    expect(forward.body!.custom_args).toBeUndefined();
    const text = forward.body!.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    expect(text).toContain('Ada Lovelace replied to "Happy birthday, Ada":\n\nThank you so much, Emma!');
    expect(text).toContain('(1 attachment(s) were not kept.)');
    const [row] = await db.query(`SELECT state, attempts, task_id::text FROM reply_forwards WHERE customer_id = $1`, [customer.id]);
    expect(row).toEqual({ state: 'sent', attempts: 1, task_id: task.id });
    // The answered touch stays as it ended; a forward's events must not find it.
    expect((await db.query(`SELECT state FROM touches WHERE id = $1`, [touch.id]))[0].state).toBe('delivered');
  });

  it('a redelivered post writes nothing twice; another reply joins the open task', async () => {
    const { customer, touch } = await emmasCustomer();
    const fields = inboundFields({ to: addressOf(touch.id), messageId: '<same-message@mail.example.com>' });
    expect((await post(fields)).body.outcome).toBe('task_opened');
    const before = await written(customer.id);
    const sentBefore = forwardsTo(emma.email).length;
    const again = await post(fields);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ outcome: 'duplicate', taskId: null });
    expect(await written(customer.id)).toEqual(before);
    expect(forwardsTo(emma.email)).toHaveLength(sentBefore);

    // No Message-ID: the same message is known by its hash.
    const bare = inboundFields({ to: addressOf(touch.id), messageId: null, text: 'And one more thing' });
    expect((await post(bare)).body.outcome).toBe('task_appended');
    expect((await post(bare)).body.outcome).toBe('duplicate');
    const tasks = await replyTasksOf(db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messages.map((m) => m.text)).toEqual(['Thank you so much, Emma!', 'And one more thing']);
  });

  it('two replies posted at the same moment make one task', async () => {
    const { customer, touch } = await emmasCustomer();
    const [a, b] = await Promise.all([
      inbound({ to: addressOf(touch.id), text: 'one' }),
      inbound({ to: addressOf(touch.id), text: 'two' }),
    ]);
    expect([a.body.outcome, b.body.outcome].sort()).toEqual(['task_appended', 'task_opened']);
    expect(a.body.taskId).toBe(b.body.taskId);
    const tasks = await replyTasksOf(db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messageCount).toBe(2);
  });

  it('goes to the backup when the manager is away, and to the pool (without a forward) when both are', async () => {
    const backup = await createStaff(db, { name: 'Bao Backup' });
    const away = await createStaff(db, { awayFrom: '2026-06-01', awayUntil: '2026-06-30', backupStaffId: backup.id });
    const toBackup = await emmasCustomer({ accountManagerId: away.id });
    await inbound({ to: addressOf(toBackup.touch.id) }).expect(200);
    expect((await replyTasksOf(db, toBackup.customer.id))[0].assignee_staff_id).toBe(backup.id);
    expect(forwardsTo(backup.email)).toHaveLength(1);
    expect(forwardsTo(away.email)).toHaveLength(0);

    const noManager = await emmasCustomer({ accountManagerId: null });
    await inbound({ to: addressOf(noManager.touch.id) }).expect(200);
    expect((await replyTasksOf(db, noManager.customer.id))[0].assignee_staff_id).toBeNull();
    expect((await written(noManager.customer.id)).forwards).toBe(0);
  });

  it('refuses forged, unsigned and unauthenticated posts with nothing written', async () => {
    const { customer, touch } = await emmasCustomer();
    const before = await written(customer.id);
    const valid = addressOf(touch.id);
    const otherTouch = valid.replace(`+${touch.id}.`, `+${Number(touch.id) + 1}.`);
    const badSignature = valid.replace(/\.([0-9a-f])/, (_, c: string) => `.${c === '0' ? '1' : '0'}`);
    for (const to of [otherTouch, badSignature, `reply+${touch.id}@${REPLY_DOMAIN}`, 'emma@example.com']) {
      const res = await inbound({ to });
      expect(res.status).toBe(403);
      expect(res.body.statusCode).toBe(403);
    }
    const fields = inboundFields({ to: valid });
    const noAuth = await post(fields, { auth: null });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers['www-authenticate']).toBe('Basic realm="inbound-parse"');
    expect((await post(fields, { auth: 'wrong-secret' })).status).toBe(401);
    expect((await post(fields, { auth: `${SECRET}x` })).status).toBe(401);
    expect(await written(customer.id)).toEqual(before);
  });

  it('refuses everything while INBOUND_PARSE_SECRET is unset', async () => {
    const bare = await createTestApp({ env: { REPLY_DOMAIN: 'reply.example.com', INBOUND_PARSE_SECRET: '' } }).catch(
      (error: Error) => error,
    );
    // REPLY_DOMAIN without a secret is refused at start: replies would be lost.
    expect(bare).toBeInstanceOf(Error);
    expect((bare as Error).message).toContain('INBOUND_PARSE_SECRET');
    const unset = await createTestApp();
    try {
      const res = await unset.http().post('/webhooks/sendgrid/inbound').auth('inbound', SECRET).field('to', 'x@y.z');
      expect(res.status).toBe(401);
      expect(res.body.message).toContain('INBOUND_PARSE_SECRET is not configured');
    } finally {
      await unset.close();
    }
  });

  it('records auto-replies and bounces on the timeline as such, with no task and no forward', async () => {
    const { customer, touch } = await emmasCustomer();
    const cases: InboundOptions[] = [
      { to: addressOf(touch.id), subject: 'Automatic reply: Hello Ada', text: 'I am out until Monday.' },
      { to: addressOf(touch.id), extraHeaders: ['Auto-Submitted: auto-replied'], text: 'Away' },
      { to: addressOf(touch.id), extraHeaders: ['Precedence: bulk'], text: 'Newsletter' },
      { to: addressOf(touch.id), from: 'Mail Delivery Subsystem <MAILER-DAEMON@example.com>', envelopeFrom: null, text: 'Delivery failed' },
    ];
    for (const options of cases) {
      const res = await inbound(options);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ outcome: 'auto_reply', taskId: null });
    }
    const events = await db.query(`SELECT kind, detail->>'automatic' AS why FROM touch_events WHERE customer_id = $1 ORDER BY id`, [
      customer.id,
    ]);
    expect(events).toEqual([
      { kind: 'auto_reply', why: 'subject' },
      { kind: 'auto_reply', why: 'Auto-Submitted: auto-replied' },
      { kind: 'auto_reply', why: 'Precedence: bulk' },
      { kind: 'auto_reply', why: 'null sender (bounce)' },
    ]);
    expect(await written(customer.id)).toMatchObject({ tasks: 0, forwards: 0 });
  });

  it('stores an oversized reply cut at 10,000 characters with a marker; a post over 40 MB is refused with 413 and nothing written', async () => {
    const { customer, touch } = await emmasCustomer();
    const long = `${'Lorem ipsum '.repeat(2000)}`.trim();
    expect((await inbound({ to: addressOf(touch.id), text: long })).status).toBe(200);
    const [task] = await replyTasksOf(db, customer.id);
    const [message] = task.talking_points.reply.messages as { text: string; truncated?: boolean }[];
    expect(message.truncated).toBe(true);
    expect(message.text).toMatch(/\n\[… 13999 more characters not kept\]$/);
    expect(Array.from(message.text.split('\n[…')[0]).length).toBeLessThanOrEqual(10_000);
    const [event] = await db.query(`SELECT detail FROM touch_events WHERE customer_id = $1 AND kind = 'reply'`, [customer.id]);
    expect(event.detail).toMatchObject({ truncated: true });

    const other = await emmasCustomer();
    const before = await written(other.customer.id);
    const huge = await inbound({
      to: addressOf(other.touch.id),
      attachments: [{ name: 'video.mp4', content: Buffer.alloc(41 * 1024 * 1024) }],
    });
    expect(huge.status).toBe(413);
    expect(huge.body.errors).toEqual([{ field: 'body', reason: `exceeds the limit of ${40 * 1024 * 1024} bytes` }]);
    expect(await written(other.customer.id)).toEqual(before);
  });

  it('answers 400 to a body that is not multipart and 422 to a raw MIME post, and reads an HTML-only reply and other charsets', async () => {
    const { customer, touch } = await emmasCustomer();
    const json = await t
      .http()
      .post('/webhooks/sendgrid/inbound')
      .auth('inbound', SECRET)
      .send({ to: addressOf(touch.id) });
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([{ field: 'Content-Type', reason: 'must be multipart/form-data' }]);

    const rawMode = await post({ to: addressOf(touch.id), envelope: '{}', email: 'From: ada@example.com\r\n\r\nHi' });
    expect(rawMode.status).toBe(422);
    expect(rawMode.body.errors[0].field).toBe('email');
    expect(await replyTasksOf(db, customer.id)).toEqual([]);

    const fields = inboundFields({
      to: addressOf(touch.id),
      text: '',
      html: '<div>Cảm ơn chị &amp; hẹn gặp lại!</div><blockquote>old</blockquote>',
    });
    expect((await post(fields)).status).toBe(200);
    // Latin-1 bytes, as the customer's mail program sent them, with SendGrid's charsets saying so.
    const latin = inboundFields({ to: addressOf(touch.id), text: '' });
    latin.charsets = JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'iso-8859-1' });
    const boundary = 'xYzZY';
    const parts = Object.entries({ ...latin, text: Buffer.from('Grüße aus Köln', 'latin1') }).map(([name, value]) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
        typeof value === 'string' ? Buffer.from(value) : value,
        Buffer.from('\r\n'),
      ]),
    );
    const body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    const raw = await t
      .http()
      .post('/webhooks/sendgrid/inbound')
      .auth('inbound', SECRET)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(raw.status).toBe(200);
    const [task] = await replyTasksOf(db, customer.id);
    expect(task.talking_points.reply.messages.map((m) => m.text)).toEqual(['Cảm ơn chị & hẹn gặp lại!', 'Grüße aus Köln']);
  });

  it('a forward the provider refused is kept and sent by the next sweep', async () => {
    const { customer, touch } = await emmasCustomer();
    const manager = await createStaff(db, { name: 'Flaky Inbox' });
    await db.query(`UPDATE customers SET account_manager_id = $2 WHERE id = $1`, [customer.id, manager.id]);
    stub.fail({ recipient: manager.email, status: 503, count: 1 });
    expect((await inbound({ to: addressOf(touch.id) })).body.outcome).toBe('task_opened');
    const [pending] = await db.query(`SELECT state, attempts, last_error FROM reply_forwards WHERE customer_id = $1`, [customer.id]);
    expect(pending).toEqual({ state: 'pending', attempts: 1, last_error: 'sendgrid:503' });
    expect(forwardsTo(manager.email)).toHaveLength(0);

    const sweep = t.app.get(ReplyForwardsScheduler).job;
    // Not yet due: the first retry waits a minute.
    expect(await sweep.tick()).toEqual({ status: 'ran', result: { sent: 0, retrying: 0, failed: 0 } });
    t.clock.advance(61_000);
    expect(await sweep.tick()).toEqual({ status: 'ran', result: { sent: 1, retrying: 0, failed: 0 } });
    expect(forwardsTo(manager.email)).toHaveLength(1);
    const [sent] = await db.query(`SELECT state, attempts FROM reply_forwards WHERE customer_id = $1`, [customer.id]);
    expect(sent).toEqual({ state: 'sent', attempts: 2 });
  });

  it('closes the loop: an email Touchpoint sends carries a signed Reply-To, and a reply to it reaches the manager', async () => {
    t.clock.set(DISPATCH_NOW);
    try {
      const templates = await createTemplates(db);
      const ruleId = await enabledRule(db);
      const due = await dueTouch(db, ruleId, 'email', templates, { accountManagerId: emma.id, firstName: 'Lan' });
      await t.app.get(PromoterService).promoteDue();
      await waitForStates(db, [due.touchId], ['sent']);
      const sent = stub.requests.find((r) => r.touchId === due.touchId)!;
      expect(sent.body!.reply_to).toEqual({ name: 'Emma Clarke', email: addressOf(due.touchId) });

      const res = await inbound({ to: `Emma Clarke <${sent.body!.reply_to.email as string}>`, text: 'Thanks, Emma!' });
      expect(res.body.outcome).toBe('task_opened');
      const [task] = await replyTasksOf(db, due.customerId);
      expect(task).toMatchObject({ touch_id: due.touchId, assignee_staff_id: emma.id, due_date: '2021-03-10' });
      const list = await t.http().get('/tasks/today').set(emma.auth);
      expect(list.body.tasks[0]).toMatchObject({ id: task.id, kind: 'reply', reply: { messages: [{ text: 'Thanks, Emma!' }] } });
    } finally {
      t.clock.set('2026-06-15T12:00:00Z');
    }
  });
});
