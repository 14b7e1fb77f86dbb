import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { firstRow } from '../database/sql';
import { recordEvent } from '../touches/ledger';
import { answeredTouch, assignReply, REPLY_MESSAGES_KEPT, replyMessage, replyPriority, ReplySource, ReplyStaff } from './reply-decision';
import * as sql from './reply-tasks.sql';

export interface IncomingReply {
  customerId: string;
  /** The touch the customer answered; null (or another customer's touch) when it matched none. */
  touchId: string | null;
  text: string;
  source: ReplySource;
  receivedAt: Date;
  /** The email's subject, if any. */
  subject?: string | null;
}

export interface ReplyTaskResult {
  taskId: string;
  /** True when this reply opened the task; false when it joined the open one. */
  opened: boolean;
  /** null: the shared pool. */
  assigneeStaffId: string | null;
  dueDate: string;
  /** The touch linked, null when none was (or it was not this customer's). */
  touchId: string | null;
}

/**
 * A customer's reply becomes a task for the person who owns the relationship, due today, ranked
 * above calls and cards. One reply task per customer and touch answered is open at a time: a
 * second reply joins the open one (its message is appended to the talking points); a reply after
 * that task was closed opens a new one.
 *
 * Callers deduplicate redelivered replies (inbound_messages, in the same transaction) before
 * calling; each call here adds one message.
 */
@Injectable()
export class ReplyTasksService {
  constructor(private readonly clock: Clock) {}

  /** Runs in the caller's transaction `m`, so the reply, its deduplication and its task commit together. */
  async openOrAppend(m: EntityManager, reply: IncomingReply): Promise<ReplyTaskResult> {
    const context = await firstRow<sql.ReplyContextRow>(m, sql.REPLY_CONTEXT, [reply.customerId, reply.touchId]);
    if (!context) throw new NotFoundError('Customer', reply.customerId);
    const now = this.clock.now();
    const assignment = assignReply(
      now,
      context.time_zone,
      staff(context.manager_id, context.manager_active, context.manager_away_from, context.manager_away_until, context.manager_zone),
      staff(context.backup_id, context.backup_active, context.backup_away_from, context.backup_away_until, context.backup_zone),
    );
    const answers =
      context.touch_id && context.touch_channel
        ? answeredTouch({
            id: context.touch_id,
            channel: context.touch_channel,
            sentAt: context.touch_sent_at,
            rendered: context.touch_rendered,
          })
        : null;
    const talkingPoints = { reply: { answers, messages: [replyMessage(reply)], messageCount: 1 } };
    const row = (await firstRow<sql.OpenOrAppendRow>(m, sql.OPEN_OR_APPEND, [
      context.customer_id,
      context.touch_id,
      assignment.assigneeStaffId,
      assignment.dueDate,
      replyPriority(context.lifetime_value),
      JSON.stringify(talkingPoints),
      reply.receivedAt,
      now,
      REPLY_MESSAGES_KEPT,
    ]))!;
    if (row.opened) {
      await recordEvent(m, {
        customerId: context.customer_id,
        touchId: context.touch_id,
        kind: 'reply_task_opened',
        at: now,
        detail: { taskId: row.id, source: reply.source, assigneeStaffId: row.assignee_staff_id },
      });
    }
    return {
      taskId: row.id,
      opened: row.opened,
      assigneeStaffId: row.assignee_staff_id,
      dueDate: row.due_date,
      touchId: context.touch_id,
    };
  }
}

function staff(
  id: string | null,
  active: boolean | null,
  awayFrom: string | null,
  awayUntil: string | null,
  zone: string | null,
): ReplyStaff | null {
  if (!id) return null;
  return { id, active: Boolean(active), awayFrom, awayUntil, timeZone: zone ?? 'UTC' };
}
