import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import twilio from 'twilio';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createTouch } from '../factories';
import { consentOf, events, suppressionCount, touchState, uniquePhone } from './helpers';

const PUBLIC_URL = 'https://touchpoint.example.test';
const TWILIO_TOKEN = '0123456789abcdef0123456789abcdef';
const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const SENDGRID_KEY = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let sidCounter = 0;
const messageSid = () => `SM${(Date.now().toString(16) + (++sidCounter).toString(16).padStart(6, '0')).padStart(32, '0')}`;

describe('provider webhooks', () => {
  let t: TestApp;
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, SENDGRID_WEBHOOK_PUBLIC_KEY: SENDGRID_KEY, COMPANY_NAME: 'Linh & Co' },
    });
    ruleId = (await createRule(t.db)).id;
  });
  afterAll(() => t.close());

  /** Posts form fields signed as Twilio signs them: over the public URL and the sorted fields. */
  function twilioPost(
    path: string,
    params: Record<string, string>,
    signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, PUBLIC_URL + path, params),
  ) {
    return t.http().post(path).set('X-Twilio-Signature', signature).type('form').send(params);
  }

  /** Posts a batch signed as SendGrid signs it: ECDSA P-256 over timestamp + raw body. */
  function sendgridPost(batch: unknown[], options: { key?: KeyObject; signedBody?: string; timestamp?: string; raw?: string } = {}) {
    const body = options.raw ?? JSON.stringify(batch);
    const timestamp = options.timestamp ?? '1781524800';
    const signature = sign('sha256', Buffer.from(timestamp + (options.signedBody ?? body)), options.key ?? keys.privateKey).toString(
      'base64',
    );
    return t
      .http()
      .post('/webhooks/sendgrid/events')
      .set('Content-Type', 'application/json')
      .set('X-Twilio-Email-Event-Webhook-Signature', signature)
      .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
      .send(body);
  }

  describe('Twilio inbound SMS', () => {
    it('refuses missing and forged signatures with 403 and changes nothing', async () => {
      const phone = uniquePhone();
      const customer = await createCustomer(t.db, { phone });
      const pending = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'planned' });
      const params = { From: phone, To: '+15005550006', Body: 'STOP', MessageSid: messageSid() };
      await t.http().post('/webhooks/twilio/inbound').type('form').send(params).expect(403);
      await twilioPost('/webhooks/twilio/inbound', params, 'bm90IGEgc2lnbmF0dXJl').expect(403);
      await twilioPost(
        '/webhooks/twilio/inbound',
        params,
        twilio.getExpectedTwilioSignature('another-token-0123456789abcdef', `${PUBLIC_URL}/webhooks/twilio/inbound`, params),
      ).expect(403);
      // Signed for other fields than those sent.
      await twilioPost(
        '/webhooks/twilio/inbound',
        params,
        twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}/webhooks/twilio/inbound`, { ...params, Body: 'hi' }),
      ).expect(403);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);
      expect(await touchState(t.db, pending.id)).toEqual({ state: 'planned', reason: null });
      expect((await consentOf(t.db, customer.id, 'sms'))?.status).toBe('granted');
    });

    it.each(['STOP', 'stop', '  Stop ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit'])(
      '%j suppresses SMS to the sender at once',
      async (body) => {
        const phone = uniquePhone();
        const customer = await createCustomer(t.db, { phone });
        const pending = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'queued' });
        const email = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'planned' });
        const res = await twilioPost('/webhooks/twilio/inbound', {
          From: phone,
          To: '+15005550006',
          Body: body,
          MessageSid: messageSid(),
        }).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/xml/);
        expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
        expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
        expect(await touchState(t.db, pending.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
        expect(await touchState(t.db, email.id)).toEqual({ state: 'planned', reason: null });
        expect(await consentOf(t.db, customer.id, 'sms')).toMatchObject({ status: 'withdrawn', source: 'sms_keyword' });
        expect(await events(t.db, customer.id, 'unsubscribed')).toHaveLength(1);
      },
    );

    it('START lifts a STOP and grants consent again; a repeated STOP is recorded once', async () => {
      const phone = uniquePhone();
      const customer = await createCustomer(t.db, { phone });
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'STOP', MessageSid: messageSid() }).expect(200);
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'stop', MessageSid: messageSid() }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
      expect(await events(t.db, customer.id, 'unsubscribed')).toHaveLength(1);

      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'Start', MessageSid: messageSid() }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);
      expect(await consentOf(t.db, customer.id, 'sms')).toMatchObject({ status: 'granted', source: 'sms_keyword' });
      expect(await events(t.db, customer.id, 'resubscribed')).toHaveLength(1);

      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'STOP', MessageSid: messageSid() }).expect(200);
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'UNSTOP', MessageSid: messageSid() }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);
    });

    it('acts on each MessageSid once: a captured START replayed after a later STOP does not subscribe again', async () => {
      const phone = uniquePhone();
      const customer = await createCustomer(t.db, { phone });
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'STOP', MessageSid: messageSid() }).expect(200);
      // Twilio's own form, as it posts an inbound message, signed over the URL and sorted fields.
      const start = {
        ToCountry: 'US',
        ToState: 'CA',
        SmsMessageSid: '',
        NumMedia: '0',
        ToCity: '',
        FromZip: '',
        SmsSid: '',
        FromState: 'CA',
        SmsStatus: 'received',
        FromCity: 'SAN FRANCISCO',
        Body: 'START',
        FromCountry: 'US',
        To: '+15005550006',
        ToZip: '',
        NumSegments: '1',
        MessageSid: messageSid(),
        AccountSid: `AC${'0'.repeat(32)}`,
        From: phone,
        ApiVersion: '2010-04-01',
      };
      start.SmsMessageSid = start.MessageSid;
      start.SmsSid = start.MessageSid;
      await twilioPost('/webhooks/twilio/inbound', start).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'STOP', MessageSid: messageSid() }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);

      const replay = await twilioPost('/webhooks/twilio/inbound', start).expect(200);
      expect(replay.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
      expect((await consentOf(t.db, customer.id, 'sms'))?.status).toBe('withdrawn');
      expect(await events(t.db, customer.id, 'resubscribed')).toHaveLength(1);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE provider = 'twilio' AND message_id = $1`, [
        start.MessageSid,
      ]);
      expect(n).toBe(1);
    });

    it('does not act on a START without a MessageSid, but honours a STOP', async () => {
      const phone = uniquePhone();
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'STOP' }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
      await twilioPost('/webhooks/twilio/inbound', { From: phone, Body: 'START' }).expect(200);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
    });

    it('answers HELP with a short help text', async () => {
      const res = await twilioPost('/webhooks/twilio/inbound', { From: uniquePhone(), Body: 'help', MessageSid: messageSid() }).expect(200);
      expect(res.text).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>Linh &#38; Co: .*Reply STOP to unsubscribe, START to subscribe again.<\/Message><\/Response>$/,
      );
    });

    it("records anything else as a reply on the customer's latest SMS touch, once", async () => {
      const phone = uniquePhone();
      const customer = await createCustomer(t.db, { phone });
      await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'delivered', scheduledAt: '2026-06-01T09:00:00Z' });
      const latest = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'sent', scheduledAt: '2026-06-10T09:00:00Z' });
      await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent', scheduledAt: '2026-06-12T09:00:00Z' });
      const params = { From: phone, Body: 'Thank you! See you on Friday.', MessageSid: messageSid() };
      await twilioPost('/webhooks/twilio/inbound', params).expect(200);
      await twilioPost('/webhooks/twilio/inbound', params).expect(200);
      const replies = await events(t.db, customer.id, 'reply');
      expect(replies).toEqual([
        expect.objectContaining({
          touch_id: latest.id,
          provider_event_id: `twilio:${params.MessageSid}:inbound`,
          detail: expect.objectContaining({ body: params.Body }),
        }),
      ]);
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);
    });
  });

  describe('Twilio status callbacks', () => {
    it('moves the touch found by MessageSid, once per status, never backwards', async () => {
      const customer = await createCustomer(t.db, { phone: uniquePhone() });
      const sid = messageSid();
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'sent' });
      await t.db.query(`UPDATE touches SET provider_message_id = $2 WHERE id = $1`, [touch.id, sid]);

      await twilioPost('/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'delivered' }).expect(204);
      await twilioPost('/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'delivered' }).expect(204);
      await twilioPost('/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'sent' }).expect(204);
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'delivered', reason: null });
      expect((await events(t.db, customer.id)).map((e) => e.kind)).toEqual(['delivered', 'sent']);

      await twilioPost('/webhooks/twilio/status', { MessageSid: messageSid(), MessageStatus: 'delivered' }).expect(204);
      await t.http().post('/webhooks/twilio/status').type('form').send({ MessageSid: sid, MessageStatus: 'failed' }).expect(403);
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'delivered', reason: null });
    });

    it('settles an unknown outcome by the touch the callback URL names, its MessageSid never recorded', async () => {
      const customer = await createCustomer(t.db, { phone: uniquePhone() });
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'sending' });
      // What the recovery sweep leaves when a worker died after handing the message to Twilio.
      await t.db.query(`UPDATE touches SET state = 'unknown', reason = 'outcome_unknown' WHERE id = $1`, [touch.id]);
      const sid = messageSid();
      await twilioPost(`/webhooks/twilio/status?touchId=${touch.id}`, {
        MessageSid: sid,
        MessageStatus: 'delivered',
        AccountSid: `AC${'0'.repeat(32)}`,
      }).expect(204);
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'delivered', reason: null });
      const [{ provider_message_id }] = await t.db.query(`SELECT provider_message_id FROM touches WHERE id = $1`, [touch.id]);
      expect(provider_message_id).toBe(sid);
    });

    it('fails the touch with the provider error code, and 21610 suppresses the number', async () => {
      const phone = uniquePhone();
      const customer = await createCustomer(t.db, { phone });
      const [a, b] = [messageSid(), messageSid()];
      const undelivered = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'sent' });
      const blocked = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'sending' });
      const pending = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'planned' });
      await t.db.query(`UPDATE touches SET provider_message_id = $2 WHERE id = $1`, [undelivered.id, a]);

      await twilioPost('/webhooks/twilio/status', { MessageSid: a, MessageStatus: 'undelivered', ErrorCode: '30003', To: phone }).expect(
        204,
      );
      expect(await touchState(t.db, undelivered.id)).toEqual({ state: 'failed', reason: 'provider:30003' });
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(0);

      // The callback URL may name the touch, for callbacks that beat the recorded MessageSid.
      await twilioPost(`/webhooks/twilio/status?touchId=${blocked.id}`, {
        MessageSid: b,
        MessageStatus: 'failed',
        ErrorCode: '21610',
        To: phone,
      }).expect(204);
      expect(await touchState(t.db, blocked.id)).toEqual({ state: 'failed', reason: 'provider:21610' });
      expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
      expect(await touchState(t.db, pending.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
      expect((await consentOf(t.db, customer.id, 'sms'))?.status).toBe('withdrawn');
    });
  });

  describe('SendGrid events', () => {
    it('refuses missing, forged and mismatched signatures with 403 and changes nothing', async () => {
      const customer = await createCustomer(t.db);
      const email = `${customer.externalId}@example.com`;
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
      const batch = [{ event: 'bounce', type: 'bounce', email, touch_id: touch.id, sg_event_id: 'forged-1', timestamp: 1781524800 }];
      await t.http().post('/webhooks/sendgrid/events').send(batch).expect(403);
      const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      await sendgridPost(batch, { key: other.privateKey }).expect(403);
      await sendgridPost(batch, { signedBody: JSON.stringify([]) }).expect(403);
      await sendgridPost(batch, { timestamp: '1781524801', signedBody: JSON.stringify(batch).replace('1781524800', '1781524801') }).expect(
        403,
      );
      await t
        .http()
        .post('/webhooks/sendgrid/events')
        .set('Content-Type', 'application/json')
        .set('X-Twilio-Email-Event-Webhook-Signature', 'not base64 DER')
        .set('X-Twilio-Email-Event-Webhook-Timestamp', '1781524800')
        .send(JSON.stringify(batch))
        .expect(403);
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'sent', reason: null });
      expect(await events(t.db, customer.id)).toEqual([]);
      expect(await suppressionCount(t.db, 'email', email)).toBe(0);
    });

    it('applies a batch in one go: delivered, bounces, drops, complaints, unsubscribes, opens and clicks; duplicates once', async () => {
      const c = await Promise.all([0, 1, 2, 3, 4].map(() => createCustomer(t.db)));
      const mail = (i: number) => `${c[i].externalId}@example.com`;
      const delivered = await createTouch(t.db, c[0].id, ruleId, { channel: 'email', state: 'sent' });
      const bounced = await createTouch(t.db, c[1].id, ruleId, { channel: 'email', state: 'sent' });
      await t.db.query(`UPDATE touches SET provider_message_id = 'msg-bounce-1' WHERE id = $1`, [bounced.id]);
      const bouncedPending = await createTouch(t.db, c[1].id, ruleId, { channel: 'email', state: 'planned' });
      const dropped = await createTouch(t.db, c[2].id, ruleId, { channel: 'email', state: 'sending' });
      const complained = await createTouch(t.db, c[3].id, ruleId, { channel: 'email', state: 'delivered' });
      const unsubscribed = await createTouch(t.db, c[4].id, ruleId, { channel: 'email', state: 'delivered' });
      const unsubscribedPending = await createTouch(t.db, c[4].id, ruleId, { channel: 'email', state: 'queued' });

      const batch = [
        { event: 'processed', email: mail(0), touch_id: delivered.id, sg_event_id: 'e-processed', timestamp: 1781524800 },
        { event: 'delivered', email: mail(0), touch_id: delivered.id, sg_event_id: 'e-delivered', timestamp: 1781524801 },
        { event: 'open', email: mail(0), touch_id: delivered.id, sg_event_id: 'e-open', timestamp: 1781524802 },
        {
          event: 'click',
          email: mail(0),
          touch_id: delivered.id,
          sg_event_id: 'e-click',
          url: 'https://shop.example/p/1',
          timestamp: 1781524803,
        },
        {
          event: 'bounce',
          type: 'bounce',
          email: mail(1),
          sg_message_id: 'msg-bounce-1.filterdrecv-1.0',
          sg_event_id: 'e-bounce',
          timestamp: 1781524804,
        },
        { event: 'dropped', email: mail(2), touch_id: Number(dropped.id), sg_event_id: 'e-dropped', timestamp: 1781524805 },
        { event: 'spamreport', email: mail(3), touch_id: complained.id, sg_event_id: 'e-spam', timestamp: 1781524806 },
        { event: 'group_unsubscribe', email: mail(4), touch_id: unsubscribed.id, sg_event_id: 'e-unsub', timestamp: 1781524807 },
        { event: 'delivered', email: 'stranger@example.com', touch_id: '999999999', sg_event_id: 'e-unknown', timestamp: 1781524808 },
      ];
      const res = await sendgridPost(batch).expect(200);
      expect(res.body).toEqual({ received: 9, processed: 7, duplicates: 0, unknown: 1, ignored: 1 });

      expect(await touchState(t.db, delivered.id)).toEqual({ state: 'delivered', reason: null });
      expect((await events(t.db, c[0].id)).map((e) => e.kind)).toEqual(['delivered', 'opened', 'clicked']);
      expect(await touchState(t.db, bounced.id)).toEqual({ state: 'failed', reason: 'hard_bounce' });
      expect(await touchState(t.db, bouncedPending.id)).toEqual({ state: 'cancelled', reason: 'suppressed' });
      expect(await suppressionCount(t.db, 'email', mail(1))).toBe(1);
      expect(await touchState(t.db, dropped.id)).toEqual({ state: 'failed', reason: 'dropped' });
      expect(await suppressionCount(t.db, 'email', mail(2))).toBe(1);
      expect(await touchState(t.db, complained.id)).toEqual({ state: 'delivered', reason: null });
      expect(await suppressionCount(t.db, 'email', mail(3))).toBe(1);
      expect((await consentOf(t.db, c[3].id, 'email'))?.status).toBe('withdrawn');
      expect(await suppressionCount(t.db, 'email', mail(4))).toBe(1);
      expect(await touchState(t.db, unsubscribedPending.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
      expect((await events(t.db, c[4].id)).map((e) => e.kind)).toEqual(['unsubscribed']);
      // A bounce is not the customer saying no.
      expect((await consentOf(t.db, c[1].id, 'email'))?.status).toBe('granted');

      const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM touch_events`);
      const again = await sendgridPost(batch, { timestamp: '1781524860' }).expect(200);
      expect(again.body).toEqual({ received: 9, processed: 0, duplicates: 7, unknown: 1, ignored: 1 });
      const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM touch_events`);
      expect(after).toBe(before);
    });

    it('refuses a validly signed batch whose timestamp is outside the freshness window', async () => {
      const customer = await createCustomer(t.db);
      const email = `${customer.externalId}@example.com`;
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
      const batch = [
        {
          email,
          timestamp: 1000000000,
          event: 'bounce',
          type: 'bounce',
          sg_event_id: 'stale-1',
          sg_message_id: 'x.filter0001',
          touch_id: touch.id,
        },
      ];
      // Signed in 2001, and 11 minutes either side of the app's clock (2026-06-15T12:00:00Z).
      for (const timestamp of ['1000000000', String(1781524800 - 660), String(1781524800 + 660)]) {
        const res = await sendgridPost(batch, { timestamp }).expect(403);
        expect(res.body.message).toMatch(/timestamp/);
      }
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'sent', reason: null });
      expect(await suppressionCount(t.db, 'email', email)).toBe(0);
      await sendgridPost(batch, { timestamp: String(1781524800 - 540) }).expect(200);
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'failed', reason: 'hard_bounce' });
    });

    it('matches events by the touch_id custom argument SendGrid posts back, in its real payload shape', async () => {
      const customer = await createCustomer(t.db);
      const email = `${customer.externalId}@example.com`;
      // No provider message id recorded: only the custom argument can find the touch.
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
      const batch = [
        {
          email,
          timestamp: 1781524790,
          'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
          event: 'delivered',
          category: ['touchpoint'],
          sg_event_id: 'sg-real-delivered-1',
          sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
          response: '250 OK',
          touch_id: touch.id,
        },
      ];
      const res = await sendgridPost(batch).expect(200);
      expect(res.body).toMatchObject({ received: 1, processed: 1, unknown: 0 });
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'delivered', reason: null });

      // The name the events were once read under is not SendGrid's: it matches nothing.
      const other = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
      const wrong = await sendgridPost([
        {
          email,
          timestamp: 1781524791,
          event: 'delivered',
          sg_event_id: 'sg-real-delivered-2',
          sg_message_id: 'zz.filter0001',
          touchId: other.id,
        },
      ]).expect(200);
      expect(wrong.body).toMatchObject({ processed: 0, unknown: 1 });
      expect(await touchState(t.db, other.id)).toEqual({ state: 'sent', reason: null });
    });

    it('checks the signature over the bytes as sent, not over re-serialized JSON', async () => {
      const customer = await createCustomer(t.db);
      const touch = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
      const raw = `[\n  { "event" : "delivered",\t"touch_id": "${touch.id}", "sg_event_id": "e-raw-1", "email": "x@example.com" }\n]\r\n`;
      const res = await sendgridPost([], { raw }).expect(200);
      expect(res.body).toMatchObject({ received: 1, processed: 1 });
      expect(await touchState(t.db, touch.id)).toEqual({ state: 'delivered', reason: null });
    });

    it('answers 400 to a body that is not a batch', async () => {
      const res = await sendgridPost({ event: 'delivered' } as unknown as unknown[]).expect(400);
      expect(res.body.errors[0].field).toBe('body');
    });
  });

  it('refuses every webhook while its secret is not configured', async () => {
    const bare = await createTestApp({ env: { PUBLIC_URL } });
    try {
      const params = { From: uniquePhone(), Body: 'STOP', MessageSid: messageSid() };
      await bare
        .http()
        .post('/webhooks/twilio/inbound')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}/webhooks/twilio/inbound`, params))
        .type('form')
        .send(params)
        .expect(403);
      await bare
        .http()
        .post('/webhooks/twilio/status')
        .type('form')
        .send({ MessageSid: messageSid(), MessageStatus: 'delivered' })
        .expect(403);
      const body = JSON.stringify([]);
      await bare
        .http()
        .post('/webhooks/sendgrid/events')
        .set('Content-Type', 'application/json')
        .set('X-Twilio-Email-Event-Webhook-Signature', sign('sha256', Buffer.from('1' + body), keys.privateKey).toString('base64'))
        .set('X-Twilio-Email-Event-Webhook-Timestamp', '1')
        .send(body)
        .expect(403);
      expect(await suppressionCount(bare.db, 'sms', params.From)).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
