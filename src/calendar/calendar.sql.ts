/** The calendar feed's statements. */

/** The feed of staff member $1: never its token, only the prefix to tell it apart. */
export const FEED_OF_STAFF = `SELECT prefix, created_at FROM calendar_feeds WHERE staff_id = $1`;

/** A new token for staff member $1 ($2 hash, $3 prefix, $4 now); the old one stops working in the same statement. */
export const ROTATE_FEED = `INSERT INTO calendar_feeds (staff_id, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (staff_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, prefix = EXCLUDED.prefix, created_at = EXCLUDED.created_at
  RETURNING prefix, created_at`;

export const DELETE_FEED = `DELETE FROM calendar_feeds WHERE staff_id = $1`;

/** The active staff member whose feed token hashes to $1. */
export const STAFF_OF_FEED = `SELECT s.id, s.name FROM calendar_feeds f JOIN staff s ON s.id = f.staff_id WHERE f.token_hash = $1 AND s.active`;

export const STAFF_EXISTS = `SELECT 1 FROM staff WHERE id = $1`;

/** A calendar shows the coming weeks; this many open calls is far more than anyone's list. */
export const FEED_LIMIT = 500;

/**
 * Open call tasks of staff member $1, by due day: each at the customer's local send time (the
 * touch's time of day in their zone) on the task's due day, which a capacity move or a snooze may
 * have changed.
 */
export const OPEN_CALLS = `SELECT tk.id::text AS id, tk.due_date::text AS due_date, c.first_name, c.last_name, c.time_zone,
              to_char(t.scheduled_at AT TIME ZONE c.time_zone, 'HH24:MI') AS local_time,
              (tk.due_date + (t.scheduled_at AT TIME ZONE c.time_zone)::time) AT TIME ZONE c.time_zone AS starts_at,
              substring(t.occurrence FROM '#followup-([0-9]+)$')::int AS follow_up_attempt,
              ho.name AS handed_over_from_name
         FROM tasks tk
         JOIN touches t ON t.id = tk.touch_id
         JOIN customers c ON c.id = tk.customer_id
         LEFT JOIN staff ho ON ho.id = tk.handed_over_from
        WHERE tk.assignee_staff_id = $1 AND tk.state = 'open' AND tk.kind = 'call'
        ORDER BY tk.due_date, tk.id
        LIMIT ${FEED_LIMIT}`;
