import { Db, rowCount, rows } from '../database/sql';
import * as sql from './ledger.sql';
import { PENDING_STATES, TouchState } from './touch-states';

/**
 * The touch ledger's transitions. Each runs one statement on the caller's `Db` (its transaction
 * when it has one), writing the state, the reason and the timeline event together. Nothing
 * outside src/touches writes `touches` or `touch_events`.
 */

/** Why a pending touch was cancelled; stored in `touches.reason`. */
export type CancelReason = 'cancelled_by_admin' | 'rule_disabled' | 'rule_changed';

// ---- dispatch: email and SMS ------------------------------------------------------------------

export interface QueuedTouch {
  id: string;
  channel: 'email' | 'sms';
  attempts: number;
}

/** planned → queued for up to `limit` due email and SMS touches, oldest first; rows other sessions hold are passed over. */
export function markQueued(db: Db, now: Date, limit: number): Promise<QueuedTouch[]> {
  return rows<QueuedTouch>(db, sql.QUEUE_DUE, [now, limit]);
}

/** A job's claim on its touch: the touch and the attempt the job was enqueued at. */
export interface SendClaim {
  touchId: string;
  attempt: number;
}

/**
 * queued → sending for each claim that still holds, leased to the caller until `leaseUntil`, and
 * in the same statement the caller's `readClaimed` SELECT over the `claimed` rows (what the last
 * check before sending needs). A touch already `sending` is never claimed again.
 */
export function markSending<T>(
  db: Db,
  claims: SendClaim[],
  now: Date,
  leaseUntil: Date,
  readClaimed: string,
  /** Parameters of `readClaimed` from $5 on. */
  readParams: unknown[] = [],
): Promise<T[]> {
  return rows<T>(db, sql.claimForSending(readClaimed), [
    claims.map((c) => c.touchId),
    claims.map((c) => c.attempt),
    now,
    leaseUntil,
    ...readParams,
  ]);
}

/** A claimed touch at the attempt its claim made (`touches.attempts` after the claim). */
export interface ClaimedAttempt {
  id: string;
  attempt: number;
}

/** The worker still works these claims: their leases run until `until`. */
export async function extendLeases(db: Db, claims: ClaimedAttempt[], until: Date): Promise<void> {
  if (claims.length === 0) return;
  await rowCount(db, sql.EXTEND_LEASES, [claims.map((c) => c.id), claims.map((c) => c.attempt), until]);
}

/** A claim whose message is about to leave, with exactly what is sent (JSON text) when known. */
export interface StartingSend extends ClaimedAttempt {
  rendered?: string;
}

/**
 * Records that these claims' messages are about to go to the provider, with what each one sends,
 * and answers the ids whose claim still holds: only those may be sent. Written before sending, so
 * that after a crash a touch is either known never to have left (queued again) or possibly sent
 * (unknown).
 */
export async function markSendStarted(db: Db, claims: StartingSend[], now: Date): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const started = await rows<{ id: string }>(db, sql.MARK_SEND_STARTED, [
    claims.map((c) => c.id),
    claims.map((c) => c.attempt),
    now,
    claims.map((c) => c.rendered ?? null),
  ]);
  return new Set(started.map((r) => r.id));
}

/** What one recovery pass found. */
export interface Recovered {
  /** Claims whose message never left: queued again at their previous attempt; enqueue a job for each. */
  requeued: QueuedTouch[];
  /** Claims whose message may have left: now `unknown`. */
  unknown: number;
  /** Unknown outcomes past the grace period: now failed as `outcome_unknown`, for an admin to re-drive. */
  failedUnknown: number;
}

/**
 * Settles the claims whose lease ran out by `now` (their worker died or lost the database) and
 * the unknown outcomes older than `unknownSince`, at most `limit` of each kind per call. Run it
 * inside the transaction that enqueues the jobs of `requeued`.
 */
export async function recoverExpiredClaims(db: Db, now: Date, unknownSince: Date, limit: number): Promise<Recovered> {
  const requeued = await rows<QueuedTouch>(db, sql.RECOVER_UNSTARTED, [now, limit]);
  const [{ n: unknown }] = await rows<{ n: number }>(db, sql.MARK_OUTCOME_UNKNOWN, [now, limit]);
  const [{ n: failedUnknown }] = await rows<{ n: number }>(db, sql.FAIL_OUTCOME_UNKNOWN, [now, limit, unknownSince]);
  return { requeued, unknown, failedUnknown };
}

/** sending → skipped with each touch's reason (the last check said no); the claim was no attempt. */
export async function skipClaimed(db: Db, skips: { id: string; reason: string }[], now: Date): Promise<void> {
  if (skips.length === 0) return;
  await rowCount(db, sql.SKIP_CLAIMED, [skips.map((s) => s.id), skips.map((s) => s.reason), now]);
}

/** sending → planned at a later time (quiet hours); the claim was no attempt. */
export async function reschedule(db: Db, items: { id: string; at: Date }[], now: Date): Promise<void> {
  if (items.length === 0) return;
  await rowCount(db, sql.RESCHEDULE_CLAIMED, [items.map((r) => r.id), items.map((r) => r.at), now]);
}

/** sending → sent with the provider's message id and a `sent` event each (detail as JSON text). */
export async function markSent(db: Db, items: { id: string; messageId: string; detail: string }[], now: Date): Promise<void> {
  if (items.length === 0) return;
  await rowCount(db, sql.MARK_SENT, [items.map((i) => i.id), items.map((i) => i.messageId), items.map((i) => i.detail), now]);
}

/** sending → queued for a later attempt, with a `retry` event; false when the claim no longer holds. */
export async function markRetry(
  db: Db,
  touch: { id: string; attempt: number },
  reason: string,
  now: Date,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const updated = await rows<{ attempts: number }>(db, sql.MARK_RETRY, [touch.id, reason, now, JSON.stringify(detail), touch.attempt]);
  return updated.length > 0;
}

/** sending → failed with the reason and a `failed` event; false when the touch was not sending. */
export async function fail(db: Db, touchId: string, reason: string, now: Date, detail: Record<string, unknown>): Promise<boolean> {
  const failed = await rows<{ customer_id: string }>(db, sql.FAIL_SENDING, [touchId, reason, now, JSON.stringify(detail)]);
  return failed.length > 0;
}

/** The queue gave up on these jobs after `runs` runs: their touches → failed, with a `failed` event each. */
export async function failGivenUp(db: Db, jobs: { touchId: string; attempt: number }[], runs: number, now: Date): Promise<void> {
  if (jobs.length === 0) return;
  await rowCount(db, sql.FAIL_GIVEN_UP, [jobs.map((j) => j.touchId), jobs.map((j) => j.attempt), jobs.map(() => runs), now]);
}

/**
 * failed → planned with attempts reset and a `redriven` event, for failed email and SMS touches
 * matching `where` (a condition over `t` whose parameters follow $1 now and $2 the staff member).
 */
export async function redrive(db: Db, where: string, now: Date, staffId: string | null, params: unknown[]): Promise<string[]> {
  const redriven = await rows<{ id: string }>(db, sql.REDRIVE.replace('%WHERE%', where), [now, staffId, ...params]);
  return redriven.map((r) => r.id);
}

// ---- provider events ----------------------------------------------------------------------------

export interface ProviderEvent {
  customerId: string;
  touchId: string;
  kind: string;
  at: Date;
  /** Unique per provider event: a second delivery of the same event changes nothing. */
  providerEventId: string;
  detail: Record<string, unknown>;
}

/** Where a provider event moves its touch, if anywhere. */
export interface ProviderMove {
  state: 'sent' | 'delivered' | 'failed';
  reason: string | null;
  /** States the touch may move from: provider callbacks arrive out of order, and a touch never moves back. */
  from: TouchState[];
  providerMessageId: string | null;
}

/**
 * Records a provider event once and, when it is new, moves the touch forward (delivered, failed
 * by a bounce, ...). `fresh` is false for an event recorded before.
 */
export async function recordProviderOutcome(
  db: Db,
  event: ProviderEvent,
  move: ProviderMove | null,
  now: Date,
): Promise<{ fresh: boolean; moved: boolean }> {
  const [result] = await rows<{ fresh: boolean; moved: boolean }>(db, sql.RECORD_PROVIDER_OUTCOME, [
    event.customerId,
    event.touchId,
    event.kind,
    event.at,
    event.providerEventId,
    JSON.stringify(event.detail),
    move?.state ?? null,
    move?.reason ?? null,
    move?.from ?? [],
    now,
    move?.providerMessageId ?? null,
  ]);
  return result;
}

// ---- events without a state change --------------------------------------------------------------

export interface LedgerEvent {
  customerId: string;
  touchId: string | null;
  kind: string;
  at: Date;
  actorStaffId?: string | null;
  /** When set, a second event with the same id is not written (and the answer is false). */
  providerEventId?: string | null;
  detail: Record<string, unknown>;
}

/** A timeline event that changes no state: a note, a task action, a reply, a resubscription. */
export async function recordEvent(db: Db, event: LedgerEvent): Promise<boolean> {
  return (await recordEventReturningId(db, event)) !== null;
}

/** Like recordEvent, answering the new event's id (null when its provider event id was recorded before). */
export async function recordEventReturningId(db: Db, event: LedgerEvent): Promise<string | null> {
  const written = await rows<{ id: string }>(db, sql.RECORD_EVENT, [
    event.customerId,
    event.touchId,
    event.kind,
    event.at,
    event.actorStaffId ?? null,
    event.providerEventId ?? null,
    JSON.stringify(event.detail),
  ]);
  return written[0]?.id ?? null;
}

/** A customer's own event; the touch named is linked only when it is theirs (it came from a link). */
export async function recordCustomerEvent(
  db: Db,
  event: { customerId: string; touchId: string | null; kind: string; at: Date; detail: Record<string, unknown> },
): Promise<void> {
  await rowCount(db, sql.RECORD_CUSTOMER_EVENT, [event.customerId, event.touchId, event.kind, event.at, JSON.stringify(event.detail)]);
}

/**
 * Past events written as given, in one statement (the demo data set's history): rows of
 * customer_id, touch_id, kind, at, and optionally actor_staff_id and detail.
 */
export async function recordEventsAsGiven(db: Db, events: readonly Record<string, unknown>[]): Promise<void> {
  await rowCount(db, sql.RECORD_EVENTS_AS_GIVEN, [JSON.stringify(events)]);
}

// ---- tasks: call and card ---------------------------------------------------------------------

/** The task's staff action that settles its touch, written as the task's timeline event. */
export interface TaskTouchAction {
  customerId: string;
  touchId: string;
  taskId: string;
  kind: string;
  actorStaffId: string;
  detail: Record<string, unknown>;
}

/** A completed task's touch → done, with the task's event. */
export async function markDone(db: Db, action: TaskTouchAction, now: Date): Promise<void> {
  await settleTaskTouch(db, action, 'done', null, now);
}

/** A touch → skipped with the reason and the acting event (a task skipped by its staff member). */
export async function skip(db: Db, action: TaskTouchAction, reason: string, now: Date): Promise<void> {
  await settleTaskTouch(db, action, 'skipped', reason, now);
}

async function settleTaskTouch(db: Db, action: TaskTouchAction, state: TouchState, reason: string | null, now: Date): Promise<void> {
  await rowCount(db, sql.SETTLE_TASK_TOUCH, [
    action.customerId,
    action.touchId,
    state,
    reason,
    now,
    action.kind,
    action.actorStaffId,
    JSON.stringify({ taskId: action.taskId, ...action.detail }),
  ]);
}

/** A follow-up try of a call, as the ledger writes it. */
export interface FollowUpTouch {
  customerId: string;
  ruleId: string;
  ruleVersion: number;
  occurrence: string;
  templateKey: string;
  orderId: string | null;
  priority: number;
  scheduledAt: Date;
  /** The customer's local day it is due. */
  dueDate: string;
  /** The occurrence's own date, as the original touch has it (the birthday, the order day). */
  localDate: string;
  /** Null: planned; else skipped with this reason (no consent, no usable phone, suppressed). */
  skipReason: string | null;
  /** Who recorded the outcome that asked for it. */
  actorStaffId: string;
  /** For its `follow_up_planned` event: the try, the outcome, the touch it follows. */
  detail: Record<string, unknown>;
}

/**
 * Plans a follow-up try once: the new touch (planned, or skipped with its reason) with a
 * `follow_up_planned` event, or null when the ledger had this occurrence already.
 */
export async function planFollowUp(
  db: Db,
  touch: FollowUpTouch,
  now: Date,
): Promise<{ id: string; state: TouchState; reason: string | null } | null> {
  const [row] = await rows<{ id: string; state: TouchState; reason: string | null }>(db, sql.INSERT_FOLLOW_UP, [
    touch.customerId,
    touch.ruleId,
    touch.ruleVersion,
    touch.occurrence,
    touch.templateKey,
    touch.orderId,
    touch.priority,
    touch.scheduledAt,
    touch.dueDate,
    touch.skipReason,
    now,
    JSON.stringify(touch.detail),
    touch.actorStaffId,
    touch.localDate,
  ]);
  return row ?? null;
}

/** The call or card script a task's manager was given, recorded as what the touch "sent" (JSON text of {touch_id, rendered}[]). */
export async function recordTaskScripts(db: Db, scriptsJson: string): Promise<void> {
  await rowCount(db, sql.RECORD_TASK_SCRIPTS, [scriptsJson]);
}

// ---- cancellations and the planner ------------------------------------------------------------

/** One pending touch → cancelled by an admin; false when it was not pending (or does not exist). */
export async function cancel(db: Db, touchId: string, reason: CancelReason, now: Date): Promise<boolean> {
  return (await rowCount(db, sql.CANCEL_PENDING, [touchId, now, PENDING_STATES, reason])) > 0;
}

/**
 * Cancels every pending (planned, queued) touch of a rule and returns how many. Touches already
 * handed to a worker (`sending`) or finished are left alone.
 */
export async function cancelPendingOfRule(db: Db, ruleId: string, reason: CancelReason, now: Date): Promise<number> {
  const [{ count }] = await rows<{ count: number }>(db, sql.CANCEL_PENDING_OF_RULE, [ruleId, reason, now, PENDING_STATES]);
  return count;
}

/** The pending touches of these customers on a channel → cancelled with the reason (an opt-out); answers how many. */
export function cancelPendingOfCustomers(db: Db, customerIds: string[], channel: string, reason: string, now: Date): Promise<number> {
  return rowCount(db, sql.CANCEL_PENDING_OF_CUSTOMERS, [customerIds, channel, reason, now, PENDING_STATES]);
}

/**
 * An order ends a lapse: pending lapse touches whose lapse began before the customer's current
 * one → cancelled as `ordered`. `customerIds` narrows it to the customers of new orders; null
 * checks every pending lapse touch. Answers how many.
 */
export async function cancelEndedLapses(db: Db, now: Date, customerIds: string[] | null): Promise<number> {
  const scoped = customerIds !== null;
  const statement = sql.CANCEL_ENDED_LAPSES.replace('%CUSTOMERS%', scoped ? 'AND t.customer_id = ANY($2::bigint[])' : '');
  const [{ n }] = await rows<{ n: number }>(db, statement, scoped ? [now, customerIds] : [now]);
  return n;
}

// ---- timeliness and rule edits ------------------------------------------------------------------

/** Pending touches past their expiry → skipped as `expired`, each with an event; answers how many. */
export async function expire(db: Db, now: Date): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(db, sql.EXPIRE_OVERDUE, [now]);
  return n;
}

/**
 * After the rule was re-planned under its current version: its planned touches still on an older
 * version (the new one no longer selects them) → cancelled as `rule_changed`; answers how many.
 */
export async function cancelChangedOfRule(db: Db, ruleId: string, version: number, now: Date): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(db, sql.CANCEL_STALE_OF_RULE, [ruleId, version, now]);
  return n;
}

/** Planned touches that lost the frequency cap → skipped as `capped`; answers each one's rule and plan run. */
export function skipCapped(db: Db, touchIds: string[], now: Date): Promise<{ rule_id: string; plan_run_id: string | null }[]> {
  return rows(db, sql.SKIP_PLANNED, [touchIds, now, 'capped']);
}

/** Planned touches a rule's cooldown holds back (see planner/cooldown.ts): skipped as `cooldown`. */
export function skipCooldown(db: Db, touchIds: string[], now: Date): Promise<{ rule_id: string; plan_run_id: string | null }[]> {
  return rows(db, sql.SKIP_PLANNED, [touchIds, now, 'cooldown']);
}

/**
 * Erasure of a customer's touches: what was sent (kept on each touch for the timeline) becomes a
 * marker that keeps the channel, and each reason is rewritten by `mask` (a provider's bounce text
 * may quote the address). Runs in the erasure's transaction.
 */
export async function eraseContent(db: Db, customerId: string, mask: (text: string) => string): Promise<void> {
  await rowCount(db, sql.ERASE_RENDERED, [customerId]);
  const changed = (await rows<{ id: string; reason: string }>(db, sql.REASONS_OF_CUSTOMER, [customerId]))
    .map((row) => ({ id: row.id, reason: mask(row.reason), before: row.reason }))
    .filter((row) => row.reason !== row.before);
  if (changed.length === 0) return;
  await rowCount(db, sql.REWRITE_REASONS, [changed.map((row) => row.id), changed.map((row) => row.reason)]);
}

/** Erasure of a customer's timeline: each event's detail rewritten by `mask`; answers how many changed. */
export async function eraseEventDetails(db: Db, customerId: string, mask: (detail: unknown) => unknown): Promise<number> {
  const changed = (await rows<{ id: string; detail: unknown }>(db, sql.EVENTS_OF_CUSTOMER, [customerId]))
    .map((event) => ({ id: event.id, before: JSON.stringify(event.detail), after: JSON.stringify(mask(event.detail)) }))
    .filter((event) => event.after !== event.before);
  if (changed.length > 0) await rowCount(db, sql.REWRITE_EVENT_DETAILS, [changed.map((e) => e.id), changed.map((e) => e.after)]);
  return changed.length;
}
