/** The statements of the customers service, in one place; the merge itself is in customer-merge.sql.ts. */
import { customerUpsertSql } from './customer-merge.sql';

/** One statement for the whole batch: the customer merge shared with the CSV import. $1 the records (JSON), $2 now. */
export const UPSERT_CUSTOMERS = `${customerUpsertSql({
  from: `jsonb_to_recordset($1::jsonb) AS r(
           external_id text, first_name text, last_name text, email text, phone text, birth_year smallint,
           birth_month smallint, birth_day smallint, customer_since date, time_zone text, locale text,
           account_manager_id uuid, tags text[], tier text, consent jsonb, address jsonb)`,
  now: '$2::timestamptz',
})}
  RETURNING c.external_id, (c.xmax = 0) AS inserted`;

/** The staff members with the lower-cased emails $1. */
export const STAFF_BY_EMAIL = 'SELECT id, lower(email) AS email FROM staff WHERE lower(email) = ANY($1::text[])';

/** Which of the external ids $1 belong to anonymized customers. */
export const ANONYMIZED_CUSTOMERS = 'SELECT external_id FROM customers WHERE external_id = ANY($1::text[]) AND anonymized_at IS NOT NULL';

export const DELETE_CUSTOMER = 'DELETE FROM customers WHERE external_id = $1 RETURNING id';
