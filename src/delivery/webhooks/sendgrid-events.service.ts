import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { InvalidInputError } from '../../common/errors';
import { firstRow } from '../../database/sql';
import { normalizeAddress } from '../../consent/suppression-rules';
import { SuppressionsService } from '../../consent/suppressions.service';
import { EventOutcome, SendgridEvent, sendgridEventOutcome, sendgridMessageId } from './provider-events';
import { applyProviderEvent, EventTouch, findTouch } from './touch-updates';
import * as sql from './webhooks.sql';

/** How a batch went; SendGrid only needs a 2xx, the counts are for people and tests. */
export interface SendgridBatchReport {
  received: number;
  /** Recorded for the first time. */
  processed: number;
  /** Recorded before (SendGrid delivers at least once). */
  duplicates: number;
  /** No touch of ours matched; suppressions they imply are still recorded. */
  unknown: number;
  /** Event kinds we do not act on, or events without an id. */
  ignored: number;
}

const MAX_EVENT_ID = 200;

/** SendGrid Event Webhook batches, already verified. */
@Injectable()
export class SendgridEventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly suppressions: SuppressionsService,
  ) {}

  /** The whole batch in one transaction: a failure leaves nothing half-applied for the retry. */
  async process(body: unknown): Promise<SendgridBatchReport> {
    if (!Array.isArray(body))
      throw new InvalidInputError('Expected a JSON array of events', [{ field: 'body', reason: 'must be an array of events' }]);
    const report: SendgridBatchReport = { received: body.length, processed: 0, duplicates: 0, unknown: 0, ignored: 0 };
    await this.db.transaction(async (m) => {
      for (const item of body) {
        report[await this.processOne(m, item)] += 1;
      }
    });
    return report;
  }

  private async processOne(m: EntityManager, item: unknown): Promise<'processed' | 'duplicates' | 'unknown' | 'ignored'> {
    if (typeof item !== 'object' || item === null) return 'ignored';
    const event = item as SendgridEvent;
    const outcome = sendgridEventOutcome(event);
    const eventId = typeof event.sg_event_id === 'string' && event.sg_event_id.length <= MAX_EVENT_ID ? event.sg_event_id : null;
    if (!outcome || !eventId) return 'ignored';

    const messageId = sendgridMessageId(event.sg_message_id);
    const touch = await findTouch(m, { touchId: event.touch_id, providerMessageId: messageId }, 'email');
    if (!touch) {
      // The address still asked not to be mailed (or does not work), whoever sent to it.
      await this.suppressFor(m, event, outcome, null);
      return 'unknown';
    }
    const now = this.clock.now();
    const fresh = await applyProviderEvent(
      m,
      touch,
      { kind: outcome.kind, at: eventTime(event.timestamp) ?? now, providerEventId: `sendgrid:${eventId}`, detail: eventDetail(event) },
      outcome,
      now,
      messageId,
    );
    if (!fresh) return 'duplicates';
    await this.suppressFor(m, event, outcome, touch);
    return 'processed';
  }

  private async suppressFor(m: EntityManager, event: SendgridEvent, outcome: EventOutcome, touch: EventTouch | null): Promise<void> {
    if (!outcome.suppress) return;
    let raw = typeof event.email === 'string' ? event.email : null;
    if (raw === null && touch) {
      const customer = await firstRow<{ email: string | null }>(m, sql.EMAIL_OF_CUSTOMER, [touch.customerId]);
      raw = customer?.email ?? null;
    }
    if (!raw || normalizeAddress('email', raw) === null) return;
    await this.suppressions.suppress(
      {
        channel: 'email',
        address: raw,
        customerId: touch?.customerId ?? null,
        reason: outcome.suppress,
        source: `sendgrid:${event.event}`,
        touchId: touch?.id ?? null,
        // The provider event already says "unsubscribed" on the timeline.
        recordEvent: outcome.kind !== 'unsubscribed',
      },
      m,
    );
  }
}

/** SendGrid's timestamp is Unix seconds; anything else falls back to our clock. */
function eventTime(timestamp: unknown): Date | null {
  return typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp > 1e9 && timestamp < 1e11
    ? new Date(timestamp * 1000)
    : null;
}

/** What the timeline shows: the kind of event and, for clicks, where; not the whole payload. */
function eventDetail(event: SendgridEvent & { url?: unknown }): Record<string, unknown> {
  return {
    provider: 'sendgrid',
    event: event.event,
    ...(typeof event.type === 'string' ? { type: event.type } : {}),
    ...(event.event === 'click' && typeof event.url === 'string' ? { url: event.url.slice(0, 2000) } : {}),
  };
}
