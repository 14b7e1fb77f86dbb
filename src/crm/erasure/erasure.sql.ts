/**
 * The statements of an erasure, in one place. Each touches only the rows of one customer (or,
 * for suppressions, the customer's addresses), inside the erasure's transaction.
 */

/** The values to look for, read and locked before they are blanked. */
export const LOCK_CUSTOMER = `
  SELECT id::text AS id, first_name, last_name, email, phone, address, anonymized_at IS NOT NULL AS anonymized
    FROM customers WHERE external_id = $1 FOR UPDATE`;

/**
 * The customer row: everything that identifies the person blanked, the row, its orders and the
 * numbers reports aggregate kept. The external id stays so a later push of the same person is
 * refused instead of bringing them back.
 */
export const BLANK_CUSTOMER = `
  UPDATE customers
     SET first_name = 'Anonymized', last_name = '', email = NULL, phone = NULL, phone_invalid = false,
         birth_year = NULL, birth_month = NULL, birth_day = NULL, address = NULL, tags = '{}',
         anonymized_at = COALESCE(anonymized_at, $2),
         updated_at = CASE WHEN anonymized_at IS NULL THEN $2 ELSE updated_at END
   WHERE id = $1`;

export const TOUCH_IDS = `SELECT id::text AS id FROM touches WHERE customer_id = $1`;

export const TASKS = `SELECT id::text AS id, note, skip_reason, moved_reason, talking_points FROM tasks WHERE customer_id = $1`;
export const UPDATE_TASK = `UPDATE tasks SET note = $2, skip_reason = $3, moved_reason = $4, talking_points = $5 WHERE id = $1`;

/**
 * Suppressions of the customer or of their addresses keep working but no longer hold the address:
 * it becomes its hash (erased_address_hash), the link to the customer goes. Where the hash is
 * listed already (an earlier erasure of the same address), the plain entry is simply dropped.
 */
export const HASH_SUPPRESSIONS = `
  WITH targets AS (
    SELECT id, channel, erased_address_hash(address) AS hashed
      FROM suppressions
     WHERE address NOT LIKE 'sha256:%'
       AND (customer_id = $1
            OR (channel = 'email' AND address = lower($2::text))
            OR (channel IN ('sms', 'call') AND address = $3::text))
  ),
  dropped AS (
    DELETE FROM suppressions s USING targets t
     WHERE s.id = t.id AND EXISTS (SELECT 1 FROM suppressions h WHERE h.channel = t.channel AND h.address = t.hashed)
    RETURNING s.id
  ),
  hashed AS (
    UPDATE suppressions s SET address = t.hashed, customer_id = NULL
      FROM targets t
     WHERE s.id = t.id AND s.id NOT IN (SELECT id FROM dropped)
    RETURNING s.id
  )
  SELECT (SELECT count(*) FROM hashed)::int + (SELECT count(*) FROM dropped)::int AS count`;

/** A new owner of the number gets the opt-out line on their first SMS. */
export const FORGET_SMS_NOTICE = `
  DELETE FROM sms_opt_out_notices WHERE phone_hash = encode(sha256(convert_to($1::text, 'UTF8')), 'hex')`;

/** Audit entries whose before or after mention any of the values. */
export const AUDIT_MENTIONS = `
  SELECT id::text AS id, before, after FROM audit_log
   WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) v
                  WHERE strpos(lower(COALESCE(before::text, '')), lower(v)) > 0
                     OR strpos(lower(COALESCE(after::text, '')), lower(v)) > 0)`;
export const UPDATE_AUDIT = `UPDATE audit_log SET before = $2, after = $3 WHERE id = $1`;

export const ERASE_FEEDBACK_COMMENTS = `UPDATE feedback_answers SET comment = $2 WHERE customer_id = $1 AND comment IS NOT NULL`;
