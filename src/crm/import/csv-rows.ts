/**
 * The CSV side of the import: which columns a file must have, and how one CSV row becomes the
 * input the shared normalizers (`normalizeCustomer`, `normalizeOrder`) take, so that a CSV row
 * and a REST body pass exactly the same validation. Pure functions, no I/O.
 */
export type ImportKind = 'customers' | 'orders';

export const CUSTOMER_COLUMNS = [
  'external_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birthday',
  'customer_since',
  'time_zone',
  'locale',
  'account_manager_email',
  'tags',
  'tier',
  'consent_email',
  'consent_sms',
  'consent_call',
  'address_line1',
  'address_line2',
  'address_city',
  'address_region',
  'address_postal_code',
  'address_country',
] as const;

export const ORDER_COLUMNS = [
  'external_id',
  'customer_external_id',
  'placed_at',
  'placed_time_zone',
  'total',
  'currency',
  'status',
] as const;

export const COLUMNS: Record<ImportKind, readonly string[]> = { customers: CUSTOMER_COLUMNS, orders: ORDER_COLUMNS };

/** Position of each known column in the file, by name. */
export type ColumnIndex = Record<string, number>;

export type HeaderCheck = { ok: true; index: ColumnIndex } | { ok: false; missing: string[]; unknown: string[]; duplicate: string[] };

/**
 * Every column must be present, in any order, and nothing else: a missing column would read as
 * empty and silently erase stored values, an unknown one is most likely a typo.
 */
export function checkHeader(kind: ImportKind, header: string[]): HeaderCheck {
  const expected = COLUMNS[kind];
  const names = header.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase());
  const index: ColumnIndex = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  names.forEach((name, i) => {
    if (!expected.includes(name)) unknown.push(name === '' ? `(empty, column ${i + 1})` : name);
    else if (name in index) duplicate.push(name);
    else index[name] = i;
  });
  const missing = expected.filter((name) => !(name in index));
  if (missing.length > 0 || unknown.length > 0 || duplicate.length > 0) return { ok: false, missing, unknown, duplicate };
  return { ok: true, index };
}

export function describeHeaderProblem(kind: ImportKind, check: Extract<HeaderCheck, { ok: false }>): string {
  const parts: string[] = [];
  if (check.missing.length > 0) parts.push(`missing column(s): ${check.missing.join(', ')}`);
  if (check.unknown.length > 0) parts.push(`unknown column(s): ${check.unknown.join(', ')}`);
  if (check.duplicate.length > 0) parts.push(`repeated column(s): ${check.duplicate.join(', ')}`);
  return `Bad ${kind} CSV header: ${parts.join('; ')}. Expected: ${COLUMNS[kind].join(',')}`;
}

/** Maps a CSV field name back from the normalizer's field path, so the report speaks the file's language. */
const CUSTOMER_FIELD_TO_COLUMN: Record<string, string> = {
  externalId: 'external_id',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  birthday: 'birthday',
  customerSince: 'customer_since',
  timeZone: 'time_zone',
  locale: 'locale',
  accountManagerEmail: 'account_manager_email',
  tags: 'tags',
  tier: 'tier',
  'consent.email': 'consent_email',
  'consent.email.status': 'consent_email',
  'consent.sms': 'consent_sms',
  'consent.sms.status': 'consent_sms',
  'consent.call': 'consent_call',
  'consent.call.status': 'consent_call',
  address: 'address_line1',
  'address.line1': 'address_line1',
  'address.line2': 'address_line2',
  'address.city': 'address_city',
  'address.region': 'address_region',
  'address.postalCode': 'address_postal_code',
  'address.country': 'address_country',
};

const ORDER_FIELD_TO_COLUMN: Record<string, string> = {
  externalId: 'external_id',
  customerExternalId: 'customer_external_id',
  placedAt: 'placed_at',
  placedTimeZone: 'placed_time_zone',
  total: 'total',
  currency: 'currency',
  status: 'status',
};

export function columnOf(kind: ImportKind, field: string): string {
  return (kind === 'customers' ? CUSTOMER_FIELD_TO_COLUMN : ORDER_FIELD_TO_COLUMN)[field] ?? field;
}

/** The customer input shape of the REST API, built from one CSV row. Empty cells are absent values. */
export function customerInputFromRow(row: string[], c: ColumnIndex): Record<string, unknown> {
  const input: Record<string, unknown> = {
    externalId: row[c.external_id],
    firstName: row[c.first_name],
    lastName: row[c.last_name],
    email: row[c.email],
    phone: row[c.phone],
    birthday: row[c.birthday],
    customerSince: row[c.customer_since],
    timeZone: row[c.time_zone],
    locale: row[c.locale],
    accountManagerEmail: row[c.account_manager_email],
    tier: row[c.tier],
  };
  const tags = row[c.tags];
  if (tags !== '') input.tags = tags.split(';');

  // Only the channels the row speaks of: an empty cell keeps what is stored, like an absent key in REST.
  let consent: Record<string, { status: string }> | undefined;
  const email = row[c.consent_email];
  const sms = row[c.consent_sms];
  const call = row[c.consent_call];
  if (email !== '' || sms !== '' || call !== '') {
    consent = {};
    if (email !== '') consent.email = { status: email.trim() };
    if (sms !== '') consent.sms = { status: sms.trim() };
    if (call !== '') consent.call = { status: call.trim() };
    input.consent = consent;
  }

  const line1 = row[c.address_line1];
  const line2 = row[c.address_line2];
  const city = row[c.address_city];
  const region = row[c.address_region];
  const postalCode = row[c.address_postal_code];
  const country = row[c.address_country];
  // A row with no address cells has no address; a partial one is checked (line1, city, country required).
  if (line1 !== '' || line2 !== '' || city !== '' || region !== '' || postalCode !== '' || country !== '') {
    input.address = { line1, line2, city, region, postalCode, country };
  }
  return input;
}

export function orderInputFromRow(row: string[], c: ColumnIndex): Record<string, unknown> {
  return {
    externalId: row[c.external_id],
    customerExternalId: row[c.customer_external_id],
    placedAt: row[c.placed_at],
    placedTimeZone: row[c.placed_time_zone],
    total: row[c.total],
    currency: row[c.currency],
    status: row[c.status],
  };
}
