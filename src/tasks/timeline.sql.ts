/**
 * The customer timeline's statements. $1 external id, $2 the asking staff member: the customer,
 * and whether they are the asker's (their account manager, or holding one of their tasks).
 */
export const TIMELINE_CUSTOMER = `SELECT c.id, c.first_name, c.last_name,
              (c.account_manager_id = $2 OR EXISTS (SELECT 1 FROM tasks tk WHERE tk.customer_id = c.id AND tk.assignee_staff_id = $2)) AS mine
         FROM customers c WHERE c.external_id = $1`;

/**
 * One page of the timeline, newest first: $1 customer id, $2–$4 the keyset (at, type, id) to
 * start below, $5 the page size plus one. Each branch reads its own (customer_id, time) index.
 */
export const TIMELINE_ENTRIES = `SELECT type, id, at, at::text AS at_key, kind, actor, detail FROM (
         (SELECT 'order'::text AS type, o.id, o.placed_at AS at, o.status AS kind, NULL::text AS actor,
                 jsonb_build_object('externalId', o.external_id, 'total', o.total::text, 'currency', o.currency, 'status', o.status) AS detail
            FROM orders o
           WHERE o.customer_id = $1 AND (o.placed_at, 'order'::text, o.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY o.placed_at DESC, o.id DESC LIMIT $5)
         UNION ALL
         (SELECT 'touch'::text, t.id, t.scheduled_at, t.channel, NULL::text,
                 jsonb_build_object('state', t.state, 'reason', t.reason, 'channel', t.channel, 'templateKey', t.template_key,
                                    'rule', r.name, 'dueDate', t.due_date, 'rendered', t.rendered,
                                    'task', (SELECT jsonb_build_object('id', tk.id::text, 'state', tk.state, 'outcome', tk.outcome,
                                                                       'note', tk.note, 'skipReason', tk.skip_reason, 'dueDate', tk.due_date,
                                                                       'movedReason', tk.moved_reason, 'assignee', s.name)
                                               FROM tasks tk LEFT JOIN staff s ON s.id = tk.assignee_staff_id
                                              WHERE tk.touch_id = t.id AND tk.kind IN ('call', 'card')))
            FROM touches t LEFT JOIN rules r ON r.id = t.rule_id
           WHERE t.customer_id = $1 AND (t.scheduled_at, 'touch'::text, t.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY t.scheduled_at DESC, t.id DESC LIMIT $5)
         UNION ALL
         (SELECT 'event'::text, e.id, e.at, e.kind, s.name,
                 e.detail || jsonb_build_object('touchId', e.touch_id::text)
            FROM touch_events e LEFT JOIN staff s ON s.id = e.actor_staff_id
           WHERE e.customer_id = $1 AND (e.at, 'event'::text, e.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY e.at DESC, e.id DESC LIMIT $5)
       ) entries
       ORDER BY at DESC, type DESC, id DESC
       LIMIT $5`;
