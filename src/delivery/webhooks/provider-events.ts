import { SuppressionReason } from '../../consent/suppression-rules';
import { TouchState } from '../../touches/touch-states';

/**
 * What one provider event means for Touchpoint: the timeline event to write, the state the touch
 * moves to (if any) and the suppression it implies (if any). Pure, so the mapping is a table.
 */
export interface EventOutcome {
  /** touch_events.kind */
  kind: string;
  state?: 'sent' | 'delivered' | 'failed';
  /** touches.reason when the state is failed. */
  reason?: string;
  suppress?: SuppressionReason;
}

/**
 * States a touch may move to each provider state from. Provider callbacks arrive out of order and
 * more than once: a late "sent" must not undo "delivered", and nothing revives a cancelled touch.
 * A bounce may follow "delivered" (the receiving server accepted, then bounced).
 */
const ADVANCE_FROM: Record<NonNullable<EventOutcome['state']>, TouchState[]> = {
  // `unknown`: the worker died before recording the provider's answer; the provider's event is it.
  sent: ['queued', 'sending', 'unknown'],
  delivered: ['queued', 'sending', 'unknown', 'sent'],
  failed: ['queued', 'sending', 'unknown', 'sent', 'delivered'],
};

export function advancesFrom(state: NonNullable<EventOutcome['state']>): TouchState[] {
  return ADVANCE_FROM[state];
}

/** Twilio error 21610: the recipient has replied STOP to this sender. */
const TWILIO_UNSUBSCRIBED_RECIPIENT = '21610';

/** A Twilio MessageStatus callback; null for statuses we do not act on (receiving, read, ...). */
export function twilioStatusOutcome(status: string | undefined, errorCode: string | undefined): EventOutcome | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return { kind: 'queued' };
    case 'sending':
    case 'sent':
      return { kind: 'sent', state: 'sent' };
    case 'delivered':
      return { kind: 'delivered', state: 'delivered' };
    case 'undelivered':
    case 'failed': {
      const code = errorCode && /^\d{1,6}$/.test(errorCode) ? errorCode : status;
      return {
        kind: 'failed',
        state: 'failed',
        reason: `provider:${code}`,
        ...(code === TWILIO_UNSUBSCRIBED_RECIPIENT ? { suppress: 'stop' as const } : {}),
      };
    }
    default:
      return null;
  }
}

/** One event of a SendGrid Event Webhook batch, as far as we read it. */
export interface SendgridEvent {
  event?: string;
  email?: string;
  timestamp?: number;
  sg_event_id?: string;
  sg_message_id?: string;
  /** Bounces: `bounce` (hard) or `blocked` (the receiving server refused this time). */
  type?: string;
  /**
   * The custom argument every email is sent with (`customArgs: { touch_id }`, see message.ts);
   * SendGrid posts custom arguments back as top-level keys of each event, under the same name.
   */
  touch_id?: string;
}

/** A SendGrid event; null for events we do not act on (processed, deferred, ...). */
export function sendgridEventOutcome(event: SendgridEvent): EventOutcome | null {
  switch (event.event) {
    case 'delivered':
      return { kind: 'delivered', state: 'delivered' };
    case 'bounce':
      return event.type === 'blocked'
        ? { kind: 'bounced', state: 'failed', reason: 'blocked' }
        : { kind: 'bounced', state: 'failed', reason: 'hard_bounce', suppress: 'hard_bounce' };
    case 'dropped':
      return { kind: 'dropped', state: 'failed', reason: 'dropped', suppress: 'dropped' };
    case 'spamreport':
      return { kind: 'spam_report', suppress: 'spam_report' };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { kind: 'unsubscribed', suppress: 'unsubscribe' };
    case 'open':
      return { kind: 'opened' };
    case 'click':
      return { kind: 'clicked' };
    default:
      return null;
  }
}

/** SendGrid's sg_message_id is the X-Message-Id we stored, followed by `.filter…` routing parts. */
export function sendgridMessageId(sgMessageId: string | undefined): string | null {
  const id = typeof sgMessageId === 'string' ? sgMessageId.split('.')[0] : '';
  return id.length > 0 ? id : null;
}
