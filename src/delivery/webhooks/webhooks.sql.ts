/** The webhooks' reads; what an event does to a touch is the ledger's (src/touches/ledger.ts). */

/** The touch an event names, locked for the rest of the transaction so that its events apply in turn. */
export const LOCK_TOUCH_BY_ID = `SELECT id, customer_id, channel FROM touches WHERE id = $1 AND channel = $2 FOR UPDATE`;

export const LOCK_TOUCH_BY_MESSAGE_ID = `SELECT id, customer_id, channel FROM touches
  WHERE provider_message_id = $1 AND channel = $2 ORDER BY id LIMIT 1 FOR UPDATE`;

export const EMAIL_OF_CUSTOMER = `SELECT email FROM customers WHERE id = $1`;

export const PHONE_OF_CUSTOMER = `SELECT phone FROM customers WHERE id = $1`;

/**
 * The customer an inbound SMS from $1 comes from, and the SMS it most likely answers. Several
 * customers may share a number: the one we texted last wins.
 */
export const REPLY_SENDER = `SELECT c.id AS customer_id, t.id AS touch_id
       FROM customers c
       LEFT JOIN LATERAL (
         SELECT id, scheduled_at FROM touches
         WHERE customer_id = c.id AND channel = 'sms' AND state IN ('sending', 'unknown', 'sent', 'delivered', 'failed')
         ORDER BY scheduled_at DESC, id DESC LIMIT 1) t ON true
       WHERE c.phone = $1
       ORDER BY t.scheduled_at DESC NULLS LAST, c.id
       LIMIT 1`;

/** Claims an inbound message's provider id; no row back: it was acted on before (a replay). */
export const CLAIM_INBOUND = `INSERT INTO inbound_messages (provider, message_id, received_at) VALUES ($1, $2, $3)
  ON CONFLICT (provider, message_id) DO NOTHING RETURNING message_id`;
