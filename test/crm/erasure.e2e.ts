import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { PromoterService } from '../../src/delivery/promoter.service';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, createTemplate, createTouch, StaffFixture } from '../factories';
import { ProviderStub, startProviderStub } from '../stubs/provider-stub';
import {
  cancelLeftovers,
  createTemplates,
  DISPATCH_NOW,
  DUE_AT,
  enabledRule,
  providerEnv,
  touchRow,
  waitForStates,
} from '../delivery/helpers';

const TWILIO_TOKEN = 'test-auth-token';
const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const SENDGRID_KEY = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/**
 * Erasure erases every copy. A customer with distinctive values is sent an email and an SMS
 * through the outbox and again through the providers (the local stub), answers by SMS, bounces
 * and clicks, gets a call task with notes, and is suppressed by an admin; then they are erased,
 * and every text and JSON column of every table, and every outbox file, is searched for each value.
 */
describe('erasure', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-erasure-'));
  const suffix = String(Date.now()).slice(-7);
  const person = {
    firstName: 'Zephyrine',
    lastName: 'Quillfeather',
    email: `zephyrine.quillfeather.${suffix}@erasure.example`,
    phone: `+1415${suffix}`,
    address: { line1: '77 Marigold Crescent', city: 'Wexhollow', postalCode: 'QX9 8ZT', country: 'US' },
  };
  const freeText = { reply: `pomegranate-${suffix} is my gate code`, note: `kumquat-${suffix} prefers mornings` };
  const erased = [
    person.firstName,
    person.lastName,
    person.email,
    person.phone,
    person.phone.slice(1),
    person.address.line1,
    person.address.city,
    person.address.postalCode,
    freeText.reply,
    freeText.note,
    `pomegranate-${suffix}`,
    `kumquat-${suffix}`,
  ];

  let stub: ProviderStub;
  let db: DataSource;
  let admin: StaffFixture;
  let ruleId: string;
  let templates: { email: string; sms: string };
  let customer: { id: string; externalId: string };
  const env = { DATA_DIR: dataDir, DISPATCH_INTERVAL_SECONDS: '3600', EMAIL_RATE_PER_SECOND: '0', SMS_RATE_PER_SECOND: '0' };

  beforeAll(async () => {
    stub = await startProviderStub();
  });

  afterAll(async () => {
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function sendBoth(t: TestApp): Promise<{ email: string; sms: string }> {
    const email = await createTouch(t.db, customer.id, ruleId, {
      channel: 'email',
      templateKey: templates.email,
      scheduledAt: DUE_AT,
      localDate: '2021-03-10',
    });
    const sms = await createTouch(t.db, customer.id, ruleId, {
      channel: 'sms',
      templateKey: templates.sms,
      scheduledAt: DUE_AT,
      localDate: '2021-03-10',
    });
    await t.app.get(PromoterService).promoteDue();
    await waitForStates(t.db, [email.id, sms.id], ['sent']);
    return { email: email.id, sms: sms.id };
  }

  it("leaves none of the customer's values in any table, the outbox or the timeline", async () => {
    // 1. Through the outbox.
    const outboxApp = await createTestApp({ now: DISPATCH_NOW, env });
    db = outboxApp.db;
    admin = await createStaff(db, { role: 'admin' });
    const manager = await createStaff(db, { name: 'Emma Clarke' });
    ruleId = await enabledRule(db);
    templates = await createTemplates(db);
    const created = await createCustomer(db, { ...person, accountManagerId: manager.id });
    customer = { id: created.id, externalId: created.externalId };
    await sendBoth(outboxApp);
    await cancelLeftovers(db, [ruleId]);
    await outboxApp.close();
    const outboxFiles = readdirSync(join(dataDir, 'outbox'));
    expect(outboxFiles.some((f) => readFileSync(join(dataDir, 'outbox', f), 'utf8').includes(person.firstName))).toBe(true);

    // 2. Through the providers, with their webhooks.
    const t = await createTestApp({
      now: DISPATCH_NOW,
      env: { ...providerEnv(stub, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN }), SENDGRID_WEBHOOK_PUBLIC_KEY: SENDGRID_KEY, DATA_DIR: dataDir },
    });
    try {
      db = t.db;
      const sent = await sendBoth(t);
      const emailMessageId = (await touchRow(db, sent.email)).provider_message_id!;
      const smsSid = (await touchRow(db, sent.sms)).provider_message_id!;
      const publicUrl = providerEnv(stub).PUBLIC_URL;
      const twilioPost = (path: string, params: Record<string, string>) =>
        t
          .http()
          .post(path)
          .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TWILIO_TOKEN, publicUrl + path, params))
          .type('form')
          .send(params);
      await twilioPost('/webhooks/twilio/status', { MessageSid: smsSid, MessageStatus: 'delivered', To: person.phone }).expect(204);
      await twilioPost('/webhooks/twilio/inbound', {
        From: person.phone,
        To: '+15005550006',
        MessageSid: `SM${'e'.repeat(25)}${suffix}`,
        Body: `${person.firstName} ${person.lastName} here, ${freeText.reply}, I live at ${person.address.line1}`,
      }).expect(200);
      const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
      const batch = JSON.stringify([
        {
          event: 'delivered',
          email: person.email,
          sg_message_id: `${emailMessageId}.filter-1`,
          touch_id: sent.email,
          touchId: sent.email,
          sg_event_id: `erasure-d-${suffix}`,
          timestamp: Number(timestamp),
        },
        {
          event: 'click',
          email: person.email,
          sg_message_id: `${emailMessageId}.filter-1`,
          touch_id: sent.email,
          touchId: sent.email,
          sg_event_id: `erasure-c-${suffix}`,
          timestamp: Number(timestamp),
          url: `https://shop.example/account?email=${person.email}`,
        },
      ]);
      await t
        .http()
        .post('/webhooks/sendgrid/events')
        .set('Content-Type', 'application/json')
        .set('X-Twilio-Email-Event-Webhook-Signature', sign('sha256', Buffer.from(timestamp + batch), keys.privateKey).toString('base64'))
        .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
        .send(batch)
        .expect(200);

      // A call task, with talking points (phone, address, the script) and notes.
      const call = await createTemplate(db, {
        channel: 'call',
        variants: { '': { text: "Call {{customer.fullName}} about {{customer.firstName}}'s order" } },
      });
      const callTouch = await createTouch(db, customer.id, ruleId, {
        channel: 'call',
        templateKey: call.key,
        scheduledAt: DUE_AT,
        localDate: '2021-03-10',
        dueDate: '2021-03-10',
      });
      await t.http().post('/tasks/promote').set(admin.auth).expect(200);
      const [task] = await db.query(`SELECT id::text AS id, talking_points FROM tasks WHERE touch_id = $1`, [callTouch.id]);
      expect(JSON.stringify(task.talking_points)).toContain(person.lastName);
      await t
        .http()
        .post(`/tasks/${task.id}/notes`)
        .set(admin.auth)
        .send({ note: `${freeText.note}; ${person.firstName} said ${person.email}` })
        .expect(200);
      await t
        .http()
        .post(`/tasks/${task.id}/complete`)
        .set(admin.auth)
        .send({ outcome: 'reached', note: `${freeText.note} (${person.phone})` })
        .expect(200);

      // An admin suppresses the address: the suppression and its audit entry hold it.
      await t
        .http()
        .post('/suppressions')
        .set(admin.auth)
        .send({ channel: 'email', address: person.email, customerId: customer.id })
        .expect(201);

      // Before: the values are there to find, or the search below would prove nothing.
      expect(await mentions(db, erased)).not.toEqual([]);

      const res = await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ firstName: 'Anonymized', email: null, phone: null, address: null });

      expect(await mentions(db, erased)).toEqual([]);
      const left = readdirSync(join(dataDir, 'outbox')).filter((f) =>
        erased.some((v) =>
          readFileSync(join(dataDir, 'outbox', f), 'utf8')
            .toLowerCase()
            .includes(v.toLowerCase()),
        ),
      );
      expect(left).toEqual([]);

      const timeline = await t.http().get(`/customers/${customer.externalId}/timeline?limit=200`).set(admin.auth).expect(200);
      const shown = JSON.stringify(timeline.body).toLowerCase();
      for (const value of erased) expect(shown).not.toContain(value.toLowerCase());
      // The history stays, without its content: the touches and the events are still there.
      expect(timeline.body.entries.filter((e: { type: string }) => e.type === 'touch').length).toBeGreaterThanOrEqual(5);
      expect(shown).toContain('[erased]');

      // The suppression keeps working, as a hash: the same address under a new customer is not emailed.
      const [suppression] = await db.query(`SELECT address, customer_id FROM suppressions WHERE address = erased_address_hash($1)`, [
        person.email.toLowerCase(),
      ]);
      expect(suppression).toEqual({ address: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), customer_id: null });
      const again = await createCustomer(db, { email: person.email.toUpperCase(), accountManagerId: manager.id });
      const retry = await createTouch(db, again.id, ruleId, {
        channel: 'email',
        templateKey: templates.email,
        scheduledAt: DUE_AT,
        localDate: '2021-03-12',
      });
      await t.app.get(PromoterService).promoteDue();
      await waitForStates(db, [retry.id], ['skipped']);
      await db.query(`DELETE FROM customers WHERE id = $1`, [again.id]);

      // Repeating it is harmless.
      await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
      expect(await mentions(db, erased)).toEqual([]);
    } finally {
      await cancelLeftovers(t.db, [ruleId]);
      await t.close();
    }
  });
});

/** Every text, varchar and JSON column of every table, searched for each value (any case). */
async function mentions(db: DataSource, values: string[]): Promise<string[]> {
  const columns: { table_schema: string; table_name: string; column_name: string }[] = await db.query(
    `SELECT c.table_schema, c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      ORDER BY 1, 2, 3`,
  );
  expect(columns.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { table_schema, table_name, column_name } of columns) {
    const [{ hits }] = await db.query(
      `SELECT count(*)::int AS hits FROM "${table_schema}"."${table_name}"
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE strpos(lower("${column_name}"::text), lower(v)) > 0)`,
      [values],
    );
    if (hits > 0) found.push(`${table_schema}.${table_name}.${column_name}`);
  }
  return found;
}
