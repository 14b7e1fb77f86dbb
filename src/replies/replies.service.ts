import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ForbiddenError } from '../common/errors';
import { ReplySettings } from '../config/settings';
import { firstRow } from '../database/sql';
import { clipReplyText } from '../tasks/reply-decision';
import { ReplyTasksService } from '../tasks/reply-tasks.service';
import { recordEventReturningId } from '../touches/ledger';
import { classifyAutoReply } from './auto-reply';
import { InboundEmail } from './inbound-email';
import { addressesIn, checkReplyAddress } from './reply-address';
import { ReplyForwardsService } from './reply-forwards.service';
import * as sql from './replies.sql';

export type InboundOutcome = 'task_opened' | 'task_appended' | 'auto_reply' | 'duplicate' | 'unknown_touch';

export interface InboundResult {
  outcome: InboundOutcome;
  taskId: string | null;
}

const PROVIDER = 'sendgrid-inbound';

/**
 * A customer's email reply, as Inbound Parse delivered it (its URL secret already checked): the
 * signed reply address names the touch it answers; the reply goes on the customer's timeline
 * (an auto-reply as such, without a task), opens or joins the reply task, and is forwarded to the
 * manager's inbox. Everything but the forward's sending happens in one transaction, with the
 * message's key claimed first: a redelivered post records nothing twice.
 */
@Injectable()
export class RepliesService {
  private readonly logger = new Logger('Replies');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: ReplySettings,
    private readonly replyTasks: ReplyTasksService,
    private readonly forwards: ReplyForwardsService,
  ) {}

  async receiveEmail(email: InboundEmail): Promise<InboundResult> {
    const touchId = this.answeredTouch(email);
    let forwardId: string | null = null;
    const result = await this.db.transaction(async (m): Promise<InboundResult> => {
      const touch = await firstRow<{ id: string; customer_id: string }>(m, sql.TOUCH_FOR_REPLY, [touchId]);
      // Signed by us, but the touch is gone (its customer deleted): nothing to record, nothing to retry.
      if (!touch) return { outcome: 'unknown_touch', taskId: null };
      const now = this.clock.now();
      const key = createHash('sha256').update(email.dedupeKey).digest('hex');
      if (!(await firstRow(m, sql.CLAIM_INBOUND, [PROVIDER, key, now]))) return { outcome: 'duplicate', taskId: null };

      const body = clipReplyText(email.text);
      const subject = clipReplyText(email.subject, 300).text;
      const verdict = classifyAutoReply(email);
      const detail = {
        channel: 'email',
        subject,
        body: body.text,
        ...(body.truncated ? { truncated: true } : {}),
        ...(email.attachments > 0 ? { attachments: email.attachments } : {}),
        ...(verdict.automatic ? { automatic: verdict.reason } : {}),
      };
      const eventId = await recordEventReturningId(m, {
        customerId: touch.customer_id,
        touchId: touch.id,
        kind: verdict.automatic ? 'auto_reply' : 'reply',
        at: now,
        providerEventId: `${PROVIDER}:${key}`,
        detail,
      });
      if (verdict.automatic || eventId === null) return { outcome: verdict.automatic ? 'auto_reply' : 'duplicate', taskId: null };

      const task = await this.replyTasks.openOrAppend(m, {
        customerId: touch.customer_id,
        touchId: touch.id,
        text: email.text,
        subject,
        source: 'email',
        receivedAt: now,
      });
      if (task.assigneeStaffId) {
        const forward = await firstRow<{ id: string }>(m, sql.ADD_FORWARD, [
          touch.customer_id,
          eventId,
          task.taskId,
          task.assigneeStaffId,
          now,
        ]);
        forwardId = forward?.id ?? null;
      }
      return { outcome: task.opened ? 'task_opened' : 'task_appended', taskId: task.taskId };
    });
    if (forwardId) {
      // The reply is safe in the database; a forward that cannot go now is retried by the sweep.
      await this.forwards.sendDue(forwardId).catch((error: unknown) => {
        this.logger.warn(`reply forward ${forwardId}: ${error instanceof Error ? error.name : 'error'}; the sweep retries it`);
      });
    }
    return result;
  }

  /** The touch named by the first validly signed reply address among the recipients; otherwise refused. */
  private answeredTouch(email: InboundEmail): string {
    const domain = this.settings.replyDomain;
    if (!domain) throw new ForbiddenError('Replies are refused: REPLY_DOMAIN is not configured');
    let forged = false;
    for (const address of addressesIn(email.recipients)) {
      const check = checkReplyAddress(address, domain, this.settings.signingSecret);
      if (check.kind === 'valid') return check.touchId;
      if (check.kind === 'forged') forged = true;
    }
    throw new ForbiddenError(forged ? 'The reply address is not validly signed' : 'Not addressed to a reply address');
  }
}
