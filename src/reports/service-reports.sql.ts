/**
 * The feedback and service-goal reports' statements. $1–$2 the period, $3 the low-score
 * threshold, $4 one manager or null (a manager's own scope), $5 one rule or null.
 */

export type FeedbackGrouping = 'rule' | 'manager' | 'month';

const FEEDBACK_KEYS: Record<FeedbackGrouping, { key: string; label: string }> = {
  rule: { key: 't.rule_id::text', label: 'r.name' },
  manager: { key: 'c.account_manager_id::text', label: `COALESCE(s.name, 'No account manager')` },
  month: { key: `to_char(t.scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM')`, label: `to_char(t.scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM')` },
};

/**
 * Feedback asked and answered: every email or SMS of the period that went out carrying a feedback
 * link (`rendered.feedback`), and its answer if any, grouped by rule, the customer's account
 * manager, or the month (UTC) of the message. Read live from the tables: an answer counts at once.
 */
export function feedbackReport(by: FeedbackGrouping): string {
  const { key, label } = FEEDBACK_KEYS[by];
  return `SELECT ${key} AS key, ${label} AS label,
                 count(*)::int AS asked, count(f.id)::int AS answered,
                 avg(f.score)::float8 AS average_score,
                 count(f.id) FILTER (WHERE f.score <= $3)::int AS low_scores
            FROM touches t
            JOIN customers c ON c.id = t.customer_id
            JOIN rules r ON r.id = t.rule_id
            LEFT JOIN staff s ON s.id = c.account_manager_id
            LEFT JOIN feedback_answers f ON f.touch_id = t.id
           WHERE t.scheduled_at >= $1 AND t.scheduled_at < $2
             AND t.state IN ('sent', 'delivered') AND t.rendered @> '{"feedback": true}'
             AND ($4::uuid IS NULL OR c.account_manager_id = $4)
             AND ($5::uuid IS NULL OR t.rule_id = $5)
           GROUP BY 1, 2
           ORDER BY 2, 1`;
}

/**
 * Reply tasks completed in the period ($1–$2), with the manager each counts for (its assignee, or
 * whoever completed it when it was never assigned) and their zone; $3 one manager or null.
 */
export const ANSWERED_REPLIES = `
  SELECT s.id::text AS manager_id, s.name AS manager, s.time_zone, tk.reply_received_at, tk.completed_at
    FROM tasks tk
    JOIN staff s ON s.id = COALESCE(tk.assignee_staff_id, tk.completed_by)
   WHERE tk.kind = 'reply' AND tk.state = 'done' AND tk.completed_at >= $1 AND tk.completed_at < $2
     AND ($3::uuid IS NULL OR s.id = $3)`;

/** Feedback given in the period ($1–$2) on each manager's customers, by month in the manager's zone; $3 one manager or null. */
export const SATISFACTION_BY_MANAGER_MONTH = `
  SELECT s.id::text AS manager_id, s.name AS manager, to_char(f.answered_at AT TIME ZONE s.time_zone, 'YYYY-MM') AS month,
         count(*)::int AS answers, sum(f.score)::int AS score_sum
    FROM feedback_answers f
    JOIN customers c ON c.id = f.customer_id
    JOIN staff s ON s.id = c.account_manager_id
   WHERE f.answered_at >= $1 AND f.answered_at < $2 AND ($3::uuid IS NULL OR s.id = $3)
   GROUP BY 1, 2, 3`;
