/** The reply task's statements (see reply-tasks.service.ts). */

/** What deciding a reply task needs: the customer, their manager and backup, and the touch answered when it is theirs. */
export interface ReplyContextRow {
  customer_id: string;
  time_zone: string;
  lifetime_value: number;
  manager_id: string | null;
  manager_active: boolean | null;
  manager_away_from: string | null;
  manager_away_until: string | null;
  manager_zone: string | null;
  backup_id: string | null;
  backup_active: boolean | null;
  backup_away_from: string | null;
  backup_away_until: string | null;
  backup_zone: string | null;
  touch_id: string | null;
  touch_channel: string | null;
  touch_sent_at: Date | null;
  touch_rendered: Record<string, unknown> | null;
}

/** $1 customer id, $2 the touch answered or null; a touch of another customer is not linked. */
export const REPLY_CONTEXT = `SELECT c.id AS customer_id, c.time_zone, c.lifetime_value::float8 AS lifetime_value,
              m.id AS manager_id, m.active AS manager_active, m.away_from::text AS manager_away_from,
              m.away_until::text AS manager_away_until, m.time_zone AS manager_zone,
              b.id AS backup_id, b.active AS backup_active, b.away_from::text AS backup_away_from,
              b.away_until::text AS backup_away_until, b.time_zone AS backup_zone,
              t.id AS touch_id, t.channel AS touch_channel, COALESCE(t.send_started_at, t.scheduled_at) AS touch_sent_at,
              t.rendered AS touch_rendered
         FROM customers c
         LEFT JOIN staff m ON m.id = c.account_manager_id
         LEFT JOIN staff b ON b.id = m.backup_staff_id
         LEFT JOIN touches t ON t.id = $2::bigint AND t.customer_id = c.id
        WHERE c.id = $1`;

/**
 * Opens the reply task for (customer $1, touch $2 or none), or, when one is open already, appends
 * the new message(s) of $6's reply.messages to it, keeping the last $9, counting them all, and
 * keeping the earliest arrival. Concurrent replies meet at the partial unique index
 * tasks_open_reply_key: the second waits for the first and appends. `opened` tells which happened.
 * $3 assignee, $4 due date, $5 priority, $6 talking points, $7 reply arrival, $8 now.
 */
export const OPEN_OR_APPEND = `INSERT INTO tasks AS tk (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority,
                                talking_points, reply_received_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'reply', $4, $4, $5, $6::jsonb, $7, $8, $8)
       ON CONFLICT (customer_id, (COALESCE(touch_id, 0))) WHERE kind = 'reply' AND state = 'open'
       DO UPDATE SET
         talking_points = jsonb_set(
           jsonb_set(tk.talking_points, '{reply,messages}', (
             SELECT COALESCE(jsonb_agg(e.value ORDER BY e.ord), '[]'::jsonb)
               FROM (SELECT COALESCE(tk.talking_points #> '{reply,messages}', '[]'::jsonb)
                            || (EXCLUDED.talking_points #> '{reply,messages}') AS kept) k
               CROSS JOIN LATERAL jsonb_array_elements(k.kept) WITH ORDINALITY AS e(value, ord)
              WHERE e.ord > jsonb_array_length(k.kept) - $9::int)),
           '{reply,messageCount}',
           to_jsonb(COALESCE((tk.talking_points #>> '{reply,messageCount}')::int, 0)
                    + jsonb_array_length(EXCLUDED.talking_points #> '{reply,messages}'))),
         reply_received_at = LEAST(tk.reply_received_at, EXCLUDED.reply_received_at),
         updated_at = EXCLUDED.updated_at
       RETURNING tk.id, tk.assignee_staff_id, tk.due_date::text AS due_date, (tk.xmax = 0) AS opened`;

export interface OpenOrAppendRow {
  id: string;
  assignee_staff_id: string | null;
  due_date: string;
  opened: boolean;
}
