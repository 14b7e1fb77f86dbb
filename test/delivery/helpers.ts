import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProviderStub } from '../stubs/provider-stub';
import { createCustomer, createRule, createTouch, CustomerOverrides, TouchOverrides, uniqueId } from '../factories';

/**
 * Dispatch tests run at a made-up time long before anything other tests plan, so the promoter
 * (which takes every due touch in the database) only finds this file's touches.
 */
export const DISPATCH_NOW = '2021-03-10T12:00:00Z';
export const DUE_AT = '2021-03-10T11:00:00Z';

export const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_FROM = '+15005550006';
export const PUBLIC_URL = 'https://touchpoint.example.test';
export const SENDING_DOMAIN = 'mail.touchpoint.test';
export const SIGNING_SECRET = 'dispatch-tests-signing-secret-0123';

/** Environment aiming both real SDKs at the stub, with the worker on and fast retries. */
export function providerEnv(stub: ProviderStub, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SENDGRID_API_KEY: 'SG.test-key',
    SENDGRID_API_URL: stub.url,
    SENDING_DOMAIN,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: 'test-auth-token',
    TWILIO_FROM_NUMBER: TWILIO_FROM,
    TWILIO_API_URL: stub.url,
    PUBLIC_URL,
    SIGNING_SECRET,
    COMPANY_NAME: 'Harbor Goods',
    COMPANY_POSTAL_ADDRESS: '12 Quay Street, Portland, ME 04101',
    // The tick is driven by the tests (promoteDue); the interval only switches the worker on.
    DISPATCH_INTERVAL_SECONDS: '3600',
    EMAIL_RATE_PER_SECOND: '0',
    SMS_RATE_PER_SECOND: '0',
    DELIVERY_BACKOFF_BASE_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '400',
    DELIVERY_TIMEOUT_MS: '1000',
    ...extra,
  };
}

/** An email and an SMS template of this file's own, written straight to the store. */
export async function createTemplates(db: DataSource): Promise<{ email: string; sms: string }> {
  const suffix = randomBytes(4).toString('hex');
  const email = `dispatch-email-${suffix}`;
  const sms = `dispatch-sms-${suffix}`;
  const now = new Date(DISPATCH_NOW);
  for (const [key, channel, parts] of [
    [
      email,
      'email',
      {
        subject: 'Hello {{customer.firstName}}',
        html: '<p>Dear {{customer.firstName}}, thank you.</p>',
        text: 'Dear {{customer.firstName}}, thank you.',
      },
    ],
    [sms, 'sms', { text: 'Hi {{customer.firstName}}, thanks for your order!' }],
  ] as const) {
    const [{ id }] = await db.query(
      `INSERT INTO templates (key, channel, description, created_at, updated_at) VALUES ($1, $2, '', $3, $3) RETURNING id`,
      [key, channel, now],
    );
    await db.query(`INSERT INTO template_variants (template_id, locale, parts, updated_at) VALUES ($1, '', $2, $3)`, [
      id,
      JSON.stringify(parts),
      now,
    ]);
  }
  // A Vietnamese variant of the email, to see the customer's locale chosen.
  await db.query(
    `INSERT INTO template_variants (template_id, locale, parts, updated_at)
     SELECT id, 'vi', $2, $3 FROM templates WHERE key = $1`,
    [
      email,
      JSON.stringify({
        subject: 'Xin chào {{customer.firstName}}',
        html: '<p>Cảm ơn {{customer.firstName}}.</p>',
        text: 'Cảm ơn {{customer.firstName}}.',
      }),
      now,
    ],
  );
  return { email, sms };
}

export function uniquePhone(): string {
  return `+1415${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
}

/** A customer and one due touch for them on `channel`. */
export async function dueTouch(
  db: DataSource,
  ruleId: string,
  channel: 'email' | 'sms',
  templates: { email: string; sms: string },
  customer: Partial<CustomerOverrides> = {},
  touch: Partial<TouchOverrides> = {},
): Promise<{ touchId: string; customerId: string; email: string; phone: string }> {
  const email = `${uniqueId('c')}@example.com`;
  const phone = uniquePhone();
  const c = await createCustomer(db, { email, phone, ...customer });
  const t = await createTouch(db, c.id, ruleId, {
    channel,
    templateKey: channel === 'email' ? templates.email : templates.sms,
    scheduledAt: DUE_AT,
    localDate: '2021-03-10',
    ...touch,
  });
  return { touchId: t.id, customerId: c.id, email: customer.email ?? email, phone: customer.phone ?? phone };
}

export async function enabledRule(db: DataSource): Promise<string> {
  return (await createRule(db, { enabled: true })).id;
}

export async function touchRow(
  db: DataSource,
  id: string,
): Promise<{
  state: string;
  reason: string | null;
  attempts: number;
  provider_message_id: string | null;
  rendered: Record<string, unknown> | null;
  scheduled_at: Date;
}> {
  const [row] = await db.query('SELECT state, reason, attempts, provider_message_id, rendered, scheduled_at FROM touches WHERE id = $1', [
    id,
  ]);
  return row;
}

/** Polls until `check` holds (or throws after `timeoutMs`). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function waitForStates(db: DataSource, ids: string[], states: string[], timeoutMs = 15_000): Promise<void> {
  try {
    await waitFor(
      `${ids.length} touches to reach ${states.join('/')}`,
      async () => {
        const [{ n }] = await db.query('SELECT count(*)::int AS n FROM touches WHERE id = ANY($1) AND state = ANY($2)', [ids, states]);
        return n === ids.length;
      },
      timeoutMs,
    );
  } catch (error) {
    // Say where they are instead, so a failure explains itself.
    const rows = await db.query('SELECT id::text, state, reason, attempts FROM touches WHERE id = ANY($1) ORDER BY id LIMIT 20', [ids]);
    throw new Error(`${(error as Error).message}; found ${JSON.stringify(rows)}`, { cause: error });
  }
}

/** Leaves nothing of this file's behind for the next file's workers. */
export async function cancelLeftovers(db: DataSource, ruleIds: string[]): Promise<void> {
  await db.query(
    `UPDATE touches SET state = 'cancelled', reason = 'test_cleanup' WHERE rule_id = ANY($1) AND state IN ('planned', 'queued', 'sending')`,
    [ruleIds],
  );
}

/** Keeps a worker process in `children` while it lives, and reports an unexpected exit with its last stderr. */
export function trackWorker(child: ChildProcess, children: Set<ChildProcess>): ChildProcess {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (code && code !== 143 && signal === null) process.stderr.write(`worker exited ${code}: ${stderr}\n`);
  });
  children.add(child);
  return child;
}

/** Signals a worker process and waits until it has exited. */
export async function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
