import { isAvailable } from './assignment';
import { localDateIn } from './days';
import { valueBonus } from './priority';

/**
 * The decisions behind a reply task, as plain functions: who gets it and on which day, how it
 * ranks, and what a customer's message looks like on it. reply-tasks.service.ts applies them.
 */

/** Where a reply came from. */
export type ReplySource = 'email' | 'sms' | 'feedback';
export const REPLY_SOURCES: ReplySource[] = ['email', 'sms', 'feedback'];

/**
 * Above every call and card (rule priority at most 1000 plus at most 60 for the customer's value),
 * so capacity never ranks an automated task over a person who wrote to us; replies among
 * themselves rank by the customer's value.
 */
export const REPLY_PRIORITY_BASE = 1100;

export function replyPriority(lifetimeValue: number): number {
  return REPLY_PRIORITY_BASE + valueBonus(lifetimeValue);
}

/** Longest message kept on a task, in characters; longer ones are cut with a marker saying so. */
export const REPLY_TEXT_MAX = 10_000;

/** Messages kept on one open task; older ones stay on the timeline, and `messageCount` still counts them. */
export const REPLY_MESSAGES_KEPT = 20;

export interface ReplyStaff {
  id: string;
  active: boolean;
  awayFrom: string | null;
  awayUntil: string | null;
  timeZone: string;
}

export interface ReplyAssignment {
  /** null: the shared pool. */
  assigneeStaffId: string | null;
  /** Today for whoever gets it: the assignee's zone, or the customer's for the pool. */
  dueDate: string;
}

/**
 * Who answers a reply, today: the customer's account manager when active and not away today (in
 * their zone); else their backup, likewise in the backup's zone; else the shared pool, due the
 * customer's today. The same people as call and card tasks (assignment.ts), judged on the day the
 * reply arrived rather than a planned due day.
 */
export function assignReply(now: Date, customerTimeZone: string, manager: ReplyStaff | null, backup: ReplyStaff | null): ReplyAssignment {
  if (manager) {
    const managerToday = localDateIn(now, manager.timeZone);
    if (isAvailable(manager, managerToday)) return { assigneeStaffId: manager.id, dueDate: managerToday };
    if (backup) {
      const backupToday = localDateIn(now, backup.timeZone);
      if (isAvailable(backup, backupToday)) return { assigneeStaffId: backup.id, dueDate: backupToday };
    }
  }
  return { assigneeStaffId: null, dueDate: localDateIn(now, customerTimeZone) };
}

/** One message on a reply task's talking points. */
export interface ReplyMessage {
  source: ReplySource;
  text: string;
  /** ISO instant. */
  receivedAt: string;
  /** The email's subject, when there was one. */
  subject?: string;
  truncated?: true;
}

/**
 * The text as kept: line endings normalised, surrounding blank space trimmed, and cut at
 * REPLY_TEXT_MAX characters (never inside a surrogate pair) with a marker naming how much was left out.
 */
export function clipReplyText(text: string, max = REPLY_TEXT_MAX): { text: string; truncated: boolean } {
  const clean = text.replace(/\r\n?/g, '\n').trim();
  const chars = Array.from(clean);
  if (chars.length <= max) return { text: clean, truncated: false };
  const omitted = chars.length - max;
  return { text: `${chars.slice(0, max).join('').trimEnd()}\n[… ${omitted} more characters not kept]`, truncated: true };
}

export function replyMessage(input: { source: ReplySource; text: string; receivedAt: Date; subject?: string | null }): ReplyMessage {
  const clipped = clipReplyText(input.text);
  return {
    source: input.source,
    text: clipped.text,
    receivedAt: input.receivedAt.toISOString(),
    ...(input.subject ? { subject: clipReplyText(input.subject, 300).text } : {}),
    ...(clipped.truncated ? { truncated: true as const } : {}),
  };
}

/** What the touch being answered said, for the manager to read beside the reply. */
export interface AnsweredTouch {
  touchId: string;
  channel: string;
  sentAt: string | null;
  subject: string | null;
  /** The text we sent, shortened. */
  text: string | null;
}

/** Longest excerpt of the message we sent, in characters. */
export const ANSWERED_TEXT_MAX = 1000;

export function answeredTouch(touch: {
  id: string;
  channel: string;
  sentAt: Date | null;
  rendered: Record<string, unknown> | null;
}): AnsweredTouch {
  const rendered = touch.rendered ?? {};
  const subject = typeof rendered.subject === 'string' ? rendered.subject : null;
  const body = typeof rendered.text === 'string' ? rendered.text : typeof rendered.body === 'string' ? rendered.body : null;
  return {
    touchId: touch.id,
    channel: touch.channel,
    sentAt: touch.sentAt ? touch.sentAt.toISOString() : null,
    subject,
    text: body === null ? null : clipReplyText(body, ANSWERED_TEXT_MAX).text,
  };
}
