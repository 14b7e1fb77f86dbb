/**
 * The reports' statements. Every period is a parameter; a manager's scope joins their customers.
 */

/** What narrows a report to a manager's own customers: a join and a condition on it. */
export interface Scope {
  join: string;
  sql: string;
}

/** Admins see everyone (no scope); a manager only touches of customers they manage, `$index` being the manager. */
export function scope(manager: boolean, index: number): Scope {
  if (!manager) return { join: '', sql: '' };
  return { join: 'JOIN customers c ON c.id = t.customer_id', sql: `AND c.account_manager_id = $${index}` };
}

/** The rule report's touches: $1–$2 the period, $3 one rule or null, then the scope's parameter. */
export function ruleWhere(scope: Scope): string {
  return `t.scheduled_at >= $1 AND t.scheduled_at < $2 AND ($3::uuid IS NULL OR t.rule_id = $3) ${scope.sql}`;
}

/** Touches by rule, state and reason: the funnel and the skip and failure reasons. */
export function ruleStates(scope: Scope, where: string): string {
  return `SELECT r.id AS rule_id, r.name, r.action->>'channel' AS channel, c.state, c.reason, c.n
           FROM (SELECT t.rule_id, t.state, t.reason, count(*)::int AS n
                   FROM touches t ${scope.join}
                  WHERE ${where}
                  GROUP BY t.rule_id, t.state, t.reason) c
           JOIN rules r ON r.id = c.rule_id
          ORDER BY r.name, r.id, c.n DESC, c.reason`;
}

/**
 * Touches with each engagement event, by rule. A bounce, open, click or reply follows its
 * message's sending, and a message is sent once due (a sent touch is never rescheduled), so its
 * events are not older than the period's start; a day's margin covers a provider's clock. The
 * bound lets `touch_events_at_brin` skip the events before the period, however old the ledger.
 */
export function ruleEvents(scope: Scope, where: string): string {
  return `SELECT t.rule_id, e.kind, count(DISTINCT e.touch_id)::int AS n
           FROM touches t JOIN touch_events e ON e.touch_id = t.id ${scope.join}
          WHERE ${where} AND e.kind IN ('bounced', 'opened', 'clicked', 'reply') AND e.at >= $1::timestamptz - interval '1 day'
          GROUP BY t.rule_id, e.kind`;
}

/**
 * Done tasks by rule and outcome. A call or card touch has at most one task (`tasks_touch_key`),
 * found through that index for each done touch of the period (`LIMIT 1` keeps it a lookup per
 * touch): joined whole, PostgreSQL preferred reading every task ever kept.
 */
export function ruleTaskOutcomes(scope: Scope, where: string): string {
  return `SELECT t.rule_id, k.outcome, count(*)::int AS n
           FROM touches t ${scope.join}
           CROSS JOIN LATERAL (SELECT k.outcome FROM tasks k
                                WHERE k.touch_id = t.id AND k.kind IN ('call', 'card') AND k.state = 'done' LIMIT 1) k
          WHERE ${where} AND t.state = 'done'
          GROUP BY t.rule_id, k.outcome
          ORDER BY n DESC, k.outcome`;
}

/**
 * Uplift observations per rule, group and month, for one share of the customers: $1–$2 the
 * period, $3 one rule or null, $4 the days an order counts after a touch, $5 the base currency,
 * $6–$7 the share's customer ids (see customerShares), then the scope's parameter.
 * A customer's observations depend on their own touches and orders alone, so the shares' rows add
 * up to the whole.
 *
 * Each customer is one observation per rule from their first touch of it in the period, held out
 * when that touch was. Two touches of one rule and customer at the same first instant can differ
 * only if the rule's holdout changed between them; the held-out one then decides. Every
 * observation is counted; only those followed by an order are joined to their orders and summed
 * (most are not). A window starts in the period, so its orders are placed after the period's start
 * and at most `days` after its end: the join reads no other orders.
 */
export function upliftOutcomes(scope: Scope): string {
  return `WITH observed AS MATERIALIZED (
         SELECT rule_id, customer_id, first_at, COALESCE(held_at = first_at, false) AS holdout
           FROM (SELECT t.rule_id, t.customer_id, min(t.scheduled_at) AS first_at,
                        min(t.scheduled_at) FILTER (WHERE t.state = 'skipped' AND t.reason = 'holdout') AS held_at
                   FROM touches t ${scope.join}
                  WHERE t.scheduled_at >= $1 AND t.scheduled_at < $2 AND ($3::uuid IS NULL OR t.rule_id = $3)
                    AND t.customer_id >= $6 AND t.customer_id < $7 ${scope.sql}
                  GROUP BY t.rule_id, t.customer_id) firsts
       ), converted AS (
         SELECT o.rule_id, o.customer_id, bool_and(o.holdout) AS holdout, min(o.first_at) AS first_at,
                COALESCE(sum(x.total::float8) FILTER (WHERE x.currency = $5), 0) AS revenue
           FROM observed o
           JOIN orders x ON x.customer_id = o.customer_id AND x.status = 'placed'
                AND x.placed_at > o.first_at AND x.placed_at <= o.first_at + make_interval(days => $4)
          WHERE x.placed_at > $1 AND x.placed_at <= $2::timestamptz + make_interval(days => $4)
            AND x.customer_id >= $6 AND x.customer_id < $7
          GROUP BY o.rule_id, o.customer_id
       )
       SELECT rule_id, holdout, to_char(month, 'YYYY-MM') AS month, sum(customers)::int AS customers,
              sum(converted)::int AS converted, sum(revenue)::float8 AS revenue, sum(revenue_squares)::float8 AS revenue_squares
         FROM (SELECT rule_id, holdout, date_trunc('month', first_at) AS month, count(*) AS customers, 0 AS converted,
                      0::float8 AS revenue, 0::float8 AS revenue_squares
                 FROM observed GROUP BY 1, 2, 3
               UNION ALL
               SELECT rule_id, holdout, date_trunc('month', first_at), 0, count(*), sum(revenue), sum(revenue * revenue)
                 FROM converted GROUP BY 1, 2, 3) parts
        GROUP BY rule_id, holdout, month`;
}

/** The equal-frequency bounds of the ledger's customer ids, as PostgreSQL's statistics have them (null before any). */
export const TOUCH_CUSTOMER_HISTOGRAM = `SELECT histogram_bounds::text::bigint[]::text[] AS bounds FROM pg_stats
  WHERE schemaname = current_schema() AND tablename = 'touches' AND attname = 'customer_id'`;

export const RULE_NAMES = `SELECT id, name FROM rules WHERE id = ANY($1::uuid[]) ORDER BY name`;

/** Per manager: $1–$2 the period, $3 now, $4 one manager or null for all. */
export const STAFF_REPORT = `SELECT s.id, s.name,
                count(k.id) FILTER (WHERE k.state = 'done' AND k.completed_at >= $1 AND k.completed_at < $2)::int AS done,
                count(k.id) FILTER (WHERE k.state = 'open' AND k.due_date < ($3::timestamptz AT TIME ZONE s.time_zone)::date)::int AS overdue,
                count(k.id) FILTER (WHERE k.state = 'open')::int AS open,
                avg(GREATEST(0, (k.completed_at AT TIME ZONE s.time_zone)::date - k.original_due_date))
                  FILTER (WHERE k.state = 'done' AND k.completed_at >= $1 AND k.completed_at < $2)::float8 AS late,
                (SELECT jsonb_object_agg(outcome, n) FROM (
                   SELECT outcome, count(*)::int AS n FROM tasks
                    WHERE completed_by = s.id AND state = 'done' AND completed_at >= $1 AND completed_at < $2
                    GROUP BY outcome) o) AS outcomes
           FROM staff s LEFT JOIN tasks k ON k.assignee_staff_id = s.id
          WHERE s.role = 'manager' AND ($4::uuid IS NULL OR s.id = $4)
          GROUP BY s.id ORDER BY s.name`;

/** A report statement's session settings: no JIT compilation and no parallel workers (see ReportsService.query). */
export const SERIAL_STATEMENT = ['SET LOCAL jit = off', 'SET LOCAL max_parallel_workers_per_gather = 0'];

/**
 * The uplift statement's memory for its hash tables: a share of the customers' first touches and
 * the orders in their windows. With the default 4 MB they spill to disk in many batches.
 */
export const UPLIFT_MEMORY = ["SET LOCAL work_mem = '64MB'"];
