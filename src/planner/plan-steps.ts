import { capCandidate, capLosers, CapCandidate, CapRow, FrequencyCap } from '../consent/frequency-cap';
import { Db, rows } from '../database/sql';
import { skipCapped, skipCooldown } from '../touches/ledger';
import { FIXED_STATES } from '../touches/touch-states';
import { cooldownLosers, CooldownCandidate } from './cooldown';
import { buildPlanStatement, PlanContext } from './plan-query';
import * as sql from './planner.sql';

/** Per rule: touches planned, and skipped by reason. */
export interface RuleCounts {
  planned: number;
  skipped: Record<string, number>;
  /** Of the planned: lapse touches due now for an occurrence that began before the rule could act. */
  catchUp?: number;
}

/**
 * Plans one rule in one statement and counts what it wrote (rows already in the ledger add
 * nothing). The statement holds a touch back when the rule touched the customer within its
 * cooldown in an earlier run; among this run's own new touches (two large orders in a week) the
 * cooldown is decided after it, in time order.
 */
export async function planRule(q: Db, ctx: PlanContext): Promise<RuleCounts> {
  const { sql: statement, params } = buildPlanStatement(ctx);
  const result = await rows<{ state: string; reason: string | null; n: number; catch_up: number }>(q, statement, params);
  const counts: RuleCounts = { planned: 0, skipped: {} };
  for (const row of result) {
    if (row.state === 'planned') {
      counts.planned += row.n;
      if (row.catch_up > 0) counts.catchUp = (counts.catchUp ?? 0) + row.catch_up;
    } else if (row.reason) counts.skipped[row.reason] = (counts.skipped[row.reason] ?? 0) + row.n;
  }
  const cooldownDays = ctx.rule.limits.cooldownDays ?? 0;
  if (cooldownDays > 0 && counts.planned > 1) {
    const held = await applyCooldown(q, ctx.rule.id, ctx.runId, cooldownDays, ctx.now);
    if (held > 0) {
      counts.planned -= held;
      counts.skipped.cooldown = (counts.skipped.cooldown ?? 0) + held;
    }
  }
  return counts;
}

/** The cooldown among one run's new touches of a rule; answers how many it held back. */
async function applyCooldown(q: Db, ruleId: string, runId: string, days: number, now: Date): Promise<number> {
  const candidates = await rows<{ id: string; customer_id: string; scheduled_at: Date; occurrence: string }>(q, sql.COOLDOWN_CANDIDATES, [
    ruleId,
    runId,
  ]);
  if (candidates.length === 0) return 0;
  const perCustomer = new Map<string, CooldownCandidate[]>();
  for (const t of candidates) {
    const list = perCustomer.get(t.customer_id) ?? [];
    list.push({ id: t.id, scheduledAt: new Date(t.scheduled_at), occurrence: t.occurrence });
    perCustomer.set(t.customer_id, list);
  }
  const losers = [...perCustomer.values()].flatMap((list) => [...cooldownLosers(list, days)]);
  if (losers.length === 0) return 0;
  return (await skipCooldown(q, losers, now)).length;
}

export interface CapResult {
  /** Capped touches by rule, of this run's new ones. */
  byRule: Record<string, number>;
  /** Touches planned by earlier runs that a higher-priority newcomer pushed out. */
  earlier: number;
}

const CAP_BATCH = 1000;

/**
 * The frequency cap across rules, for the customers this run planned for. Only customers with
 * more counted touches near the new ones than the cap allows are loaded (a small, bounded set),
 * decided by `capLosers`, and the losers skipped as `capped`.
 */
export async function applyFrequencyCap(q: Db, runId: string, now: Date, cap: FrequencyCap): Promise<CapResult> {
  const result: CapResult = { byRule: {}, earlier: 0 };
  const crowded = await rows<{ customer_id: string; lo: Date; hi: Date }>(q, sql.CROWDED_CUSTOMERS, [runId, cap.max, cap.days]);
  for (let i = 0; i < crowded.length; i += CAP_BATCH) {
    const batch = crowded.slice(i, i + CAP_BATCH);
    const touches = await rows<CapRow & { customer_id: string }>(q, sql.CAP_CANDIDATES, [
      batch.map((c) => c.customer_id),
      batch.map((c) => c.lo),
      batch.map((c) => c.hi),
      cap.days,
    ]);
    const perCustomer = new Map<string, CapCandidate[]>();
    for (const t of touches) {
      const list = perCustomer.get(t.customer_id) ?? [];
      list.push(capCandidate(t, FIXED_STATES));
      perCustomer.set(t.customer_id, list);
    }
    const losers = [...perCustomer.values()].flatMap((list) => [...capLosers(list, cap)]);
    if (losers.length === 0) continue;
    const capped = await skipCapped(q, losers, now);
    for (const row of capped) {
      if (row.plan_run_id === runId) result.byRule[row.rule_id] = (result.byRule[row.rule_id] ?? 0) + 1;
      else result.earlier += 1;
    }
  }
  return result;
}
