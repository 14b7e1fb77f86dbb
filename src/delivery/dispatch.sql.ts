/**
 * Dispatch's own statements. The touch transitions it makes (queue, claim, skip, sent, retry,
 * failed) are the ledger's, in src/touches/ledger.sql.ts.
 */

/** How a number is kept in sms_opt_out_notices: hashed, so that list is no copy of anyone's phone. */
export const PHONE_HASH = (column: string): string => `encode(sha256(convert_to(${column}, 'UTF8')), 'hex')`;

/** The number has been told how to opt out: later SMS to it go without the line. */
export const RECORD_OPT_OUT_NOTICE = `
  INSERT INTO sms_opt_out_notices (phone_hash, first_sent_at) VALUES (${PHONE_HASH('$1::text')}, $2)
  ON CONFLICT (phone_hash) DO NOTHING`;

/**
 * Read over the touches a batch of jobs just claimed (the ledger's `claimed` rows), in the claim's
 * statement: everything the last check before sending needs.
 */
export const READ_CLAIMED = `
  SELECT c.id::text AS id, c.customer_id::text AS customer_id, c.channel, c.template_key, c.order_id::text AS order_id,
         to_char(c.local_date, 'YYYY-MM-DD') AS local_date, c.attempts,
         r.enabled AS rule_enabled,
         COALESCE((r.action ->> 'askFeedback')::boolean, false) AS ask_feedback,
         cu.anonymized_at IS NOT NULL AS anonymized,
         cu.consent -> c.channel ->> 'status' AS consent_status,
         cu.email, cu.phone, cu.phone_invalid, cu.time_zone,
         EXISTS (SELECT 1 FROM suppressions s, LATERAL (SELECT CASE WHEN c.channel = 'email' THEN lower(cu.email) ELSE cu.phone END AS address) a
                  WHERE s.channel = c.channel
                    -- An erased customer's suppression keeps only the hash of the address.
                    AND s.address IN (a.address, erased_address_hash(a.address))) AS suppressed,
         CASE WHEN m.active THEN m.name END AS manager_name,
         CASE WHEN m.active THEN m.email END AS manager_email,
         CASE WHEN m.active THEN m.email_signature END AS manager_signature,
         c.channel = 'sms' AND NOT EXISTS (SELECT 1 FROM sms_opt_out_notices n WHERE n.phone_hash = ${PHONE_HASH('cu.phone')}) AS first_sms,
         -- The frequency cap at the moment of sending ($3, over $5 days): what already went out.
         (SELECT count(*)::int FROM touches o
           WHERE o.customer_id = c.customer_id AND o.id <> c.id AND o.state IN ('sent', 'delivered', 'unknown', 'done')
             AND o.scheduled_at > $3::timestamptz - make_interval(days => $5::int) AND o.scheduled_at <= $3::timestamptz) AS recent_out
    FROM claimed c
    JOIN customers cu ON cu.id = c.customer_id
    JOIN rules r ON r.id = c.rule_id
    LEFT JOIN staff m ON m.id = cu.account_manager_id`;

export const SUPPRESS = `
  INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (channel, address) DO NOTHING`;

export const MARK_PHONE_INVALID = `UPDATE customers SET phone_invalid = true, updated_at = $2 WHERE id = $1`;
