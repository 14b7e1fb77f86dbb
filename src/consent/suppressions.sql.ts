/** The statements of the suppression list and of the consent it withdraws or grants, in one place. */

export const CUSTOMER_EXISTS = `SELECT 1 FROM customers WHERE id = $1`;

export const LOCK_CUSTOMER_ADDRESSES = `SELECT email, phone, locale FROM customers WHERE id = $1 FOR UPDATE`;

export const CUSTOMER_LOCALE = `SELECT locale FROM customers WHERE id = $1`;

/** $1 channel, $2 address. */
export const DELETE_SUPPRESSION = `DELETE FROM suppressions WHERE channel = $1 AND address = $2`;

/** The deleted row, for the audit trail. */
export const DELETE_SUPPRESSION_BY_ID = `DELETE FROM suppressions WHERE id = $1 RETURNING *`;

/** $1 channel, $2 address as given; an erased customer's address is listed as its hash. */
export const IS_SUPPRESSED = `SELECT 1 FROM suppressions WHERE channel = $1 AND address IN ($2, erased_address_hash($2))`;

/** `where` holds conditions on the parameters before the last; the last one is the limit. */
export function listSuppressions(where: string[], limitParam: number): string {
  return `SELECT * FROM suppressions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${limitParam}`;
}

/** $1 channel, $2 address, $3 customer id, $4 reason, $5 source, $6 now; no row when listed already. */
export const INSERT_SUPPRESSION = `INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, address) DO NOTHING RETURNING *`;

/** $1 channel, $2 address. */
export const SUPPRESSION_AT = `SELECT * FROM suppressions WHERE channel = $1 AND address = $2`;

/** $1 customer id, $2 address on the channel; email compares lower-cased. */
export function customersAt(channel: string): string {
  const byAddress = channel === 'email' ? `lower(email) = $2` : `phone = $2`;
  return `SELECT id FROM customers WHERE id = $1 UNION SELECT id FROM customers WHERE $2::text IS NOT NULL AND ${byAddress}`;
}

/** $1 customer ids, $2 channel, $3 the consent entry (JSON), $4 now, $5 status; the customers changed. */
export const SET_CONSENT = `WITH changed AS (
         UPDATE customers SET consent = jsonb_set(consent, ARRAY[$2::text], $3::jsonb), updated_at = $4
         WHERE id = ANY($1::bigint[]) AND (consent -> $2::text ->> 'status') IS DISTINCT FROM $5
           AND ($5 = 'withdrawn' OR consent -> $2::text ->> 'status' = 'withdrawn')
         RETURNING id)
       SELECT id FROM changed ORDER BY id`;
