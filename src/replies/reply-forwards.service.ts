import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ReplySettings } from '../config/settings';
import { rowCount, rows } from '../database/sql';
import { classifyFailure, ProviderError } from '../delivery/provider-errors';
import { EmailTransport } from '../delivery/transports/transport';
import { buildForward } from './forward';
import * as sql from './replies.sql';

/** After this many attempts a forward is given up (the reply itself is on the task list and the timeline). */
export const FORWARD_MAX_ATTEMPTS = 10;
const BATCH = 20;

/** Waits between attempts: one minute, doubling, at most an hour. */
export function forwardRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface ForwardRun {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the forwards of email replies to managers through the email transport (SendGrid, or the
 * outbox without keys). Each is sent right after its reply is recorded, and the workers' sweep
 * retries what did not go. Rows being sent are locked, so two senders never send one forward.
 */
@Injectable()
export class ReplyForwardsService {
  private readonly logger = new Logger('ReplyForwards');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly email: EmailTransport,
    private readonly settings: ReplySettings,
  ) {}

  /** Sends due forwards (only `onlyId` when given); never throws for a provider's refusal. */
  async sendDue(onlyId: string | null = null): Promise<ForwardRun> {
    const run: ForwardRun = { sent: 0, retrying: 0, failed: 0 };
    await this.db.transaction(async (m) => {
      const due = await rows<sql.DueForward>(m, sql.DUE_FORWARDS, [this.clock.now(), onlyId ? 1 : BATCH, onlyId]);
      for (const forward of due) {
        const email = buildForward({
          forwardId: forward.id,
          touchId: forward.touch_id ?? 'reply',
          manager: { name: forward.manager_name, email: forward.manager_email },
          customer: { name: [forward.first_name, forward.last_name].filter(Boolean).join(' '), email: forward.customer_email },
          subject: forward.detail.subject ?? '',
          text: forward.detail.body ?? '',
          attachments: forward.detail.attachments ?? 0,
          answeredSubject: forward.answered_subject,
          companyName: this.settings.companyName,
          sendingDomain: this.settings.sendingDomain,
          publicUrl: this.settings.publicUrl,
        });
        try {
          const receipt = await this.email.send(email);
          await rowCount(m, sql.FORWARD_SENT, [forward.id, this.clock.now(), receipt.providerMessageId]);
          run.sent += 1;
        } catch (error) {
          const verdict = error instanceof ProviderError ? classifyFailure(error.failure) : null;
          const attempts = forward.attempts + 1;
          const giveUp = verdict?.kind === 'permanent' || attempts >= FORWARD_MAX_ATTEMPTS;
          const reason = verdict?.reason ?? (error instanceof Error ? error.name : 'error');
          const next = new Date(this.clock.now().getTime() + forwardRetryDelayMs(attempts));
          await rowCount(m, sql.FORWARD_NOT_SENT, [forward.id, giveUp ? 'failed' : 'pending', next, reason]);
          if (giveUp) run.failed += 1;
          else run.retrying += 1;
          this.logger.warn(`reply forward ${forward.id} not sent (${reason})${giveUp ? ', given up' : ', will retry'}`);
        }
      }
    });
    return run;
  }
}
