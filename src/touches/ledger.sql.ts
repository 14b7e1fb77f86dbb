import { PENDING_STATES, sqlStates } from './touch-states';

/**
 * Every statement that writes `touches` or `touch_events`, in one place. A transition moves the
 * state, sets or clears the reason and writes its timeline event in the same statement (a CTE),
 * so that no caller can write one without the other. Every instant is a parameter from the Clock.
 *
 * The `*Ctes` builders are for other features' set-based statements that act on many touches in
 * one go (the task promoter, the planner): they return CTEs over a row source the caller names,
 * so that the statement stays one round trip while its touch writes are still written here.
 */

// ---- dispatch: email and SMS ------------------------------------------------------------------

/** planned → queued: the due email and SMS touches of one chunk, oldest first. */
export const QUEUE_DUE = `
  WITH due AS (
    SELECT id FROM touches
     WHERE state = 'planned' AND channel IN ('email', 'sms') AND scheduled_at <= $1 AND (expires_at IS NULL OR expires_at > $1)
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
 * queued → sending, attempts + 1, for a batch of jobs, followed by the caller's SELECT over the
 * `claimed` rows (what the last check before sending needs), in the same statement. A job only
 * claims the attempt it was enqueued for, and only from `queued`: a touch left in `sending` by a
 * dead worker is never taken over by a job (it may have been sent); the recovery sweep decides
 * (RECOVER_UNSTARTED, MARK_OUTCOME_UNKNOWN). The claim holds until its lease ($4) runs out.
 * A queued touch past its expiry is not claimed: it ends `skipped` as `expired` instead.
 */
export function claimForSending(readClaimed: string): string {
  return `
  WITH j AS (
    SELECT * FROM unnest($1::bigint[], $2::int[]) AS j(id, attempt)
  ),
  expired AS (
    UPDATE touches t SET state = 'skipped', reason = 'expired', updated_at = $3
      FROM j
     WHERE t.id = j.id AND t.state = 'queued' AND t.attempts = j.attempt AND t.expires_at <= $3
    RETURNING t.id, t.customer_id, t.expires_at
  ),
  expired_events AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, id, 'expired', $3, jsonb_build_object('expiresAt', expires_at) FROM expired
  ),
  claimed AS (
    UPDATE touches t SET state = 'sending', attempts = j.attempt + 1, updated_at = $3,
                         lease_expires_at = $4, send_started_at = NULL
      FROM j
     WHERE t.id = j.id AND t.state = 'queued' AND t.attempts = j.attempt AND (t.expires_at IS NULL OR t.expires_at > $3)
    RETURNING t.id, t.customer_id, t.rule_id, t.channel, t.template_key, t.order_id, t.local_date, t.attempts
  )
  ${readClaimed}`;
}

/**
 * The worker is alive and still working these claims: their leases run until $3. Started ones
 * too: their answer is on its way, and recording it late is better than calling it unknown.
 */
export const EXTEND_LEASES = `
  UPDATE touches t SET lease_expires_at = $3
    FROM unnest($1::bigint[], $2::int[]) AS x(id, attempt)
   WHERE t.id = x.id AND t.state = 'sending' AND t.attempts = x.attempt AND t.lease_expires_at < $3`;

/**
 * The message of each claim is about to go to the provider: recorded first, with exactly what is
 * about to be sent ($4, JSON or null to keep what is there), and only while the claim still holds
 * (still `sending` at this attempt, lease not run out, not started before). Answers the ids that
 * may be sent; a claim the recovery sweep took back is not among them. No indexed column changes,
 * so the row can be updated in place (HOT) when its page has room.
 */
export const MARK_SEND_STARTED = `
  UPDATE touches t SET send_started_at = $3, rendered = COALESCE(x.rendered, t.rendered)
    FROM unnest($1::bigint[], $2::int[], $4::jsonb[]) AS x(id, attempt, rendered)
   WHERE t.id = x.id AND t.state = 'sending' AND t.attempts = x.attempt
     AND t.send_started_at IS NULL AND t.lease_expires_at > $3
  RETURNING t.id::text AS id`;

/**
 * Claims whose lease ran out before their message was handed over (the worker died or lost the
 * database first): sending → queued at the attempt before the claim, which was no attempt. The
 * caller enqueues a job for each in the same transaction. At most $2 at a time.
 */
export const RECOVER_UNSTARTED = `
  WITH lost AS (
    SELECT id FROM touches
     WHERE state = 'sending' AND lease_expires_at <= $1 AND send_started_at IS NULL
     ORDER BY lease_expires_at LIMIT $2
     FOR UPDATE SKIP LOCKED
  )
  UPDATE touches t SET state = 'queued', attempts = t.attempts - 1, lease_expires_at = NULL, updated_at = $1
    FROM lost WHERE t.id = lost.id
  RETURNING t.id::text AS id, t.channel, t.attempts`;

/**
 * Claims whose lease ran out after their message was handed to the provider, with no answer
 * recorded: the provider may or may not have taken it. sending → unknown with an
 * `outcome_unknown` event; never sent again by itself. At most $2 at a time.
 */
export const MARK_OUTCOME_UNKNOWN = `
  WITH lost AS (
    SELECT id FROM touches
     WHERE state = 'sending' AND lease_expires_at <= $1 AND send_started_at IS NOT NULL
     ORDER BY lease_expires_at LIMIT $2
     FOR UPDATE SKIP LOCKED
  ), u AS (
    UPDATE touches t SET state = 'unknown', reason = 'outcome_unknown', lease_expires_at = NULL, updated_at = $1
      FROM lost WHERE t.id = lost.id
    RETURNING t.id, t.customer_id, t.attempts, t.send_started_at
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, id, 'outcome_unknown', $1, jsonb_build_object('attempt', attempts, 'sendStartedAt', send_started_at) FROM u
  )
  SELECT count(*)::int AS n FROM u`;

/**
 * Unknown outcomes no provider event settled within the grace period ($3, the oldest `updated_at`
 * still waiting): unknown → failed as `outcome_unknown`, with a `failed` event, for an admin to
 * check and re-drive. At most $2 at a time.
 */
export const FAIL_OUTCOME_UNKNOWN = `
  WITH stale AS (
    SELECT id FROM touches WHERE state = 'unknown' AND updated_at <= $3
     ORDER BY updated_at LIMIT $2
     FOR UPDATE SKIP LOCKED
  ), u AS (
    UPDATE touches t SET state = 'failed', reason = 'outcome_unknown', updated_at = $1
      FROM stale WHERE t.id = stale.id
    RETURNING t.id, t.customer_id
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, id, 'failed', $1, jsonb_build_object('reason', 'outcome_unknown') FROM u
  )
  SELECT count(*)::int AS n FROM u`;

/** sending → skipped with the check's reason; the claim was no attempt. */
export const SKIP_CLAIMED = `
  UPDATE touches t SET state = 'skipped', reason = x.reason, attempts = t.attempts - 1, updated_at = $3
    FROM unnest($1::bigint[], $2::text[]) AS x(id, reason)
   WHERE t.id = x.id AND t.state = 'sending'`;

/**
 * sending → planned at the next allowed time; the promoter queues it again then. It leaves its
 * plan run: at its new time it may crowd the customer's week, so the next plan run decides the
 * frequency cap for it again (see the planner's CROWDED_CUSTOMERS).
 */
export const RESCHEDULE_CLAIMED = `
  UPDATE touches t SET state = 'planned', scheduled_at = x.at, attempts = t.attempts - 1, plan_run_id = NULL, updated_at = $3
    FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
   WHERE t.id = x.id AND t.state = 'sending'`;

/**
 * sending → sent, many touches at once, with a `sent` event each. A webhook may have moved a
 * touch on already (delivered before we got here), so the state only moves from sending, or
 * from an unknown outcome the sweep declared while the write was late; the message id is
 * recorded either way.
 */
export const MARK_SENT = `
  WITH x AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS x(id, message_id, detail)
  ), u AS (
    UPDATE touches t SET state = CASE WHEN t.state IN ('sending', 'unknown') OR (t.state = 'failed' AND t.reason = 'outcome_unknown')
                                      THEN 'sent' ELSE t.state END,
                         reason = CASE WHEN t.state IN ('sending', 'unknown') OR (t.state = 'failed' AND t.reason = 'outcome_unknown')
                                       THEN NULL ELSE t.reason END,
                         provider_message_id = x.message_id, lease_expires_at = NULL, updated_at = $4
      FROM x WHERE t.id = x.id
    RETURNING t.id, t.customer_id
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  SELECT u.customer_id, u.id, 'sent', $4, x.detail FROM u JOIN x ON x.id = u.id`;

/** sending → queued for a later attempt, with a `retry` event; the caller enqueues its job in the same transaction. */
export const MARK_RETRY = `
  WITH u AS (
    UPDATE touches SET state = 'queued', reason = $2, updated_at = $3
     WHERE id = $1 AND state = 'sending' AND attempts = $5
    RETURNING customer_id, attempts
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, $1, 'retry', $3, $4::jsonb FROM u
  )
  SELECT attempts FROM u`;

/** sending → failed with the reason, and a `failed` event. */
export const FAIL_SENDING = `
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
 * still queued at it, or claimed by it and never handed to the provider (a started one is the
 * recovery sweep's: its outcome is unknown, not failed).
 */
export const FAIL_GIVEN_UP = `
  WITH x AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[]) AS x(id, attempt, runs)
  ), u AS (
    UPDATE touches t SET state = 'failed', reason = 'queue: gave up after ' || x.runs || ' runs', updated_at = $4
      FROM x
     WHERE t.id = x.id
       AND ((t.state = 'queued' AND t.attempts = x.attempt)
         OR (t.state = 'sending' AND t.attempts = x.attempt + 1 AND t.send_started_at IS NULL))
    RETURNING t.id, t.customer_id, t.reason
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  SELECT u.customer_id, u.id, 'failed', $4, jsonb_build_object('reason', u.reason) FROM u`;

/**
 * failed → planned, attempts reset, with a `redriven` event naming who asked; `%WHERE%` is the
 * caller's filter over `t`. The next dispatch tick queues them again.
 */
export const REDRIVE = `
  WITH u AS (
    UPDATE touches t SET state = 'planned', attempts = 0, reason = NULL, updated_at = $1
     WHERE t.state = 'failed' AND t.channel IN ('email', 'sms') AND %WHERE%
    RETURNING t.id, t.customer_id
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
    SELECT customer_id, id, 'redriven', $1, $2, '{}'::jsonb FROM u
  )
  SELECT id::text AS id FROM u`;

// ---- provider events ----------------------------------------------------------------------------

/**
 * A provider event, written once (a redelivered webhook finds its id taken and changes nothing),
 * and, when it is new, the touch moved to the event's state ($7) if that is forward from where
 * it is ($9, the states it advances from). A touch failed only because its outcome was unknown
 * takes the provider's word too: that is the reconciliation the failure was waiting for. Answers whether the event was new and whether the touch moved.
 */
export const RECORD_PROVIDER_OUTCOME = `
  WITH e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, provider_event_id, detail) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING
    RETURNING id
  ), u AS (
    UPDATE touches SET state = $7, reason = $8, updated_at = $10, provider_message_id = COALESCE(provider_message_id, $11)
     WHERE id = $2 AND $7::text IS NOT NULL AND EXISTS (SELECT 1 FROM e)
       AND (state = ANY($9::text[]) OR (state = 'failed' AND reason = 'outcome_unknown'))
    RETURNING id
  )
  SELECT EXISTS (SELECT 1 FROM e) AS fresh, EXISTS (SELECT 1 FROM u) AS moved`;

// ---- events without a state change --------------------------------------------------------------

export const RECORD_EVENT = `
  INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, provider_event_id, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING
  RETURNING id`;

/** A customer-level event that links the touch only when it is this customer's (a signed link's touch id is not trusted). */
export const RECORD_CUSTOMER_EVENT = `
  INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
  VALUES ($1, (SELECT id FROM touches WHERE id = $2 AND customer_id = $1), $3, $4, $5)`;

/** History written in bulk (the demo data set): every row as given. */
export const RECORD_EVENTS_AS_GIVEN = `
  INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
  SELECT r.customer_id, r.touch_id, r.kind, r.at, r.actor_staff_id, COALESCE(r.detail, '{}')
    FROM jsonb_to_recordset($1::jsonb)
      AS r(customer_id bigint, touch_id bigint, kind text, at timestamptz, actor_staff_id uuid, detail jsonb)`;

// ---- tasks: call and card ---------------------------------------------------------------------

/** A task's touch ends as the task did ($3: done, or skipped with reason $4), with the task's event. */
export const SETTLE_TASK_TOUCH = `
  WITH u AS (
    UPDATE touches SET state = $3, reason = COALESCE($4, reason), updated_at = $5 WHERE id = $2
  )
  INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail) VALUES ($1, $2, $6, $5, $7, $8)`;

/** What the touch "sent" is the script the manager was given, for the timeline. */
export const RECORD_TASK_SCRIPTS = `
  UPDATE touches t SET rendered = u.rendered
    FROM jsonb_to_recordset($1::jsonb) AS u(touch_id bigint, rendered jsonb)
   WHERE t.id = u.touch_id AND jsonb_typeof(u.rendered) = 'object'`;

/**
 * CTEs settling the due call and card touches of a promotion batch: `due` has (id, customer_id,
 * skip_reason) and `inserted` the tasks made, (id, touch_id, customer_id, assignee_staff_id). A
 * touch with a task is queued (`task_created`), one that cannot be carried out is skipped with
 * its reason (`skipped`). `$1` is now.
 */
export function settleDueTaskTouchesCtes(due: string, inserted: string): string {
  return `touched AS (
           UPDATE touches t
              SET state = CASE WHEN d.skip_reason IS NULL THEN 'queued' ELSE 'skipped' END,
                  reason = d.skip_reason, updated_at = $1
             FROM ${due} d WHERE t.id = d.id
         ), events AS (
           INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
           SELECT customer_id, touch_id, 'task_created', $1,
                  jsonb_build_object('taskId', id::text, 'assigneeStaffId', assignee_staff_id)
             FROM ${inserted}
           UNION ALL
           SELECT customer_id, id, 'skipped', $1, jsonb_build_object('reason', skip_reason)
             FROM ${due} WHERE skip_reason IS NOT NULL
         )`;
}

/**
 * The touches of call tasks closed by another call's outcome (the customer asked not to be
 * called, the number is wrong): still pending ones are skipped with the touch reason placeholder
 * `touchReason`, and every closed task gets a `task_skipped` event whose reason is the outcome
 * placeholder `outcome`. `closed` has (id, customer_id, touch_id); `$3` is now and `$4` the staff
 * member acting. Ends the statement.
 */
export function skipTouchesOfClosedCallTasks(closed: string, touchReason: string, outcome: string): string {
  return `touched AS (
         UPDATE touches t SET state = 'skipped', reason = ${touchReason}, updated_at = $3
           FROM ${closed} WHERE t.id = ${closed}.touch_id AND t.state IN (${sqlStates(PENDING_STATES)}))
       INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
       SELECT customer_id, touch_id, 'task_skipped', $3, $4, jsonb_build_object('taskId', id::text, 'reason', ${outcome}::text)
         FROM ${closed}`;
}

/**
 * A follow-up try of a call, planned once: the insert does nothing when the ledger has the
 * (customer, rule, occurrence) already. Planned, or skipped with the reason ($10) the caller's
 * consent check gave; a `follow_up_planned` event ($12 detail, with the state and reason) on the
 * new touch. $11 now, $13 the staff member whose outcome asked for it; $9 its due day, $14 the
 * occurrence's own date (the original touch's, which templates read as the touch's date).
 */
export const INSERT_FOLLOW_UP = `
  WITH ins AS (
    INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, order_id, priority,
                         scheduled_at, local_date, due_date, state, reason, created_at, updated_at)
    VALUES ($1, $2, $3, $4, 'call', $5, $6, $7, $8, $14, $9, CASE WHEN $10::text IS NULL THEN 'planned' ELSE 'skipped' END, $10, $11, $11)
    ON CONFLICT (customer_id, rule_id, occurrence) DO NOTHING
    RETURNING id, customer_id, state, reason
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
    SELECT customer_id, id, 'follow_up_planned', $11, $13, $12::jsonb || jsonb_build_object('state', state, 'reason', reason) FROM ins
  )
  SELECT id::text AS id, state, reason FROM ins`;

/** `task_moved` events for the tasks in `moved` (id, customer_id, touch_id, from, to, reason); `$2` is now. Ends the statement. */
export function taskMovedEvents(moved: string): string {
  return `INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
       SELECT customer_id, touch_id, 'task_moved', $2,
              jsonb_build_object('taskId', id::text, 'from', "from", 'to', "to", 'reason', reason)
         FROM ${moved}`;
}

/**
 * `task_handed_over` / `task_handed_back` events for the tasks in `moved` (id, customer_id,
 * touch_id, kind, from, to, owner, reason), naming both staff members; `$2` is now and `$3` the
 * staff member acting (null for the periodic sweep). Ends the statement.
 */
export function taskHandoverEvents(moved: string): string {
  return `INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
       SELECT customer_id, touch_id, 'task_' || kind, $2, $3,
              jsonb_build_object('taskId', id::text, 'from', "from", 'to', "to", 'owner', owner, 'reason', reason,
                                 'fromName', (SELECT name FROM staff WHERE id = "from"), 'toName', (SELECT name FROM staff WHERE id = "to"))
         FROM ${moved}`;
}

// ---- cancellations and the planner ------------------------------------------------------------

/** Pending touches of a rule → cancelled with the reason; answers how many. */
export const CANCEL_PENDING_OF_RULE = `
  WITH cancelled AS (
    UPDATE touches SET state = 'cancelled', reason = $2, updated_at = $3
    WHERE rule_id = $1 AND state = ANY($4::text[])
    RETURNING 1)
  SELECT count(*)::int AS count FROM cancelled`;

/** One pending touch → cancelled with the reason; answers its id when it was pending. */
export const CANCEL_PENDING = `
  UPDATE touches SET state = 'cancelled', reason = $4, updated_at = $2
   WHERE id = $1 AND state = ANY($3::text[]) RETURNING id`;

/** The pending touches of some customers on one channel → cancelled with the reason. */
export const CANCEL_PENDING_OF_CUSTOMERS = `
  UPDATE touches SET state = 'cancelled', reason = $3, updated_at = $4
   WHERE customer_id = ANY($1::bigint[]) AND channel = $2 AND state = ANY($5::text[])`;

/**
 * An order ends a lapse: pending touches of a lapse rule whose lapse began before the customer's
 * current one (their last order moved on) → cancelled as `ordered`. `%CUSTOMERS%` narrows it.
 */
export const CANCEL_ENDED_LAPSES = `
  WITH cancelled AS (
    UPDATE touches t SET state = 'cancelled', reason = 'ordered', updated_at = $1
      FROM rules r, customers c
     WHERE r.trigger->>'kind' = 'lapse' AND t.rule_id = r.id AND t.state IN (${sqlStates(PENDING_STATES)})
       AND c.id = t.customer_id %CUSTOMERS%
       AND (c.last_order_at AT TIME ZONE c.time_zone)::date + (r.trigger->>'lapseDays')::int > split_part(t.occurrence, ':', 2)::date
    RETURNING 1)
  SELECT count(*)::int AS n FROM cancelled`;

/**
 * Pending touches past their expiry ($1 now) → skipped as `expired`, with an `expired` event:
 * after an outage the timely ones still go and the rest are recorded, never sent late. Tasks
 * already created (a queued call or card) are staff's to do and are left alone.
 */
export const EXPIRE_OVERDUE = `
  WITH u AS (
    UPDATE touches SET state = 'skipped', reason = 'expired', updated_at = $1
     WHERE expires_at <= $1 AND (state = 'planned' OR (state = 'queued' AND channel IN ('email', 'sms')))
    RETURNING id, customer_id, expires_at
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, id, 'expired', $1, jsonb_build_object('expiresAt', expires_at) FROM u
  )
  SELECT count(*)::int AS n FROM u`;

/**
 * Planned touches of a rule ($1) written under a version older than its current one ($2) that
 * re-planning under the current version did not select again → cancelled as `rule_changed`.
 * One already due ($3 now) is on its way and goes as planned. A follow-up try is never selected
 * by planning (an outcome planned it), so an edit leaves it alone.
 */
export const CANCEL_STALE_OF_RULE = `
  WITH u AS (
    UPDATE touches SET state = 'cancelled', reason = 'rule_changed', updated_at = $3
     WHERE rule_id = $1 AND state = 'planned' AND rule_version < $2 AND scheduled_at >= $3 AND occurrence NOT LIKE '%#followup-%'
    RETURNING id, customer_id, rule_version
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
    SELECT customer_id, id, 'cancelled', $3, jsonb_build_object('reason', 'rule_changed', 'ruleVersion', rule_version) FROM u
  )
  SELECT count(*)::int AS n FROM u`;

/** Planned touches ($1) that lost to the frequency cap or a cooldown → skipped with the reason $3. */
export const SKIP_PLANNED = `
  UPDATE touches SET state = 'skipped', reason = $3, updated_at = $2
   WHERE id = ANY($1::bigint[]) AND state = 'planned'
  RETURNING rule_id, plan_run_id`;

/**
 * The planner's insert of new touches from `decided` (a row per customer and occurrence, with
 * the planner's skip reason or null, its time and its expiry): planned, or skipped with the
 * reason. A touch already in the ledger is left as it is, except a still-planned one that an
 * older version of the rule planned: it is re-planned under the new version (moved, or skipped
 * when the new version skips it), and answers `replanned`. The values are the planner's bound
 * parameters or expressions.
 */
export function insertPlannedTouches(
  decided: string,
  v: {
    ruleId: string;
    version: string;
    channel: string;
    templateKey: string;
    priority: string;
    dueDate: string;
    runId: string;
    now: string;
  },
): string {
  return `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, order_id, priority,
                           scheduled_at, local_date, due_date, expires_at, state, reason, plan_run_id, created_at, updated_at)
      SELECT customer_id, ${v.ruleId}, ${v.version}, occurrence, ${v.channel},
             ${v.templateKey}, order_id, ${v.priority}, scheduled_at, local_date,
             ${v.dueDate}, expires_at, CASE WHEN reason IS NULL THEN 'planned' ELSE 'skipped' END, reason,
             ${v.runId}, ${v.now}, ${v.now}
        FROM ${decided}
      ON CONFLICT (customer_id, rule_id, occurrence) DO UPDATE
         SET rule_version = EXCLUDED.rule_version, channel = EXCLUDED.channel, template_key = EXCLUDED.template_key,
             priority = EXCLUDED.priority, scheduled_at = EXCLUDED.scheduled_at, local_date = EXCLUDED.local_date,
             due_date = EXCLUDED.due_date, expires_at = EXCLUDED.expires_at, state = EXCLUDED.state, reason = EXCLUDED.reason,
             plan_run_id = EXCLUDED.plan_run_id, updated_at = EXCLUDED.updated_at
       WHERE touches.state = 'planned' AND touches.rule_version < EXCLUDED.rule_version
      RETURNING id, customer_id, occurrence, state, reason, rule_version, scheduled_at, (xmax <> 0) AS replanned`;
}

/** A `replanned` event for each touch of `inserted` that an edit of its rule re-planned; `now` is a placeholder. */
export function replannedEventsCte(inserted: string, now: string): string {
  return `replanned AS (
      INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
      SELECT customer_id, id, 'replanned', ${now},
             jsonb_build_object('ruleVersion', rule_version, 'scheduledAt', scheduled_at, 'state', state, 'reason', reason)
        FROM ${inserted} WHERE replanned
    )`;
}

/** Erasure: what was sent ($1's touches) is replaced by a marker that keeps only the channel. */
export const ERASE_RENDERED = `UPDATE touches SET rendered = jsonb_build_object('channel', channel, 'erased', true)
  WHERE customer_id = $1 AND rendered IS NOT NULL`;

export const REASONS_OF_CUSTOMER = `SELECT id::text AS id, reason FROM touches WHERE customer_id = $1 AND reason IS NOT NULL`;

/** $1 touch ids, $2 their reasons as rewritten. */
export const REWRITE_REASONS = `UPDATE touches t SET reason = r.reason
  FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) WHERE t.id = r.id`;

export const EVENTS_OF_CUSTOMER = `SELECT id::text AS id, detail FROM touch_events WHERE customer_id = $1`;

/** $1 event ids, $2 their details as rewritten (JSON text). */
export const REWRITE_EVENT_DETAILS = `UPDATE touch_events e SET detail = r.detail::jsonb
  FROM unnest($1::bigint[], $2::text[]) AS r(id, detail) WHERE e.id = r.id`;
