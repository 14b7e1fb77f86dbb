import { DataSource } from 'typeorm';
import { verifyUnsubscribe } from '../../src/consent/unsubscribe-link';
import { JobQueue } from '../../src/delivery/job-queue';
import { GAVE_UP_QUEUE, jobKey, queueName } from '../../src/delivery/dispatch.service';
import { PromoterService } from '../../src/delivery/promoter.service';
import { RecoveryService } from '../../src/delivery/recovery.service';
import { createTestApp, TestApp } from '../app';
import { createRule, createStaff, createTouch, StaffFixture } from '../factories';
import { ProviderStub, startProviderStub, StubRequest } from '../stubs/provider-stub';
import {
  cancelLeftovers,
  createTemplates,
  DISPATCH_NOW,
  DUE_AT,
  dueTouch,
  enabledRule,
  PUBLIC_URL,
  providerEnv,
  SENDING_DOMAIN,
  SIGNING_SECRET,
  touchRow,
  TWILIO_FROM,
  TWILIO_SID,
  waitFor,
  waitForStates,
} from './helpers';

describe('dispatch through SendGrid and Twilio (real SDKs, local stub)', () => {
  let stub: ProviderStub;
  let t: TestApp;
  let db: DataSource;
  let promoter: PromoterService;
  let templates: { email: string; sms: string };
  let ruleId: string;
  let manager: StaffFixture;
  let admin: StaffFixture;
  const rules: string[] = [];

  const requestsFor = (touchId: string): StubRequest[] => stub.requests.filter((r) => r.touchId === touchId);
  const requestsTo = (to: string): StubRequest[] => stub.requests.filter((r) => r.to === to);
  const promote = () => promoter.promoteDue();

  beforeAll(async () => {
    stub = await startProviderStub();
    t = await createTestApp({ now: DISPATCH_NOW, env: providerEnv(stub) });
    db = t.db;
    promoter = t.app.get(PromoterService);
    templates = await createTemplates(db);
    ruleId = await enabledRule(db);
    rules.push(ruleId);
    manager = await createStaff(db, { name: 'Emma Clarke', emailSignature: 'Emma Clarke\nAccount manager, Harbor Goods' });
    admin = await createStaff(db, { role: 'admin', name: 'Ann Admin' });
  });

  afterAll(async () => {
    await cancelLeftovers(db, rules);
    await t.close();
    await stub.close();
  });

  beforeEach(() => {
    t.clock.set(DISPATCH_NOW);
    stub.clearFaults();
  });

  it('sends a due email once, from the manager, with reply-to, signature, one-click unsubscribe and the touch id', async () => {
    const a = await dueTouch(db, ruleId, 'email', templates, { accountManagerId: manager.id, firstName: 'Lan' });
    const vi = await dueTouch(db, ruleId, 'email', templates, { accountManagerId: manager.id, firstName: 'Minh', locale: 'vi-VN' });
    expect(await promote()).toBeGreaterThanOrEqual(2);
    await waitForStates(db, [a.touchId, vi.touchId], ['sent']);

    const [request] = requestsFor(a.touchId);
    expect(requestsFor(a.touchId)).toHaveLength(1);
    const body = request.body!;
    expect(body.from).toEqual({ email: `emma.clarke@${SENDING_DOMAIN}`, name: 'Emma Clarke' });
    expect(body.reply_to).toEqual({ email: manager.email, name: 'Emma Clarke' });
    expect(body.personalizations[0].to[0].email).toBe(a.email);
    expect(body.subject).toBe('Hello Lan');
    expect(body.custom_args).toEqual({ touch_id: a.touchId });
    const text = body.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    const html = body.content.find((c: { type: string }) => c.type === 'text/html').value as string;
    expect(text).toContain('Dear Lan, thank you.');
    expect(text).toContain('Emma Clarke\nAccount manager, Harbor Goods');
    expect(html).toContain('Emma Clarke<br>Account manager, Harbor Goods');
    // Visible, not only in headers: the same signed link as List-Unsubscribe, and the postal address.
    const link = /^<([^>]+)>/.exec(body.headers['List-Unsubscribe'] as string)![1];
    expect(text).toContain(`To stop receiving these emails, unsubscribe here: ${link}\nHarbor Goods, 12 Quay Street, Portland, ME 04101`);
    expect(html).toContain(`<a href="${link}">Unsubscribe</a><br>Harbor Goods, 12 Quay Street, Portland, ME 04101</p>`);
    const viHtml = requestsFor(vi.touchId)[0].body!.content.find((c: { type: string }) => c.type === 'text/html').value as string;
    expect(viHtml).toContain('>Hủy đăng ký</a>');
    expect(request.headers!.authorization).toBe('Bearer SG.test-key');

    const unsubscribe = body.headers['List-Unsubscribe'] as string;
    const match = /^<(https:\/\/[^>]+\/u\/([^>]+))>, <mailto:unsubscribe@mail\.touchpoint\.test\?subject=unsubscribe%20([^>]+)>$/.exec(
      unsubscribe,
    );
    expect(match).not.toBeNull();
    expect(match![1].startsWith(`${PUBLIC_URL}/u/`)).toBe(true);
    expect(verifyUnsubscribe(match![2], SIGNING_SECRET)).toEqual({ customerId: a.customerId, channel: 'email', touchId: a.touchId });
    expect(match![3]).toBe(match![2]);
    expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    const row = await touchRow(db, a.touchId);
    expect(row).toMatchObject({ state: 'sent', attempts: 1, provider_message_id: request.messageId });
    expect(row.rendered).toMatchObject({ channel: 'email', subject: 'Hello Lan', from: { name: 'Emma Clarke' } });
    const events = await db.query(`SELECT kind FROM touch_events WHERE touch_id = $1`, [a.touchId]);
    expect(events).toEqual([{ kind: 'sent' }]);

    // The customer's locale picks the variant.
    expect(requestsFor(vi.touchId)[0].body!.subject).toBe('Xin chào Minh');

    // Another tick finds nothing new; nothing goes twice.
    await promote();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(requestsFor(a.touchId)).toHaveLength(1);
  });

  it('sends an SMS signed with the first name and a status callback; pooled customers hear from the company', async () => {
    const withManager = await dueTouch(db, ruleId, 'sms', templates, { accountManagerId: manager.id, firstName: 'Lan' });
    const pooledSms = await dueTouch(db, ruleId, 'sms', templates, { accountManagerId: null, firstName: 'Bo' });
    const pooledEmail = await dueTouch(db, ruleId, 'email', templates, { accountManagerId: null, firstName: 'Bo' });
    await promote();
    await waitForStates(db, [withManager.touchId, pooledSms.touchId, pooledEmail.touchId], ['sent']);

    const [sms] = requestsTo(withManager.phone);
    expect(requestsTo(withManager.phone)).toHaveLength(1);
    expect(sms.accountSid).toBe(TWILIO_SID);
    expect(sms.body).toMatchObject({
      To: withManager.phone,
      From: TWILIO_FROM,
      Body: 'Hi Lan, thanks for your order! - Emma, Harbor Goods\nReply STOP to opt out.',
      StatusCallback: `${PUBLIC_URL}/webhooks/twilio/status?touchId=${withManager.touchId}`,
    });
    expect(String(sms.headers!.authorization)).toMatch(/^Basic /);
    expect((await touchRow(db, withManager.touchId)).provider_message_id).toBe(sms.messageId);
    expect((await touchRow(db, withManager.touchId)).rendered).toMatchObject({ channel: 'sms', encoding: 'GSM-7', segments: 1 });

    expect(requestsTo(pooledSms.phone)[0].body!.Body).toBe('Hi Bo, thanks for your order! - Harbor Goods\nReply STOP to opt out.');
    const email = requestsTo(pooledEmail.email)[0].body!;
    expect(email.from).toEqual({ email: `hello@${SENDING_DOMAIN}`, name: 'Harbor Goods' });
    expect(email.reply_to).toBeUndefined();
  });

  it("tells only the first SMS to a number how to opt out, in the customer's language", async () => {
    const first = await dueTouch(db, ruleId, 'sms', templates, { accountManagerId: manager.id, firstName: 'Ivan', locale: 'ru' });
    await promote();
    await waitForStates(db, [first.touchId], ['sent']);
    expect(requestsTo(first.phone)[0].body!.Body).toBe(
      'Hi Ivan, thanks for your order! - Emma, Harbor Goods\nОтветьте STOP, чтобы отписаться.',
    );

    const second = await createTouch(db, first.customerId, ruleId, {
      channel: 'sms',
      templateKey: templates.sms,
      scheduledAt: DUE_AT,
      localDate: '2021-03-11',
    });
    await promote();
    await waitForStates(db, [second.id], ['sent']);
    expect(requestsTo(first.phone)).toHaveLength(2);
    expect(requestsTo(first.phone)[1].body!.Body).toBe('Hi Ivan, thanks for your order! - Emma, Harbor Goods');
    // The number is remembered as a hash only.
    const notices: { phone_hash: string }[] = await db.query(
      `SELECT phone_hash FROM sms_opt_out_notices WHERE phone_hash = encode(sha256(convert_to($1::text, 'UTF8')), 'hex')`,
      [first.phone],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].phone_hash).not.toContain(first.phone.slice(1));
  });

  it('sends a long Unicode SMS whole: Twilio segments it', async () => {
    const key = `${templates.sms}-long`;
    const [{ id }] = await db.query(
      `INSERT INTO templates (key, channel, description, created_at, updated_at) VALUES ($1, 'sms', '', now(), now()) RETURNING id`,
      [key],
    );
    const long = 'Chúc mừng sinh nhật {{customer.firstName}}! 🎉 '.repeat(8).trim();
    await db.query(`INSERT INTO template_variants (template_id, locale, parts, updated_at) VALUES ($1, '', $2, now())`, [
      id,
      JSON.stringify({ text: long }),
    ]);
    const c = await dueTouch(db, ruleId, 'sms', templates, { accountManagerId: manager.id, firstName: 'Lan' }, { templateKey: key });
    await promote();
    await waitForStates(db, [c.touchId], ['sent']);
    const body = requestsTo(c.phone)[0].body!.Body as string;
    expect(body).toBe(`${long.replace(/\{\{customer\.firstName\}\}/g, 'Lan')} - Emma, Harbor Goods\nReply STOP to opt out.`);
    expect((await touchRow(db, c.touchId)).rendered).toMatchObject({ encoding: 'UCS-2', segments: expect.any(Number) });
    expect(((await touchRow(db, c.touchId)).rendered as { segments: number }).segments).toBeGreaterThan(2);
  });

  it('fails a touch whose template is gone, with the reason, and sends the rest of its batch', async () => {
    const before = await dueTouch(db, ruleId, 'email', templates, { firstName: 'Ari' });
    const orphan = await dueTouch(db, ruleId, 'email', templates, { firstName: 'Noor' }, { templateKey: `${templates.email}-deleted` });
    const after = await dueTouch(db, ruleId, 'sms', templates, { firstName: 'Quy' });
    await promote();
    await waitForStates(db, [before.touchId, after.touchId], ['sent']);
    await waitForStates(db, [orphan.touchId], ['failed']);
    expect(await touchRow(db, orphan.touchId)).toMatchObject({
      reason: `render: Template ${templates.email}-deleted not found`,
      attempts: 1,
      rendered: null,
    });
    expect(requestsTo(orphan.email)).toHaveLength(0);
    expect(requestsTo(before.email)).toHaveLength(1);
    expect(requestsTo(after.phone)).toHaveLength(1);
  });

  it('checks consent again just before sending: suppression, withdrawn consent, disabled rule, anonymized customer', async () => {
    const suppressed = await dueTouch(db, ruleId, 'email', templates, { email: `Mixed.Case.${Date.now()}@Example.COM` });
    const stopped = await dueTouch(db, ruleId, 'sms', templates);
    const withdrawn = await dueTouch(db, ruleId, 'email', templates, {
      consent: { email: { status: 'withdrawn', at: '2021-03-01T00:00:00Z', source: 'test' } },
    });
    const disabledRule = (await createRule(db, { enabled: true })).id;
    rules.push(disabledRule);
    const offRule = await dueTouch(db, disabledRule, 'email', templates);
    const gone = await dueTouch(db, ruleId, 'email', templates);
    const fine = await dueTouch(db, ruleId, 'email', templates);

    // Between planning and sending: an unsubscribe, a STOP, a rule switched off, an erasure.
    await db.query(
      `INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at) VALUES ('email', $1, $2, 'unsubscribe', 'link', now())`,
      [suppressed.email.toLowerCase(), suppressed.customerId],
    );
    await db.query(
      `INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at) VALUES ('sms', $1, $2, 'stop', 'twilio', now())`,
      [stopped.phone, stopped.customerId],
    );
    await db.query(`UPDATE rules SET enabled = false WHERE id = $1`, [disabledRule]);
    await db.query(`UPDATE customers SET anonymized_at = now() WHERE id = $1`, [gone.customerId]);

    await promote();
    await waitForStates(db, [fine.touchId], ['sent']);
    await waitForStates(db, [suppressed.touchId, stopped.touchId, withdrawn.touchId, offRule.touchId, gone.touchId], ['skipped']);
    const reasons = await db.query(`SELECT id::text, reason, attempts FROM touches WHERE id = ANY($1) ORDER BY id`, [
      [suppressed.touchId, stopped.touchId, withdrawn.touchId, offRule.touchId, gone.touchId],
    ]);
    expect(Object.fromEntries(reasons.map((r: { id: string; reason: string }) => [r.id, r.reason]))).toEqual({
      [suppressed.touchId]: 'suppressed',
      [stopped.touchId]: 'suppressed',
      [withdrawn.touchId]: 'opted_out',
      [offRule.touchId]: 'rule_disabled',
      [gone.touchId]: 'customer_deleted',
    });
    expect(reasons.every((r: { attempts: number }) => r.attempts === 0)).toBe(true);
    for (const to of [suppressed.email, stopped.phone, withdrawn.email, offRule.email, gone.email]) expect(requestsTo(to)).toHaveLength(0);
  });

  it('holds quiet hours at send time: outside the window the touch moves to the next allowed time', async () => {
    // 12:00 UTC is 21:00 in Tokyo (SMS window 08:00–21:00) and 02:00 in Kiritimati (email 07:00–22:00).
    const sms = await dueTouch(db, ruleId, 'sms', templates, { timeZone: 'Asia/Tokyo' });
    const email = await dueTouch(db, ruleId, 'email', templates, { timeZone: 'Pacific/Kiritimati' });
    await promote();
    await waitForStates(db, [sms.touchId, email.touchId], ['planned']);
    expect((await touchRow(db, sms.touchId)).scheduled_at.toISOString()).toBe('2021-03-10T23:00:00.000Z');
    expect((await touchRow(db, email.touchId)).scheduled_at.toISOString()).toBe('2021-03-10T17:00:00.000Z');
    expect((await touchRow(db, sms.touchId)).attempts).toBe(0);
    expect(requestsTo(sms.phone)).toHaveLength(0);

    t.clock.set('2021-03-10T17:00:00Z');
    await promote();
    await waitForStates(db, [email.touchId], ['sent']);
    expect((await touchRow(db, sms.touchId)).state).toBe('planned');
    t.clock.set('2021-03-10T23:00:30Z');
    await promote();
    await waitForStates(db, [sms.touchId], ['sent']);
    expect(requestsTo(sms.phone)).toHaveLength(1);
  });

  it('decides the frequency cap again when a moved touch finally goes: what went out meanwhile counts', async () => {
    // Moved by quiet hours from 12:00 to 23:00 UTC (08:00 in Tokyo); meanwhile three other
    // touches reached the customer that week (the cap is 3 in 7 days).
    const sms = await dueTouch(db, ruleId, 'sms', templates, { timeZone: 'Asia/Tokyo' });
    const untouched = await dueTouch(db, ruleId, 'sms', templates, { timeZone: 'Asia/Tokyo' });
    await promote();
    await waitForStates(db, [sms.touchId, untouched.touchId], ['planned']);
    for (const [i, at] of ['2021-03-05T09:00:00Z', '2021-03-09T09:00:00Z', '2021-03-10T18:00:00Z'].entries()) {
      await createTouch(db, sms.customerId, ruleId, {
        occurrence: `earlier-${i}`,
        state: 'sent',
        scheduledAt: at,
        localDate: at.slice(0, 10),
      });
    }
    // One sent eight days before counts no more.
    await createTouch(db, untouched.customerId, ruleId, {
      occurrence: 'old',
      state: 'sent',
      scheduledAt: '2021-03-02T22:00:00Z',
      localDate: '2021-03-02',
    });
    t.clock.set('2021-03-10T23:00:30Z');
    await promote();
    await waitForStates(db, [sms.touchId], ['skipped']);
    await waitForStates(db, [untouched.touchId], ['sent']);
    expect(await touchRow(db, sms.touchId)).toMatchObject({ state: 'skipped', reason: 'capped' });
    expect(requestsTo(sms.phone)).toHaveLength(0);
    expect(requestsTo(untouched.phone)).toHaveLength(1);
  });

  it('stops at once on permanent errors, marking or suppressing the address', async () => {
    const invalid = await dueTouch(db, ruleId, 'sms', templates);
    const optedOut = await dueTouch(db, ruleId, 'sms', templates);
    const badAddress = await dueTouch(db, ruleId, 'email', templates);
    const forbidden = await dueTouch(db, ruleId, 'email', templates);
    stub.fail({
      recipient: invalid.phone,
      status: 400,
      code: 21211,
      message: `The 'To' number ${invalid.phone} is not a valid phone number.`,
    });
    stub.fail({ recipient: optedOut.phone, status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    stub.fail({ recipient: badAddress.email, status: 400, message: 'Does not contain a valid address.' });
    stub.fail({ recipient: forbidden.email, status: 403, message: 'The from address does not match a verified Sender Identity.' });
    await promote();
    const ids = [invalid.touchId, optedOut.touchId, badAddress.touchId, forbidden.touchId];
    await waitForStates(db, ids, ['failed']);

    expect(await touchRow(db, invalid.touchId)).toMatchObject({ reason: 'twilio:21211 invalid number', attempts: 1 });
    expect((await db.query('SELECT phone_invalid FROM customers WHERE id = $1', [invalid.customerId]))[0].phone_invalid).toBe(true);
    expect((await touchRow(db, optedOut.touchId)).reason).toBe('twilio:21610 opted out');
    expect((await touchRow(db, badAddress.touchId)).reason).toBe('sendgrid:400 invalid address');
    expect((await touchRow(db, forbidden.touchId)).reason).toMatch(/^sendgrid:403/);
    const suppressions = await db.query(`SELECT channel, address, reason FROM suppressions WHERE customer_id = ANY($1) ORDER BY channel`, [
      [invalid.customerId, optedOut.customerId, badAddress.customerId, forbidden.customerId],
    ]);
    expect(suppressions).toEqual([
      { channel: 'email', address: badAddress.email.toLowerCase(), reason: 'invalid_address' },
      { channel: 'sms', address: optedOut.phone, reason: 'stop' },
    ]);
    for (const to of [invalid.phone, optedOut.phone, badAddress.email, forbidden.email]) expect(requestsTo(to)).toHaveLength(1);
    // Reasons carry no addresses.
    for (const id of ids) expect((await touchRow(db, id)).reason).not.toMatch(/\+1415|@example/);
  });

  it('retries 429 (honouring Retry-After), 5xx and timeouts with backoff, then delivers', async () => {
    const limited = await dueTouch(db, ruleId, 'email', templates);
    const flaky = await dueTouch(db, ruleId, 'email', templates);
    const slow = await dueTouch(db, ruleId, 'email', templates);
    const smsLimited = await dueTouch(db, ruleId, 'sms', templates);
    stub.fail({ recipient: limited.email, status: 429, retryAfter: 1, count: 1 });
    stub.fail({ recipient: flaky.email, status: 503, count: 2 });
    stub.hang({ recipient: slow.email, count: 1 });
    stub.fail({ recipient: smsLimited.phone, status: 429, code: 20429, retryAfter: 1, count: 1 });
    await promote();
    await waitForStates(db, [limited.touchId, flaky.touchId, slow.touchId, smsLimited.touchId], ['sent'], 20_000);

    expect((await touchRow(db, limited.touchId)).attempts).toBe(2);
    expect((await touchRow(db, flaky.touchId)).attempts).toBe(3);
    expect((await touchRow(db, slow.touchId)).attempts).toBe(2);
    expect((await touchRow(db, smsLimited.touchId)).attempts).toBe(2);
    for (const [to, n] of [
      [limited.email, 2],
      [flaky.email, 3],
      [slow.email, 2],
      [smsLimited.phone, 2],
    ] as const) {
      expect(requestsTo(to)).toHaveLength(n);
    }
    // Retry-After: 1 is a floor, whatever the (100–400 ms) backoff drew.
    for (const to of [limited.email, smsLimited.phone]) {
      const [first, second] = requestsTo(to);
      expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    }
    const retries = await db.query(`SELECT detail FROM touch_events WHERE touch_id = $1 AND kind = 'retry' ORDER BY id`, [flaky.touchId]);
    expect(retries.map((r: { detail: { reason: string } }) => r.detail.reason)).toEqual(['sendgrid:503', 'sendgrid:503']);
    expect(
      (await db.query(`SELECT detail FROM touch_events WHERE touch_id = $1 AND kind = 'retry'`, [slow.touchId]))[0].detail.reason,
    ).toBe('sendgrid:network');
  });

  it('fails after the last attempt with the reason, and re-drives failed touches only', async () => {
    const doomed = await dueTouch(db, ruleId, 'email', templates);
    stub.fail({ recipient: doomed.email, status: 500 });
    await promote();
    await waitForStates(db, [doomed.touchId], ['failed'], 20_000);
    expect(await touchRow(db, doomed.touchId)).toMatchObject({ reason: 'sendgrid:500 after 8 attempts', attempts: 8 });
    expect(requestsTo(doomed.email)).toHaveLength(8);

    await t.http().post(`/touches/${doomed.touchId}/redrive`).set(manager.auth).expect(403);
    await t.http().post('/touches/999999999/redrive').set(admin.auth).expect(404);
    await t.http().post('/touches/abc/redrive').set(admin.auth).expect(400);
    stub.clearFaults();
    const res = await t.http().post(`/touches/${doomed.touchId}/redrive`).set(admin.auth).expect(200);
    expect(res.body).toEqual({ id: doomed.touchId, state: 'planned' });
    expect(await touchRow(db, doomed.touchId)).toMatchObject({ state: 'planned', attempts: 0, reason: null });
    await t.http().post(`/touches/${doomed.touchId}/redrive`).set(admin.auth).expect(409);
    await promote();
    await waitForStates(db, [doomed.touchId], ['sent']);
    expect(await touchRow(db, doomed.touchId)).toMatchObject({ attempts: 1 });
    await t.http().post(`/touches/${doomed.touchId}/redrive`).set(admin.auth).expect(409);

    // Every failed touch of a rule at once.
    const bulkRule = await enabledRule(db);
    rules.push(bulkRule);
    const one = await dueTouch(db, bulkRule, 'email', templates);
    const two = await dueTouch(db, bulkRule, 'sms', templates);
    const sentOne = await dueTouch(db, bulkRule, 'email', templates);
    // Scheduled a day earlier than every other touch of this file: the time range finds only it.
    const earlier = await dueTouch(db, ruleId, 'email', templates, {}, { scheduledAt: '2021-03-09T10:00:00Z', localDate: '2021-03-09' });
    stub.fail({ recipient: one.email, status: 403 });
    stub.fail({ recipient: two.phone, status: 400, code: 21612 });
    stub.fail({ recipient: earlier.email, status: 403 });
    await promote();
    await waitForStates(db, [one.touchId, two.touchId, earlier.touchId], ['failed']);
    await waitForStates(db, [sentOne.touchId], ['sent']);
    await t.http().post('/delivery/redrive').set(admin.auth).send({}).expect(400);
    await t.http().post('/delivery/redrive').set(admin.auth).send({ from: '2021-03-10T00:00:00Z', to: '2021-03-09T00:00:00Z' }).expect(400);
    const bulk = await t.http().post('/delivery/redrive').set(admin.auth).send({ ruleId: bulkRule }).expect(200);
    expect(bulk.body).toEqual({ redriven: 2 });
    expect(await touchRow(db, one.touchId)).toMatchObject({ state: 'planned', attempts: 0, reason: null });
    expect((await touchRow(db, sentOne.touchId)).state).toBe('sent');
    const byRange = await t
      .http()
      .post('/delivery/redrive')
      .set(admin.auth)
      .send({ from: '2021-03-09T00:00:00Z', to: '2021-03-10T00:00:00Z' })
      .expect(200);
    expect(byRange.body).toEqual({ redriven: 1 });
    expect((await touchRow(db, earlier.touchId)).state).toBe('planned');
    const events = await db.query(`SELECT actor_staff_id FROM touch_events WHERE touch_id = $1 AND kind = 'redriven'`, [one.touchId]);
    expect(events).toEqual([{ actor_staff_id: admin.id }]);
  });

  it('keeps one waiting job per touch attempt, and a stale job sends nothing', async () => {
    const queue = t.app.get(JobQueue);
    const a = await dueTouch(db, ruleId, 'email', templates);
    await db.query(`UPDATE touches SET state = 'sent' WHERE id = $1`, [a.touchId]);
    const item = { data: { touchId: a.touchId, attempt: 0 }, key: jobKey(a.touchId, 0), startAfterSeconds: 2 };
    expect(await queue.enqueue(queueName('email'), [item])).toBe(1);
    expect(await queue.enqueue(queueName('email'), [item])).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(requestsTo(a.email)).toHaveLength(0);
    await waitFor('the stale job to finish', async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE singleton_key = $1 AND state = 'completed'`, [
        jobKey(a.touchId, 0),
      ]);
      return n === 1;
    });
  });

  it('never sends a handed-over touch again: a job run again leaves it, the sweep makes it unknown, then failed for a re-drive', async () => {
    const queue = t.app.get(JobQueue);
    const now = Date.parse(DISPATCH_NOW);
    // A worker died: one claim's message had been handed to the provider, the other's not yet.
    const handedOver = await dueTouch(db, ruleId, 'email', templates, {}, { state: 'sending' });
    const notYet = await dueTouch(db, ruleId, 'email', templates, {}, { state: 'sending' });
    await db.query(`UPDATE touches SET attempts = 1, lease_expires_at = $2, send_started_at = $3 WHERE id = $1`, [
      handedOver.touchId,
      new Date(now - 5_000),
      new Date(now - 10_000),
    ]);
    await db.query(`UPDATE touches SET attempts = 1, lease_expires_at = $2 WHERE id = $1`, [notYet.touchId, new Date(now - 5_000)]);

    // Their jobs run again (pg-boss retries a job whose handler died or threw): nothing is claimed or sent.
    const rerun = [handedOver, notYet].map((x) => ({ data: { touchId: x.touchId, attempt: 0 }, key: `rerun:${x.touchId}` }));
    expect(await queue.enqueue(queueName('email'), rerun)).toBe(2);
    await waitFor('the jobs run again to finish', async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE singleton_key = ANY($1) AND state = 'completed'`, [
        rerun.map((r) => r.key),
      ]);
      return n === 2;
    });
    expect(await touchRow(db, handedOver.touchId)).toMatchObject({ state: 'sending', attempts: 1 });

    // The sweep: the one never handed over is queued again and sent once; the other is unknown.
    await t.app.get(RecoveryService).recover();
    await waitForStates(db, [notYet.touchId], ['sent']);
    expect(requestsFor(notYet.touchId)).toHaveLength(1);
    expect(await touchRow(db, notYet.touchId)).toMatchObject({ attempts: 1 });
    expect(await touchRow(db, handedOver.touchId)).toMatchObject({ state: 'unknown', reason: 'outcome_unknown' });
    expect(requestsFor(handedOver.touchId)).toHaveLength(0);

    // No provider event within the grace period: failed, for an admin to check and re-drive.
    t.clock.set(new Date(now + 3_601_000));
    await t.app.get(RecoveryService).recover();
    expect(await touchRow(db, handedOver.touchId)).toMatchObject({ state: 'failed', reason: 'outcome_unknown' });
    expect(requestsFor(handedOver.touchId)).toHaveLength(0);
    await t.http().post(`/touches/${handedOver.touchId}/redrive`).set(admin.auth).expect(200);
    await promote();
    await waitForStates(db, [handedOver.touchId], ['sent']);
    expect(requestsFor(handedOver.touchId)).toHaveLength(1);
  });

  it('fails the touches of jobs the queue gave up on, for the attempt they were for only', async () => {
    // Both channels' queues hand spent jobs to the give-up queue.
    const wiring = await db.query(`SELECT name, dead_letter FROM pgboss.queue WHERE name = ANY($1) ORDER BY name`, [
      [queueName('email'), queueName('sms')],
    ]);
    expect(wiring).toEqual([
      { name: queueName('email'), dead_letter: GAVE_UP_QUEUE },
      { name: queueName('sms'), dead_letter: GAVE_UP_QUEUE },
    ]);

    const waiting = await dueTouch(db, ruleId, 'email', templates, {}, { state: 'queued' });
    const claimed = await dueTouch(db, ruleId, 'sms', templates, {}, { state: 'sending' });
    await db.query(`UPDATE touches SET attempts = 1 WHERE id = $1`, [claimed.touchId]);
    const alreadySent = await dueTouch(db, ruleId, 'email', templates, {}, { state: 'sent' });
    const laterAttempt = await dueTouch(db, ruleId, 'email', templates, {}, { state: 'queued' });
    await db.query(`UPDATE touches SET attempts = 2 WHERE id = $1`, [laterAttempt.touchId]);

    // What pg-boss does with a job whose runs are spent: a copy of it in the dead-letter queue.
    const spent = [waiting, claimed, alreadySent, laterAttempt].map((x) => ({
      data: { touchId: x.touchId, attempt: 0 },
      key: `spent:${x.touchId}`,
    }));
    expect(await t.app.get(JobQueue).enqueue(GAVE_UP_QUEUE, spent)).toBe(4);
    await waitForStates(db, [waiting.touchId, claimed.touchId], ['failed'], 20_000);
    expect(await touchRow(db, waiting.touchId)).toMatchObject({ reason: 'queue: gave up after 51 runs', attempts: 0 });
    expect(await touchRow(db, claimed.touchId)).toMatchObject({ reason: 'queue: gave up after 51 runs', attempts: 1 });
    const events = await db.query(
      `SELECT touch_id::text, detail FROM touch_events WHERE touch_id = ANY($1) AND kind = 'failed' ORDER BY touch_id`,
      [[waiting.touchId, claimed.touchId, alreadySent.touchId, laterAttempt.touchId]],
    );
    expect(events).toEqual(
      [waiting.touchId, claimed.touchId]
        .sort((a, b) => Number(a) - Number(b))
        .map((id) => ({ touch_id: id, detail: { reason: 'queue: gave up after 51 runs' } })),
    );
    expect((await touchRow(db, alreadySent.touchId)).state).toBe('sent');
    expect(await touchRow(db, laterAttempt.touchId)).toMatchObject({ state: 'queued', attempts: 2 });
    expect(stub.requests.filter((r) => [waiting.touchId, claimed.touchId].includes(r.touchId ?? ''))).toEqual([]);
    await db.query(`UPDATE touches SET state = 'cancelled' WHERE id = $1`, [laterAttempt.touchId]);

    // An admin can send them again.
    await t.http().post(`/touches/${waiting.touchId}/redrive`).set(admin.auth).expect(200);
    await promote();
    await waitForStates(db, [waiting.touchId], ['sent']);
  });
});
