import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import twilio from 'twilio';
import { insertStaff, insertToken } from '../../src/demo/seed-data';
import { newToken } from '../../src/staff/tokens';
import { RunningApp, scratchDatabase, startApp, stopApp } from '../support/app-process';

/**
 * Runs the real app at its most talkative log level through the paths that handle personal
 * data — CRM upsert, a rejected row, an email and an SMS sent, an inbound reply, an
 * unsubscribe — and checks that no name, address, number or message text reached the log.
 */
const PERSONAL = [
  'Zebedee',
  'Quixotic',
  'zebedee.quixotic',
  '4155550199',
  '415) 555-0199',
  'loved the flowers',
  'Yolanda',
  'Vexworth',
  'not-an-email',
];
const TWILIO_TOKEN = 'test-twilio-auth-token';

// Each case starts the app in a process of its own, migrations and all.
jest.setTimeout(180_000);

describe('logs carry no personal data', () => {
  let app: RunningApp;
  let db: Client;
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-pii-'));
    chmodSync(dataDir, 0o755);
    database = await scratchDatabase('touchpoint_pii');
    const port = String(30000 + Math.floor(Math.random() * 20000));
    app = await startApp({
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'verbose',
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      DISPATCH_INTERVAL_SECONDS: '1',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    const [id] = await insertStaff(
      db,
      [
        {
          name: 'Yolanda Vexworth',
          email: 'yolanda.vexworth@example.org',
          role: 'admin',
          timeZone: 'UTC',
          emailSignature: 'Yolanda Vexworth',
        },
      ],
      new Date(),
    );
    const token = newToken();
    await insertToken(db, id, 'pii', token, new Date());
    auth = { Authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await db?.end();
    if (app) await stopApp(app);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const isForm = typeof body === 'string';
    return fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...auth,
        ...(body === undefined ? {} : { 'Content-Type': isForm ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  }

  it('keeps names, addresses, numbers and message bodies out of every log line', async () => {
    const granted = { status: 'granted', at: '2026-01-01T00:00:00Z', source: 'test' };
    const upsert = await call('POST', '/customers/bulk', {
      customers: [
        {
          externalId: 'pii-1',
          firstName: 'Zebedee',
          lastName: 'Quixotic',
          email: 'zebedee.quixotic@example.org',
          phone: '+1 (415) 555-0199',
          accountManagerEmail: 'yolanda.vexworth@example.org',
          consent: { email: granted, sms: granted, call: granted },
          timeZone: middayZone(),
        },
        { externalId: 'pii-2', firstName: 'Zebedee', email: 'not-an-email' },
      ],
    });
    expect(upsert.status).toBe(200);
    expect((await upsert.json()).rejected).toHaveLength(1);

    const [{ id: customerId }] = (await db.query(`SELECT id FROM customers WHERE external_id = 'pii-1'`)).rows;
    const rule = await call('POST', '/rules', {
      name: 'PII check',
      trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
      action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
    });
    expect(rule.status).toBe(201);
    const ruleId = (await rule.json()).id;
    await call('POST', `/rules/${ruleId}/enable`);
    // Two touches due now, one per channel, for the dispatcher to send into the outbox.
    for (const [channel, template] of [
      ['email', 'birthday-email'],
      ['sms', 'thank-you-sms'],
    ]) {
      await db.query(
        `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at, local_date, state, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $4, $5, 50, now() - interval '1 minute', current_date, 'planned', now(), now())`,
        [customerId, ruleId, `pii:${channel}`, channel, template],
      );
    }
    await waitFor(
      () => app.output(),
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM touches WHERE rule_id = $1 AND state NOT IN ('planned', 'queued', 'sending')`,
          [ruleId],
        );
        return rows[0].n === 2;
      },
    );
    expect(readdirSync(join(dataDir, 'outbox')).length).toBe(2);

    const inboundUrl = `${app.url}/webhooks/twilio/inbound`;
    const params = { From: '+14155550199', To: '+15005550006', Body: 'Thanks, loved the flowers', MessageSid: 'SM0001' };
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, inboundUrl, params);
    const reply = await call('POST', '/webhooks/twilio/inbound', new URLSearchParams(params).toString(), {
      'X-Twilio-Signature': signature,
    });
    expect(reply.status).toBe(200);

    const preview = await call('POST', '/templates/birthday-email/preview', { customerExternalId: 'pii-1' });
    expect(preview.status).toBe(200);

    const { rows } = await db.query(`SELECT rendered FROM touches WHERE rule_id = $1 AND channel = 'email'`, [ruleId]);
    expect(JSON.stringify(rows[0].rendered)).toContain('Zebedee');

    await stopApp(app);
    const lines = app
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('outbox'))).toBe(true);
    for (const needle of PERSONAL) {
      const leaks = lines.filter((line) => line.toLowerCase().includes(needle.toLowerCase()));
      expect({ needle, leaks }).toEqual({ needle, leaks: [] });
    }
  });
});

async function waitFor(output: () => string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting; the app said:\n${output().slice(-3000)}`);
}

/** A zone where it is around midday now, so quiet hours let both messages go at once. */
function middayZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // Etc/GMT zones count the other way: Etc/GMT-7 is seven hours ahead of UTC.
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
