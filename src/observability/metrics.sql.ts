/** The ledger figures the metrics read at scrape time, in one place. */

export const TOUCHES_BY_STATE = 'SELECT channel, state, count(*)::int AS n FROM touches GROUP BY channel, state';

export const PLAN_RUNS_BY_STATUS = 'SELECT status, count(*)::int AS n FROM plan_runs GROUP BY status';

export const LAST_RUN_SECONDS = `SELECT extract(epoch FROM finished_at - started_at)::float AS s FROM plan_runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`;

export const LAST_RUN_TOUCHES = `SELECT planned, skipped FROM plan_runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`;

/** $1 now. */
export const MESSAGE_BACKLOG = `SELECT count(*)::int AS n, extract(epoch FROM $1::timestamptz - min(scheduled_at))::float AS age
         FROM touches WHERE state IN ('planned', 'queued') AND channel IN ('email', 'sms') AND scheduled_at <= $1`;

/** $1 now. */
export const TASK_BACKLOG = `SELECT count(*)::int AS n, extract(epoch FROM $1::timestamptz - min(due_at))::float AS age
         FROM (SELECT tk.due_date::timestamp AT TIME ZONE COALESCE(s.time_zone, c.time_zone) AS due_at
                 FROM tasks tk JOIN customers c ON c.id = tk.customer_id LEFT JOIN staff s ON s.id = tk.assignee_staff_id
                WHERE tk.state = 'open'
               UNION ALL
               SELECT scheduled_at FROM touches WHERE state = 'planned' AND channel IN ('call', 'card') AND scheduled_at <= $1) due
        WHERE due_at <= $1`;
