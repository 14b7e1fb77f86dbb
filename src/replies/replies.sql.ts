/** The replies feature's statements; timeline events are the ledger's, reply tasks the tasks feature's. */

/** The touch a reply address names, locked so that replies to it are recorded one after another. */
export const TOUCH_FOR_REPLY = `SELECT id, customer_id, channel FROM touches WHERE id = $1 FOR SHARE`;

/** Claims an inbound message's key; no row back: it was recorded before (a redelivery). */
export const CLAIM_INBOUND = `INSERT INTO inbound_messages (provider, message_id, received_at) VALUES ($1, $2, $3)
  ON CONFLICT (provider, message_id) DO NOTHING RETURNING message_id`;

/** $1 customer, $2 the reply event, $3 its task, $4 the manager to forward to, $5 now. */
export const ADD_FORWARD = `INSERT INTO reply_forwards (customer_id, event_id, task_id, staff_id, next_attempt_at, created_at)
  VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`;

export interface DueForward {
  id: string;
  attempts: number;
  touch_id: string | null;
  manager_name: string;
  manager_email: string;
  first_name: string;
  last_name: string;
  customer_email: string | null;
  detail: { subject?: string; body?: string; attachments?: number };
  answered_subject: string | null;
}

/**
 * Pending forwards due by $1 (or only $3 when given), at most $2, locked for this sender: another
 * sweep passes over them. What a forward says is read here, as it is now.
 */
export const DUE_FORWARDS = `SELECT f.id, f.attempts, e.touch_id, s.name AS manager_name, s.email AS manager_email,
              c.first_name, c.last_name, c.email AS customer_email, e.detail, t.rendered ->> 'subject' AS answered_subject
         FROM reply_forwards f
         JOIN touch_events e ON e.id = f.event_id
         JOIN staff s ON s.id = f.staff_id
         JOIN customers c ON c.id = f.customer_id
         LEFT JOIN touches t ON t.id = e.touch_id
        WHERE f.state = 'pending' AND f.next_attempt_at <= $1 AND ($3::bigint IS NULL OR f.id = $3)
        ORDER BY f.next_attempt_at, f.id
        LIMIT $2
        FOR UPDATE OF f SKIP LOCKED`;

export const FORWARD_SENT = `UPDATE reply_forwards SET state = 'sent', sent_at = $2, provider_message_id = $3, attempts = attempts + 1,
  last_error = NULL WHERE id = $1`;

/** $2 the next state (pending again, or failed), $3 when to try again, $4 why. */
export const FORWARD_NOT_SENT = `UPDATE reply_forwards SET state = $2, next_attempt_at = $3, last_error = $4, attempts = attempts + 1
  WHERE id = $1`;
