import { EntityManager } from 'typeorm';
import { firstRow } from '../../database/sql';
import { recordProviderOutcome } from '../../touches/ledger';
import { advancesFrom, EventOutcome } from './provider-events';
import * as sql from './webhooks.sql';

/** The touch a provider event is about. */
export interface EventTouch {
  id: string;
  customerId: string;
  channel: string;
}

const ID = /^\d{1,19}$/;

/** Locks the touch for the rest of the transaction, so concurrent events for it apply in turn. */
export async function findTouch(
  m: EntityManager,
  by: { touchId?: unknown; providerMessageId?: string | null },
  channel: 'email' | 'sms',
): Promise<EventTouch | null> {
  const touchId = typeof by.touchId === 'number' ? String(by.touchId) : by.touchId;
  type Row = { id: string; customer_id: string; channel: string };
  if (typeof touchId === 'string' && ID.test(touchId)) {
    const row = await firstRow<Row>(m, sql.LOCK_TOUCH_BY_ID, [touchId, channel]);
    if (row) return { id: row.id, customerId: row.customer_id, channel: row.channel };
  }
  if (by.providerMessageId) {
    const row = await firstRow<Row>(m, sql.LOCK_TOUCH_BY_MESSAGE_ID, [by.providerMessageId, channel]);
    if (row) return { id: row.id, customerId: row.customer_id, channel: row.channel };
  }
  return null;
}

/**
 * Writes a provider event once and moves the touch to the outcome's state when that is forward
 * from where it is. False when an event with this provider id is recorded already, which makes
 * a redelivered webhook a no-op.
 */
export async function applyProviderEvent(
  m: EntityManager,
  touch: EventTouch,
  event: { kind: string; at: Date; providerEventId: string; detail: Record<string, unknown> },
  outcome: EventOutcome,
  now: Date,
  providerMessageId: string | null,
): Promise<boolean> {
  const move = outcome.state
    ? {
        state: outcome.state,
        reason: outcome.state === 'failed' ? (outcome.reason ?? 'provider') : null,
        from: advancesFrom(outcome.state),
        providerMessageId,
      }
    : null;
  const { fresh } = await recordProviderOutcome(m, { customerId: touch.customerId, touchId: touch.id, ...event }, move, now);
  return fresh;
}
