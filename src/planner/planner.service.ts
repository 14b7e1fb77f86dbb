import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { AdvisoryLock, tryLock, withLock } from '../database/advisory-locks';
import { Db, isolated, rowCount, rows } from '../database/sql';
import { PlannableRule } from './plan-query';
import { cancelChangedOfRule, cancelEndedLapses, expire } from '../touches/ledger';
import { applyFrequencyCap, planRule, RuleCounts } from './plan-steps';
import { PlanRun } from './plan-run.entity';
import { PlannerSettings } from '../config/settings';
import * as sql from './planner.sql';

const HOUR_MS = 3_600_000;

export type PlanTrigger = 'cron' | 'manual' | 'order' | 'rule_changed';

/** What a run stores in `plan_runs.counts`. */
export interface PlanRunCounts {
  /**
   * Per rule; `error` when the rule could not be planned (and planned nothing); `cancelled` the
   * pending touches an edit of the rule no longer selects (`rule_changed`).
   */
  rules: Record<string, RuleCounts & { name: string; error?: string; cancelled?: number }>;
  /** Skipped touches of this run by reason, over all rules. */
  reasons: Record<string, number>;
  /** Pending lapse touches cancelled because the customer ordered. */
  cancelled: number;
  /** Touches planned by earlier runs that lost the frequency cap to this run's higher-priority ones. */
  cappedEarlier: number;
  /** Pending touches found past their expiry (after an outage, say) and skipped as `expired`. */
  expired?: number;
}

export interface RunPage {
  items: PlanRun[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Plan runs: every enabled rule's statement over one window, then lapse endings and the
 * frequency cap, all on one connection holding the planner's advisory lock, so one instance
 * plans at a time. Every run is recorded in plan_runs.
 */
@Injectable()
export class PlannerService {
  private readonly logger = new Logger(PlannerService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: PlannerSettings,
  ) {}

  /** Plans the horizon ahead; null when another run holds the lock. */
  async planOnce(trigger: 'cron' | 'manual' = 'manual'): Promise<PlanRun | null> {
    const locked = await tryLock(this.db, AdvisoryLock.Planner, (q) => this.planHolding(q, trigger));
    return locked.acquired ? locked.value : null;
  }

  /** Plans the horizon ahead on a connection that holds the planner's lock already (the tick's). */
  planHolding(q: QueryRunner, trigger: 'cron' | 'manual'): Promise<PlanRun> {
    return this.execute(q, trigger, null);
  }

  /**
   * Plans order rules for just-placed orders (and ends their customers' lapses) at once, waiting
   * for a running plan to finish rather than leaving them to the next tick.
   */
  async planOrders(orderIds: string[]): Promise<PlanRun | null> {
    if (orderIds.length === 0) return null;
    // Bounded: a stuck run must not hold an API request forever; the next tick still plans.
    return withLock(this.db, AdvisoryLock.Planner, (q) => this.execute(q, 'order', orderIds), { timeout: '30s' });
  }

  /**
   * Re-plans edited rules at once, over the whole horizon: pending touches move to the new
   * version's time or are cancelled as `rule_changed`, and the cap is decided again.
   */
  async planChangedRules(ruleIds: string[]): Promise<PlanRun | null> {
    if (ruleIds.length === 0) return null;
    return withLock(this.db, AdvisoryLock.Planner, (q) => this.execute(q, 'rule_changed', null, ruleIds), { timeout: '30s' });
  }

  async listRuns(limit: number, offset: number): Promise<RunPage> {
    const repo = this.db.getRepository(PlanRun);
    const [items, total] = await repo.findAndCount({ order: { startedAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  async getRun(id: string): Promise<PlanRun> {
    const run = await this.db.getRepository(PlanRun).findOneBy({ id });
    if (!run) throw new NotFoundError('Plan run', id);
    return run;
  }

  private async execute(q: Db, trigger: PlanTrigger, orderIds: string[] | null, ruleIds: string[] | null = null): Promise<PlanRun> {
    const now = this.clock.now();
    const windowEnd = new Date(now.getTime() + this.settings.horizonHours * HOUR_MS);
    // Holding the lock, no other run is alive: a 'running' row is one whose process died.
    await rowCount(q, sql.FAIL_INTERRUPTED_RUNS, [now]);
    const [{ id: runId }] = await rows<{ id: string }>(q, sql.START_RUN, [trigger, now, now, windowEnd]);
    try {
      const counts = await this.planRules(q, runId, now, windowEnd, orderIds, ruleIds);
      const planned = Object.values(counts.rules).reduce((sum, r) => sum + r.planned, 0);
      const skipped = Object.values(counts.reasons).reduce((sum, n) => sum + n, 0);
      await rowCount(q, sql.FINISH_RUN, [runId, this.clock.now(), planned, skipped, JSON.stringify(counts)]);
      const failed = Object.values(counts.rules).filter((r) => r.error !== undefined);
      if (failed.length > 0) {
        const summary = `${failed.length} rule(s) could not be planned: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`;
        await rowCount(q, sql.NOTE_RULE_ERRORS, [runId, summary]);
        this.logger.warn(`Plan run ${runId} (${trigger}): ${summary}`);
      }
      if (planned + skipped + counts.cancelled > 0) {
        this.logger.log(`Plan run ${runId} (${trigger}): ${planned} planned, ${skipped} skipped, ${counts.cancelled} cancelled`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await rowCount(q, sql.FAIL_RUN, [runId, this.clock.now(), message]);
      throw error;
    }
    return this.getRun(runId);
  }

  /** Runs on a held connection under a savepoint or transaction of its own; elsewhere as it is. */
  private inIsolation<T>(q: Db, work: () => Promise<T>): Promise<T> {
    const runner = q instanceof DataSource ? undefined : q instanceof EntityManager ? q.queryRunner : q;
    return runner ? isolated(runner, 'plan_rule', work) : work();
  }

  private async planRules(
    q: Db,
    runId: string,
    now: Date,
    windowEnd: Date,
    orderIds: string[] | null,
    ruleIds: string[] | null,
  ): Promise<PlanRunCounts> {
    const enabled = await rows<sql.RuleRow>(q, sql.enabledRules(orderIds !== null));
    const rules = ruleIds === null ? enabled : enabled.filter((rule) => ruleIds.includes(rule.id));
    const counts: PlanRunCounts = { rules: {}, reasons: {}, cancelled: 0, cappedEarlier: 0 };
    // What can no longer go out in time is recorded as expired before anything is planned.
    if (orderIds === null) counts.expired = await expire(q, now);
    for (const rule of rules) {
      const plannable: PlannableRule = rule;
      const ctx = { rule: plannable, runId, now, windowStart: now, windowEnd, quiet: this.settings.quiet, orderIds: orderIds ?? undefined };
      // One rule's failure (a value the database refuses, whatever got it saved) must not stop
      // the others: it plans nothing, and the run and the rule say why.
      try {
        const result = await this.inIsolation(q, async () => {
          const planned = await planRule(q, ctx);
          // An edited rule: its pending touches were re-planned above; what the new version no
          // longer selects goes. Only on full runs: the order hook sees a few orders, not all.
          const cancelled = orderIds === null ? await cancelChangedOfRule(q, rule.id, rule.version, now) : 0;
          return cancelled > 0 ? { ...planned, cancelled } : planned;
        });
        counts.rules[rule.id] = { name: rule.name, ...result };
        await rowCount(q, sql.CLEAR_RULE_ERROR, [rule.id]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        counts.rules[rule.id] = { name: rule.name, planned: 0, skipped: {}, error: message };
        await rowCount(q, sql.RECORD_RULE_ERROR, [rule.id, message, now]);
      }
    }
    const customers = orderIds
      ? (await rows<{ customer_id: string }>(q, sql.CUSTOMERS_OF_ORDERS, [orderIds])).map((r) => r.customer_id)
      : null;
    counts.cancelled = await cancelEndedLapses(q, now, customers);

    const capped = await applyFrequencyCap(q, runId, now, this.settings.cap);
    for (const [ruleId, n] of Object.entries(capped.byRule)) {
      const entry = counts.rules[ruleId];
      entry.planned -= n;
      entry.skipped.capped = (entry.skipped.capped ?? 0) + n;
    }
    counts.cappedEarlier = capped.earlier;
    for (const entry of Object.values(counts.rules)) {
      for (const [reason, n] of Object.entries(entry.skipped)) counts.reasons[reason] = (counts.reasons[reason] ?? 0) + n;
    }
    return counts;
  }
}
