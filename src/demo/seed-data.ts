import { NormalizedCustomer } from '../crm/customers/customer-input';
import { Statements } from '../rules/rule-insert';
import { hashToken, tokenPrefix } from '../staff/tokens';

/**
 * Typed rows for data written straight to the tables, outside the services: the demo set, the
 * test factories and the benchmarks. Each table's INSERT is written here once, for one row or
 * thousands (rows travel as one jsonb array), so a column added to a table is added here and
 * nowhere else. Rules go through `insertRule` (src/rules/rule-insert.ts), the REST service's own
 * path.
 */
export { insertRule } from '../rules/rule-insert';
export { withRuleDefaults } from '../rules/rule-defaults';
export type { Statements } from '../rules/rule-insert';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface StaffSeed {
  name: string;
  email: string;
  role: 'admin' | 'manager';
  timeZone: string;
  /** The language of their web page; the table's default is en. */
  locale?: string;
  phone?: string | null;
  emailSignature?: string | null;
  /** The table's default is 20. */
  dailyCapacity?: number;
  awayFrom?: string | null;
  awayUntil?: string | null;
  backupStaffId?: string | null;
}

/** Inserts staff members in the given order; answers their ids in the same order. */
export async function insertStaff(q: Statements, staff: readonly StaffSeed[], now: Date): Promise<string[]> {
  if (staff.length === 0) return [];
  const records = staff.map((s, n) => ({
    n,
    name: s.name,
    email: s.email,
    role: s.role,
    time_zone: s.timeZone,
    locale: s.locale ?? 'en',
    phone: s.phone ?? null,
    email_signature: s.emailSignature ?? null,
    daily_capacity: s.dailyCapacity ?? 20,
    away_from: s.awayFrom ?? null,
    away_until: s.awayUntil ?? null,
    backup_staff_id: s.backupStaffId ?? null,
  }));
  const rows = rowsOf<{ id: string; n: number }>(
    await q.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, name text, email text, role text, time_zone text, locale text, phone text,
                email_signature text, daily_capacity int, away_from date, away_until date, backup_staff_id uuid)
       ), ins AS (
         INSERT INTO staff (name, email, role, time_zone, locale, phone, email_signature, daily_capacity, away_from, away_until,
                            backup_staff_id, created_at, updated_at)
         SELECT name, email, role, time_zone, locale, phone, email_signature, daily_capacity, away_from, away_until, backup_staff_id, $2, $2
           FROM r ORDER BY n
         RETURNING id, email
       )
       SELECT ins.id, r.n FROM ins JOIN r ON r.email = ins.email ORDER BY r.n`,
      [JSON.stringify(records), now],
    ),
  );
  return rows.map((row) => row.id);
}

/** A personal API token, stored as its hash like every other. */
export async function insertToken(q: Statements, staffId: string, name: string, token: string, now: Date): Promise<void> {
  await q.query(`INSERT INTO api_tokens (staff_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    staffId,
    name,
    hashToken(token),
    tokenPrefix(token),
    now,
  ]);
}

/** A customer row as stored: the normalized input, with its account manager resolved to an id. */
export type CustomerSeed = Omit<NormalizedCustomer, 'timeZoneSource' | 'accountManagerEmail'> & { accountManagerId: string | null };

/** Inserts customers; answers their ids in the order given. */
export async function insertCustomers(q: Statements, customers: readonly CustomerSeed[], now: Date): Promise<string[]> {
  if (customers.length === 0) return [];
  const records = customers.map((c, n) => ({
    n,
    external_id: c.externalId,
    first_name: c.firstName,
    last_name: c.lastName,
    email: c.email,
    phone: c.phone,
    birth_year: c.birthYear,
    birth_month: c.birthMonth,
    birth_day: c.birthDay,
    customer_since: c.customerSince,
    time_zone: c.timeZone,
    locale: c.locale,
    account_manager_id: c.accountManagerId,
    tags: c.tags,
    tier: c.tier,
    consent: c.consent,
    address: c.address,
  }));
  const rows = rowsOf<{ id: string }>(
    await q.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, external_id text, first_name text, last_name text, email text, phone text,
                birth_year smallint, birth_month smallint, birth_day smallint, customer_since date, time_zone text, locale text,
                account_manager_id uuid, tags text[], tier text, consent jsonb, address jsonb)
       ), ins AS (
         INSERT INTO customers (external_id, first_name, last_name, email, phone, birth_year, birth_month, birth_day, customer_since,
                                time_zone, locale, account_manager_id, tags, tier, consent, address, created_at, updated_at)
         SELECT external_id, first_name, last_name, email, phone, birth_year, birth_month, birth_day, customer_since,
                time_zone, locale, account_manager_id, tags, tier, consent, address, $2, $2
           FROM r ORDER BY n
         RETURNING id, external_id
       )
       SELECT ins.id FROM ins JOIN r ON r.external_id = ins.external_id ORDER BY r.n`,
      [JSON.stringify(records), now],
    ),
  );
  return rows.map((row) => row.id);
}

export interface OrderSeed {
  customerId: string;
  externalId: string;
  placedAt: string;
  /** A decimal string, as the API takes it. */
  total: string;
  currency: string;
  status: string;
}

/**
 * Inserts orders; answers their ids in the order given. With `skipExisting`, an external id
 * already present is left alone (and answers no id).
 */
export async function insertOrders(
  q: Statements,
  orders: readonly OrderSeed[],
  now: Date | null,
  options: { skipExisting?: boolean } = {},
): Promise<string[]> {
  if (orders.length === 0) return [];
  const records = orders.map((o, n) => ({
    n,
    customer_id: o.customerId,
    external_id: o.externalId,
    placed_at: o.placedAt,
    total: o.total,
    currency: o.currency,
    status: o.status,
  }));
  // Without `now`, each order is recorded as written when it was placed, as a live shop would.
  const rows = rowsOf<{ id: string }>(
    await q.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, customer_id bigint, external_id text, placed_at timestamptz, total numeric,
                currency text, status text)
       ), ins AS (
         INSERT INTO orders (customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
         SELECT customer_id, external_id, placed_at, total, currency, status, COALESCE($2::timestamptz, placed_at), COALESCE($2::timestamptz, placed_at)
           FROM r ORDER BY n
         ${options.skipExisting ? 'ON CONFLICT (external_id) DO NOTHING' : ''}
         RETURNING id, external_id
       )
       SELECT ins.id FROM ins JOIN r ON r.external_id = ins.external_id ORDER BY r.n`,
      [JSON.stringify(records), now],
    ),
  );
  return rows.map((row) => row.id);
}

export type TemplateChannel = 'email' | 'sms' | 'call' | 'card';

export interface TemplateSeed {
  key: string;
  channel: TemplateChannel;
  description?: string;
  /** Parts by stored locale: '' is the default variant. */
  variants: Record<string, Record<string, string>>;
}

/** A template with its variants. */
export async function insertTemplate(q: Statements, template: TemplateSeed, now: Date): Promise<string> {
  const [{ id }] = rowsOf<{ id: string }>(
    await q.query(`INSERT INTO templates (key, channel, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [
      template.key,
      template.channel,
      template.description ?? '',
      now,
    ]),
  );
  for (const [locale, parts] of Object.entries(template.variants)) {
    await q.query(`INSERT INTO template_variants (template_id, locale, parts, updated_at) VALUES ($1, $2, $3, $4)`, [
      id,
      locale,
      JSON.stringify(parts),
      now,
    ]);
  }
  return id;
}
