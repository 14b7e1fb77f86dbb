import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { toE164 } from '../../common/validators';
import { CompanySettings } from '../../config/settings';
import { firstRow } from '../../database/sql';
import { SuppressionsService } from '../../consent/suppressions.service';
import { twilioStatusOutcome } from './provider-events';
import { classifyInboundSms, helpText, twiml } from './sms-keywords';
import { recordEvent } from '../../touches/ledger';
import { ReplyTasksService } from '../../tasks/reply-tasks.service';
import { applyProviderEvent, findTouch } from './touch-updates';
import * as sql from './webhooks.sql';

export type TwilioParams = Record<string, string | undefined>;

export interface StatusResult {
  matched: boolean;
  duplicate: boolean;
}

const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** Inbound SMS (keywords and replies) and message status callbacks from Twilio, already verified. */
@Injectable()
export class TwilioWebhooksService {
  private readonly company: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly suppressions: SuppressionsService,
    private readonly replyTasks: ReplyTasksService,
    company: CompanySettings,
  ) {
    this.company = company.name;
  }

  /**
   * Acts on an inbound message once and returns the TwiML to answer with. The message's
   * MessageSid is claimed in the same transaction as what it does: a redelivered or replayed
   * message (a captured START posted again after a later STOP) finds it taken and does nothing.
   */
  async inbound(params: TwilioParams): Promise<string> {
    const from = toE164(params.From ?? '');
    // Short codes and alphanumeric senders are no customer of ours.
    if (!from) return twiml();
    const keyword = classifyInboundSms(params.Body);
    if (keyword === 'help') return twiml(helpText(this.company));
    const sid = params.MessageSid ?? params.SmsSid;
    const known = sid !== undefined && SID.test(sid);
    // Twilio always sends a MessageSid. Without one only an opt-out is honoured: acting on it
    // twice changes nothing, while a START or a reply could not be told from a replay.
    if (!known && keyword !== 'stop') return twiml();
    await this.db.transaction(async (m) => {
      if (known && !(await firstRow(m, sql.CLAIM_INBOUND, ['twilio', sid, this.clock.now()]))) return;
      switch (keyword) {
        case 'stop':
          // No confirmation of our own: Twilio's opt-out handling sends it, and it blocks anything after STOP.
          await this.suppressions.suppress({ channel: 'sms', address: from, reason: 'stop', source: 'sms_keyword' }, m);
          return;
        case 'start':
          await this.suppressions.lift('sms', from, { regrantSource: 'sms_keyword' }, m);
          return;
        case 'reply':
          await this.recordReply(m, from, sid as string, params);
          return;
      }
    });
    return twiml();
  }

  /** Moves the touch the message belongs to along; unknown messages are ignored. */
  async status(params: TwilioParams, touchIdHint: string | undefined): Promise<StatusResult> {
    const sid = params.MessageSid ?? params.SmsSid;
    const outcome = twilioStatusOutcome(params.MessageStatus ?? params.SmsStatus, params.ErrorCode);
    if (!sid || !SID.test(sid) || !outcome) return { matched: false, duplicate: false };
    return this.db.transaction(async (m) => {
      const touch = await findTouch(m, { touchId: touchIdHint, providerMessageId: sid }, 'sms');
      if (!touch) return { matched: false, duplicate: false };
      const now = this.clock.now();
      const status = params.MessageStatus ?? params.SmsStatus;
      const fresh = await applyProviderEvent(
        m,
        touch,
        {
          kind: outcome.kind,
          at: now,
          providerEventId: `twilio:${sid}:${status}`,
          detail: { provider: 'twilio', status, ...(params.ErrorCode ? { errorCode: params.ErrorCode } : {}) },
        },
        outcome,
        now,
        sid,
      );
      if (!fresh) return { matched: true, duplicate: true };
      if (outcome.suppress) {
        // 21610: the number has said STOP to our sender, possibly before we ever heard of it.
        const customer = await firstRow<{ phone: string | null }>(m, sql.PHONE_OF_CUSTOMER, [touch.customerId]);
        const address = toE164(params.To ?? '') ?? (customer?.phone ? toE164(customer.phone) : null);
        if (address) {
          await this.suppressions.suppress(
            { channel: 'sms', address, customerId: touch.customerId, reason: outcome.suppress, source: 'twilio:21610', touchId: touch.id },
            m,
          );
        }
      }
      return { matched: true, duplicate: false };
    });
  }

  /**
   * A free-text answer goes on the timeline of the customer with this number, linked to the SMS
   * they most likely answered, and opens (or joins) the reply task for their manager. Several
   * customers may share a number: the one we texted last wins.
   */
  private async recordReply(m: EntityManager, from: string, sid: string, params: TwilioParams): Promise<void> {
    const match = await firstRow<{ customer_id: string; touch_id: string | null }>(m, sql.REPLY_SENDER, [from]);
    if (!match) return;
    const body = (params.Body ?? '').slice(0, 1600);
    const now = this.clock.now();
    const recorded = await recordEvent(m, {
      customerId: match.customer_id,
      touchId: match.touch_id,
      kind: 'reply',
      at: now,
      providerEventId: `twilio:${sid}:inbound`,
      detail: { channel: 'sms', body, messageSid: sid },
    });
    if (!recorded) return;
    await this.replyTasks.openOrAppend(m, {
      customerId: match.customer_id,
      touchId: match.touch_id,
      text: body,
      source: 'sms',
      receivedAt: now,
    });
  }
}
