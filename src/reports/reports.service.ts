import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/errors';
import { CompanySettings } from '../config/settings';
import { Principal } from '../common/domain';
import { customerShares } from './customer-shares';
import { Period } from './period';
import { MonthlyOutcome, upliftByMonth, UpliftResult } from './uplift';
import { rows as rowsOf, run } from '../database/sql';
import * as sql from './reports.sql';

export interface RuleReportRow {
  ruleId: string;
  rule: string;
  channel: string;
  planned: number;
  sent: number;
  delivered: number;
  bounced: number;
  opened: number;
  clicked: number;
  replies: number;
  tasksDone: Record<string, number>;
  skipped: Record<string, number>;
  failed: Record<string, number>;
}

export interface UpliftRow {
  ruleId: string;
  rule: string;
  result: UpliftResult;
  /** The same comparison month by month, for the picture over time. */
  series: { month: string; result: UpliftResult }[];
}

export interface StaffReportRow {
  staffId: string;
  name: string;
  done: number;
  overdue: number;
  open: number;
  averageDaysLate: number | null;
  outcomes: Record<string, number>;
}

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_DAYS = 90;
/**
 * The uplift report runs as this many statements side by side, each for a share of the customers
 * with about as many touches (see customerShares, upliftOutcomes). Finding each customer's first
 * touch and joining it to their orders is work per customer; one serial statement took 7.6 s at
 * 1M customers on the two-core benchmark machine and left a core idle.
 */
const UPLIFT_SHARES = 2;

/**
 * Reports read the ledger with a handful of set-based queries per request. A manager's reports
 * cover only customers they manage: every query takes an optional manager id.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly company: CompanySettings,
  ) {}

  period(from?: string, to?: string): Period {
    const end = to ? new Date(to) : this.clock.now();
    const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (start >= end) throw new InvalidInputError('Empty period', [{ field: 'from', reason: 'must be before to' }]);
    if (end.getTime() - start.getTime() > 3 * 366 * DAY_MS) {
      throw new InvalidInputError('Period too long', [{ field: 'from', reason: 'a period spans at most three years' }]);
    }
    return { from: start, to: end };
  }

  async ruleReport(principal: Principal, period: Period, ruleId?: string): Promise<RuleReportRow[]> {
    const scope = this.scope(principal, 4);
    const params = [period.from, period.to, ruleId ?? null, ...scope.params];
    const where = sql.ruleWhere(scope);
    // One pass over the period's touches counts them by rule, state and reason: the funnel and
    // the skip and failure reasons all come from it. Events and tasks need their own joins. The
    // three run side by side, each without parallel workers: on the two-core benchmark machine
    // that took 1.0 s against 1.45 s with them, and 35 ms against 190 ms for a manager.
    const [states, events, tasks] = await Promise.all([
      this.query<{ rule_id: string; name: string; channel: string; state: string; reason: string | null; n: number }>(
        sql.ruleStates(scope, where),
        params,
      ),
      this.query<{ rule_id: string; kind: string; n: number }>(sql.ruleEvents(scope, where), params),
      // Completing a task marks its touch done in the same transaction, so only the period's done
      // touches are joined to their tasks, not every touch to every task.
      this.query<{ rule_id: string; outcome: string; n: number }>(sql.ruleTaskOutcomes(scope, where), params),
    ]);
    const rules = [...new Map(states.map((row) => [row.rule_id, row])).values()];
    return rules.map((rule) => {
      const mine = <T extends { rule_id: string }>(rows: T[]) => rows.filter((r) => r.rule_id === rule.rule_id);
      const count = (test: (state: string) => boolean) => mine(states).reduce((sum, r) => (test(r.state) ? sum + r.n : sum), 0);
      const eventCount = (kind: string) => mine(events).find((e) => e.kind === kind)?.n ?? 0;
      const byReason = (state: string) =>
        Object.fromEntries(
          mine(states)
            .filter((r) => r.state === state)
            .map((r) => [r.reason, r.n]),
        );
      return {
        ruleId: rule.rule_id,
        rule: rule.name,
        channel: rule.channel,
        planned: count((state) => state !== 'skipped' && state !== 'cancelled'),
        sent: count((state) => state === 'sent' || state === 'delivered'),
        delivered: count((state) => state === 'delivered'),
        bounced: eventCount('bounced'),
        opened: eventCount('opened'),
        clicked: eventCount('clicked'),
        replies: eventCount('reply'),
        tasksDone: Object.fromEntries(mine(tasks).map((r) => [r.outcome, r.n])),
        skipped: byReason('skipped'),
        failed: byReason('failed'),
      };
    });
  }

  /**
   * Intention to treat, per customer: everyone a rule selected for treatment in the period is in
   * the treated group whatever happened to their touch (sent, failed, capped, expired, skipped by
   * staff); everyone it held out is in the holdout group. Each customer is one observation from
   * their first touch of the rule in the period: did they place an order within `days` after it,
   * and for how much (in BASE_CURRENCY). Both groups are chosen the same way (the stable holdout
   * draw, decided before any other check), so the comparison is like for like.
   */
  async upliftReport(principal: Principal, period: Period, days: number, ruleId?: string): Promise<UpliftRow[]> {
    const scope = this.scope(principal, 8);
    const [histogram] = await rowsOf<{ bounds: string[] | null }>(this.db, sql.TOUCH_CUSTOMER_HISTOGRAM, []);
    const shares = await Promise.all(
      customerShares(histogram?.bounds ?? null, UPLIFT_SHARES).map((share) =>
        this.query<{
          rule_id: string;
          holdout: boolean;
          month: string;
          customers: number;
          converted: number;
          revenue: number;
          revenue_squares: number;
        }>(
          sql.upliftOutcomes(scope),
          [period.from, period.to, ruleId ?? null, days, this.company.baseCurrency, share.from, share.to, ...scope.params],
          sql.UPLIFT_MEMORY,
        ),
      ),
    );
    const rows = shares.flat();
    const outcomes: (MonthlyOutcome & { ruleId: string })[] = rows.map((row) => ({
      ruleId: row.rule_id,
      holdout: row.holdout,
      month: row.month,
      customers: row.customers,
      converted: row.converted,
      revenue: row.revenue,
      revenueSquares: row.revenue_squares,
    }));
    const names = await rowsOf<{ id: string; name: string }>(this.db, sql.RULE_NAMES, [[...new Set(outcomes.map((o) => o.ruleId))]]);
    return names.map(({ id, name }) => ({ ruleId: id, rule: name, ...upliftByMonth(outcomes.filter((o) => o.ruleId === id)) }));
  }

  async staffReport(principal: Principal, period: Period): Promise<StaffReportRow[]> {
    const rows: {
      id: string;
      name: string;
      done: number;
      overdue: number;
      open: number;
      late: number | null;
      outcomes: Record<string, number> | null;
    }[] = await rowsOf(this.db, sql.STAFF_REPORT, [
      period.from,
      period.to,
      this.clock.now(),
      principal.role === 'admin' ? null : principal.staffId,
    ]);
    return rows.map((row) => ({
      staffId: row.id,
      name: row.name,
      done: row.done,
      overdue: row.overdue,
      open: row.open,
      averageDaysLate: row.late === null ? null : Math.round(row.late * 100) / 100,
      outcomes: row.outcomes ?? {},
    }));
  }

  /**
   * One report statement in a transaction of its own with JIT compilation off. The statements are
   * costed high enough for PostgreSQL to compile them, and on the reports benchmark compiling
   * took longer than it saved (0.1 to 0.6 s a statement). No parallel workers either: every report
   * runs its statements side by side already, and workers would only compete with them.
   */
  private query<T>(statement: string, params: unknown[], settings: string[] = []): Promise<T[]> {
    return this.db.transaction(async (manager) => {
      for (const setting of [...sql.SERIAL_STATEMENT, ...settings]) await run(manager, setting);
      return rowsOf<T>(manager, statement, params);
    });
  }

  /** Admins see everyone; a manager only touches of customers they manage. */
  private scope(principal: Principal, index: number): sql.Scope & { params: unknown[] } {
    const manager = principal.role !== 'admin';
    return { ...sql.scope(manager, index), params: manager ? [principal.staffId] : [] };
  }
}
