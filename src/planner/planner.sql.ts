import { CAP_COLUMNS } from '../consent/frequency-cap';
import { PlannableRule } from './plan-query';
import { COUNTED_STATES, sqlStates } from '../touches/touch-states';

/**
 * The planner's statements besides the per-rule plan statement (plan-query.ts) and the ledger's
 * writes (src/touches/ledger.sql.ts). Every instant is a parameter from the Clock.
 */

export interface RuleRow extends PlannableRule {
  name: string;
}

/** Holding the planner's lock, no other run is alive: a 'running' row is one whose process died. */
export const FAIL_INTERRUPTED_RUNS = `UPDATE plan_runs SET status = 'failed', finished_at = $1, error = 'interrupted before it finished'
  WHERE status = 'running'`;

/** $1 trigger, $2 started at, $3 and $4 the window. */
export const START_RUN = `INSERT INTO plan_runs (trigger, started_at, window_start, window_end, status)
  VALUES ($1, $2, $3, $4, 'running') RETURNING id`;

export const FINISH_RUN = `UPDATE plan_runs SET status = 'succeeded', finished_at = $2, planned = $3, skipped = $4, counts = $5
  WHERE id = $1`;

export const FAIL_RUN = `UPDATE plan_runs SET status = 'failed', finished_at = $2, error = $3 WHERE id = $1`;

/** A run that planned, with the rules it could not plan named in its error ($3, null when none). */
export const NOTE_RULE_ERRORS = `UPDATE plan_runs SET error = $2 WHERE id = $1`;

/** $1 rule, $2 the error, $3 when. */
export const RECORD_RULE_ERROR = `UPDATE rules SET last_plan_error = $2, last_plan_error_at = $3 WHERE id = $1`;

/** Only rules that carry an error are written: a healthy rule costs no write per run. */
export const CLEAR_RULE_ERROR = `UPDATE rules SET last_plan_error = NULL, last_plan_error_at = NULL
  WHERE id = $1 AND last_plan_error IS NOT NULL`;

/** The enabled rules, highest priority first; only order rules when planning just-placed orders. */
export function enabledRules(onlyOrderRules: boolean): string {
  return `SELECT id, name, version, priority, trigger, conditions, action, limits FROM rules
        WHERE enabled ${onlyOrderRules ? `AND trigger->>'kind' = 'order'` : ''} ORDER BY priority DESC, id`;
}

export const CUSTOMERS_OF_ORDERS = 'SELECT DISTINCT customer_id FROM orders WHERE id = ANY($1::bigint[])';

const CAP_SPAN = `make_interval(days => $3::int)`;

/**
 * Customers of this run ($1) with more counted touches ($2, the cap) within the cap's days ($3)
 * around their new ones than the cap allows: the only ones the cap needs to load. Planned
 * touches of no run (moved to a later time by the last check before sending) are decided again.
 */
export const CROWDED_CUSTOMERS = `WITH fresh AS (
       SELECT customer_id, min(scheduled_at) AS lo, max(scheduled_at) AS hi
         FROM touches WHERE (plan_run_id = $1 OR plan_run_id IS NULL) AND state = 'planned' GROUP BY customer_id)
     SELECT f.customer_id, f.lo, f.hi
       FROM fresh f
       JOIN touches t ON t.customer_id = f.customer_id AND t.state IN (${sqlStates(COUNTED_STATES)})
        AND t.scheduled_at > f.lo - ${CAP_SPAN} AND t.scheduled_at < f.hi + ${CAP_SPAN}
      GROUP BY f.customer_id, f.lo, f.hi
     HAVING count(*) > $2
      ORDER BY f.customer_id`;

/** The counted touches around each crowded customer's new ones, for the cap's decision. */
export const CAP_CANDIDATES = `SELECT t.customer_id, ${CAP_COLUMNS}
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS k(customer_id, lo, hi)
         JOIN touches t ON t.customer_id = k.customer_id AND t.state IN (${sqlStates(COUNTED_STATES)})
          AND t.scheduled_at > k.lo - make_interval(days => $4::int) AND t.scheduled_at < k.hi + make_interval(days => $4::int)`;

/** A rule's ($1) new planned touches of run $2 for customers who got more than one: the cooldown's candidates. */
export const COOLDOWN_CANDIDATES = `SELECT t.id, t.customer_id, t.scheduled_at, t.occurrence
         FROM touches t
        WHERE t.plan_run_id = $2 AND t.state = 'planned' AND t.rule_id = $1
          AND t.customer_id IN (SELECT customer_id FROM touches
                                 WHERE plan_run_id = $2 AND state = 'planned' AND rule_id = $1
                                 GROUP BY customer_id HAVING count(*) > 1)`;

// ---- dry runs: inside a transaction that is always rolled back ---------------------------------

export const RULE_BY_ID = 'SELECT id, name, version, priority, trigger, conditions, action, limits FROM rules WHERE id = $1';

const DRY_RUN_TOUCH_COLUMNS = `t.customer_id, c.external_id, c.first_name, c.last_name, t.occurrence, t.channel, t.template_key, t.order_id,
                            c.time_zone, t.scheduled_at, to_char(t.local_date, 'YYYY-MM-DD') AS local_date,
                            to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.reason`;

/** A page of what the dry run planned for the rule ($1) in its run ($2). */
export const DRY_RUN_PLANNED = `SELECT ${DRY_RUN_TOUCH_COLUMNS} FROM touches t JOIN customers c ON c.id = t.customer_id
          WHERE t.rule_id = $1 AND t.state = 'planned' AND t.plan_run_id = $2
          ORDER BY t.scheduled_at, t.customer_id, t.occurrence LIMIT $3 OFFSET $4`;

/** Up to $3 examples per skip reason. */
export const DRY_RUN_SKIPPED_EXAMPLES = `SELECT * FROM (
           SELECT ${DRY_RUN_TOUCH_COLUMNS}, row_number() OVER (PARTITION BY t.reason ORDER BY t.scheduled_at, t.customer_id) AS n
             FROM touches t JOIN customers c ON c.id = t.customer_id
            WHERE t.rule_id = $1 AND t.state = 'skipped' AND t.plan_run_id = $2) x
          WHERE n <= $3 ORDER BY reason, n`;

/** Touches of a saved rule in the window that earlier runs wrote (the dry run adds nothing for them). */
export const ALREADY_IN_LEDGER = `SELECT count(*)::int AS n FROM touches WHERE rule_id = $1 AND plan_run_id IS DISTINCT FROM $2
                AND scheduled_at >= $3 AND scheduled_at < $4 AND state <> 'cancelled'`;
