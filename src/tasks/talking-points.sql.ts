import { HISTORY_ENTRIES, LAST_ORDERS } from './talking-points';

/** The statements behind a task card's talking points. */

/** The tasks to refresh ($1 ids) with their touch and what the card needs of the customer. */
export const TASKS_TO_REFRESH = `SELECT tk.id, tk.customer_id, tk.touch_id, tk.kind, t.template_key, t.order_id, t.local_date::text AS touch_date,
              c.time_zone, c.locale, c.phone, c.phone_invalid, c.birth_year, c.birth_month, c.birth_day,
              c.lifetime_value::text AS lifetime_value, c.order_count, c.last_order_at, c.address
         FROM tasks tk
         JOIN touches t ON t.id = tk.touch_id
         JOIN customers c ON c.id = tk.customer_id
        WHERE tk.id = ANY($1::bigint[])`;

/** The last LAST_ORDERS orders of each customer ($1 ids), newest first. */
export const LAST_ORDERS_OF = `SELECT c.id AS customer_id, o.external_id, o.placed_at, o.total::text AS total, o.currency, o.status
         FROM unnest($1::bigint[]) AS c(id)
         CROSS JOIN LATERAL (
           SELECT external_id, placed_at, total, currency, status FROM orders
            WHERE customer_id = c.id ORDER BY placed_at DESC LIMIT ${LAST_ORDERS}) o
        ORDER BY o.placed_at DESC`;

/** Earlier outcomes and notes of each customer ($1 ids): closed tasks and free notes, newest first, HISTORY_ENTRIES each. */
export const HISTORY_OF = `SELECT customer_id, at, kind, outcome, note, by FROM (
         SELECT h.*, row_number() OVER (PARTITION BY h.customer_id ORDER BY h.at DESC) AS n FROM (
           SELECT tk.customer_id, tk.completed_at AS at, tk.kind, tk.outcome, COALESCE(tk.note, tk.skip_reason) AS note, s.name AS by
             FROM tasks tk LEFT JOIN staff s ON s.id = tk.completed_by
            WHERE tk.customer_id = ANY($1::bigint[]) AND tk.state <> 'open'
           UNION ALL
           SELECT e.customer_id, e.at, 'note', NULL, e.detail->>'text', s.name
             FROM touch_events e LEFT JOIN staff s ON s.id = e.actor_staff_id
            WHERE e.customer_id = ANY($1::bigint[]) AND e.kind = 'note') h) ranked
        WHERE n <= ${HISTORY_ENTRIES}
        ORDER BY at DESC`;

/** Each task's talking points ($1: JSON rows of id and points). */
export const SET_TALKING_POINTS = `UPDATE tasks tk SET talking_points = u.points
         FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, points jsonb)
        WHERE tk.id = u.id`;
