import { EntityManager } from 'typeorm';
import { advancesFrom, EventOutcome } from './provider-events';

/** The touch a provider event is about. */
export interface EventTouch {
  id: string;
  customerId: string;
  channel: string;
}

const ID = /^\d{1,19}$/;

/** Locks the touch for the rest of the transaction, so concurrent events for it apply in turn. */
export async function findTouch(m: EntityManager, by: { touchId?: unknown; providerMessageId?: string | null }, channel: 'email' | 'sms'): Promise<EventTouch | null> {
  const touchId = typeof by.touchId === 'number' ? String(by.touchId) : by.touchId;
  if (typeof touchId === 'string' && ID.test(touchId)) {
    const [row] = await m.query(`SELECT id, customer_id, channel FROM touches WHERE id = $1 AND channel = $2 FOR UPDATE`, [touchId, channel]);
    if (row) return { id: row.id, customerId: row.customer_id, channel: row.channel };
  }
  if (by.providerMessageId) {
    const [row] = await m.query(
      `SELECT id, customer_id, channel FROM touches WHERE provider_message_id = $1 AND channel = $2 ORDER BY id LIMIT 1 FOR UPDATE`,
      [by.providerMessageId, channel],
    );
    if (row) return { id: row.id, customerId: row.customer_id, channel: row.channel };
  }
  return null;
}

/**
 * Writes a provider event once: false when an event with this provider id is recorded already,
 * which makes a redelivered webhook a no-op.
 */
export async function recordProviderEvent(
  m: EntityManager,
  event: { customerId: string; touchId: string | null; kind: string; at: Date; providerEventId: string; detail: Record<string, unknown> },
): Promise<boolean> {
  const rows = await m.query(
    `INSERT INTO touch_events (customer_id, touch_id, kind, at, provider_event_id, detail) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING RETURNING id`,
    [event.customerId, event.touchId, event.kind, event.at, event.providerEventId, JSON.stringify(event.detail)],
  );
  return rows.length > 0;
}

/** Moves the touch to the outcome's state when that is forward from where it is. */
export async function applyOutcome(m: EntityManager, touch: EventTouch, outcome: EventOutcome, now: Date, providerMessageId: string | null): Promise<boolean> {
  if (!outcome.state) return false;
  const rows = await m.query(
    // Through a CTE: TypeORM's query() answers a bare UPDATE ... RETURNING with [rows, count].
    `WITH moved AS (
       UPDATE touches SET state = $2, reason = $3, updated_at = $4, provider_message_id = COALESCE(provider_message_id, $5)
       WHERE id = $1 AND state = ANY($6::text[]) RETURNING id)
     SELECT id FROM moved`,
    [touch.id, outcome.state, outcome.state === 'failed' ? (outcome.reason ?? 'provider') : null, now, providerMessageId, advancesFrom(outcome.state)],
  );
  return rows.length > 0;
}
