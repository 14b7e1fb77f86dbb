/** At most `max` automated touches per customer within any `days`-day stretch, across all rules. */
export interface FrequencyCap {
  max: number;
  days: number;
}

/** One of a customer's touches competing for the cap. */
export interface CapCandidate {
  id: string;
  scheduledAt: Date;
  priority: number;
  /** When the planner first wrote it: of two equal touches, the one planned earlier keeps its place. */
  plannedAt: Date;
  /** Rule and occurrence: the last tie-break, so that one run's touches are decided the same way every time. */
  key: string;
  /** Already handed to dispatch (queued, sent, done, ...): counts, and cannot lose. */
  fixed: boolean;
}

const DAY_MS = 86_400_000;

/** A counted touch as the ledger answers it, for the cap's decision. */
export interface CapRow {
  id: string;
  scheduled_at: Date;
  priority: number;
  state: string;
  created_at: Date;
  rule_id: string;
  occurrence: string;
}

/** The ledger's columns the cap reads (`CapRow`), for a SELECT from `touches`. */
export const CAP_COLUMNS = 'id::text AS id, scheduled_at, priority, state, created_at, rule_id, occurrence';

/** `fixedStates`: the states already handed to dispatch, which count and cannot lose. */
export function capCandidate(row: CapRow, fixedStates: readonly string[]): CapCandidate {
  return {
    id: row.id,
    scheduledAt: new Date(row.scheduled_at),
    priority: row.priority,
    plannedAt: new Date(row.created_at),
    key: `${row.rule_id}|${row.occurrence}`,
    fixed: fixedStates.includes(row.state),
  };
}

/**
 * Which of one customer's open touches lose to the cap. Fixed touches count first; then open ones
 * are taken by priority (higher first), earlier time, earlier planned, then rule and occurrence
 * (never the ledger id, whose order within one insert is the database's choice), and a touch is kept only
 * while fewer than `max` kept touches lie less than `days` from it. That keeps every window of
 * `days` at or under `max`: any two touches inside one window are less than `days` apart.
 */
export function capLosers(touches: CapCandidate[], cap: FrequencyCap): Set<string> {
  const span = cap.days * DAY_MS;
  const kept: number[] = touches.filter((t) => t.fixed).map((t) => t.scheduledAt.getTime());
  const losers = new Set<string>();
  const open = touches.filter((t) => !t.fixed).sort(byPrecedence);
  for (const touch of open) {
    const at = touch.scheduledAt.getTime();
    const near = kept.filter((other) => Math.abs(other - at) < span).length;
    if (near < cap.max) kept.push(at);
    else losers.add(touch.id);
  }
  return losers;
}

function byPrecedence(a: CapCandidate, b: CapCandidate): number {
  return (
    b.priority - a.priority ||
    a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
    a.plannedAt.getTime() - b.plannedAt.getTime() ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
