/**
 * The statements dispatch runs, in one place. Every instant is a parameter from the Clock.
 * Statements whose rows are read end in a SELECT (or INSERT): TypeORM hands back
 * `[rows, count]` instead of rows for a top-level UPDATE.
 */

/** How a number is kept in sms_opt_out_notices: hashed, so that list is no copy of anyone's phone. */
export const PHONE_HASH = (column: string): string => `encode(sha256(convert_to(${column}, 'UTF8')), 'hex')`;

/** The number has been told how to opt out: later SMS to it go without the line. */
export const RECORD_OPT_OUT_NOTICE = `
  INSERT INTO sms_opt_out_notices (phone_hash, first_sent_at) VALUES (${PHONE_HASH('$1::text')}, $2)
  ON CONFLICT (phone_hash) DO NOTHING`;

/** Takes the due touches of one chunk: planned email/SMS whose time has come, oldest first. */
export const PROMOTE_DUE = `
  WITH due AS (
    SELECT id FROM touches
     WHERE state = 'planned' AND channel IN ('email', 'sms') AND scheduled_at <= $1
     ORDER BY scheduled_at, id
     LIMIT $2
     FOR UPDATE SKIP LOCKED
  ),
  moved AS (
    UPDATE touches t SET state = 'queued', updated_at = $1
      FROM due WHERE t.id = due.id
    RETURNING t.id::text AS id, t.channel, t.attempts
  )
  SELECT * FROM moved`;

/**
 * Claims a batch of jobs' touches (queued → sending, attempts + 1) and reads, in the same
 * statement, everything the last check before sending needs. A job only claims the attempt it
 * was enqueued for; a job run again after its worker died ($3 retried) may take over a touch
 * left in `sending`, once that claim is older than the job timeout ($5).
 */
export const CLAIM_AND_CHECK = `
  WITH j AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::bool[]) AS j(id, attempt, retried)
  ),
  claimed AS (
    UPDATE touches t SET state = 'sending', attempts = j.attempt + 1, updated_at = $4
      FROM j
     WHERE t.id = j.id
       AND ((t.state = 'queued' AND t.attempts = j.attempt)
         OR (j.retried AND t.state = 'sending' AND t.attempts = j.attempt + 1 AND t.updated_at <= $5))
    RETURNING t.id, t.customer_id, t.rule_id, t.channel, t.template_key, t.order_id, t.local_date, t.attempts
  )
  SELECT c.id::text AS id, c.customer_id::text AS customer_id, c.channel, c.template_key, c.order_id::text AS order_id,
         to_char(c.local_date, 'YYYY-MM-DD') AS local_date, c.attempts,
         r.enabled AS rule_enabled,
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
         c.channel = 'sms' AND NOT EXISTS (SELECT 1 FROM sms_opt_out_notices n WHERE n.phone_hash = ${PHONE_HASH('cu.phone')}) AS first_sms
    FROM claimed c
    JOIN customers cu ON cu.id = c.customer_id
    JOIN rules r ON r.id = c.rule_id
    LEFT JOIN staff m ON m.id = cu.account_manager_id`;

/** Ends claimed touches as skipped; the claim was no attempt. */
export const SKIP = `
  UPDATE touches t SET state = 'skipped', reason = x.reason, attempts = t.attempts - 1, updated_at = $3
    FROM unnest($1::bigint[], $2::text[]) AS x(id, reason)
   WHERE t.id = x.id AND t.state = 'sending'`;

/** Back to planned at the next allowed time; the promoter queues it again then. */
export const RESCHEDULE = `
  UPDATE touches t SET state = 'planned', scheduled_at = x.at, attempts = t.attempts - 1, updated_at = $3
    FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
   WHERE t.id = x.id AND t.state = 'sending'`;

/** What is about to be sent, recorded before sending. */
export const RECORD_RENDERED = `
  UPDATE touches t SET rendered = x.rendered, updated_at = $3
    FROM unnest($1::bigint[], $2::jsonb[]) AS x(id, rendered)
   WHERE t.id = x.id AND t.state = 'sending'`;

/**
 * The provider took them (many touches at once). A webhook may have moved a touch on already
 * (delivered before we got here), so the state only moves from sending; the message id is
 * recorded either way.
 */
export const RECORD_SENT = `
  WITH x AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS x(id, message_id, detail)
  ), u AS (
    UPDATE touches t SET state = CASE WHEN t.state = 'sending' THEN 'sent' ELSE t.state END,
                         provider_message_id = x.message_id, reason = NULL, updated_at = $4
      FROM x WHERE t.id = x.id
    RETURNING t.id, t.customer_id
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  SELECT u.customer_id, u.id, 'sent', $4, x.detail FROM u JOIN x ON x.id = u.id`;

/** Back to queued for a later attempt; the caller enqueues its job in the same transaction. */
export const RECORD_RETRY = `
  WITH u AS (
    UPDATE touches SET state = 'queued', reason = $2, updated_at = $3
     WHERE id = $1 AND state = 'sending' AND attempts = $5
    RETURNING customer_id, attempts
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, $1, 'retry', $3, $4::jsonb FROM u
  )
  SELECT attempts FROM u`;

export const RECORD_FAILED = `
  WITH u AS (
    UPDATE touches SET state = 'failed', reason = $2, updated_at = $3
     WHERE id = $1 AND state = 'sending'
    RETURNING customer_id
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  SELECT customer_id, $1, 'failed', $3, $4::jsonb FROM u
  RETURNING customer_id::text AS customer_id`;

/**
 * The queue gave up on these jobs (every run died or timed out): their touches end as failed
 * instead of waiting forever, and an admin can re-drive them. Only the attempt each job was for:
 * still queued at it, or claimed by it and never recorded.
 */
export const GIVE_UP = `
  WITH x AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[]) AS x(id, attempt, runs)
  ), u AS (
    UPDATE touches t SET state = 'failed', reason = 'queue: gave up after ' || x.runs || ' runs', updated_at = $4
      FROM x
     WHERE t.id = x.id
       AND ((t.state = 'queued' AND t.attempts = x.attempt) OR (t.state = 'sending' AND t.attempts = x.attempt + 1))
    RETURNING t.id, t.customer_id, t.reason
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  SELECT u.customer_id, u.id, 'failed', $4, jsonb_build_object('reason', u.reason) FROM u`;

export const SUPPRESS = `
  INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (channel, address) DO NOTHING`;

export const MARK_PHONE_INVALID = `UPDATE customers SET phone_invalid = true, updated_at = $2 WHERE id = $1`;
