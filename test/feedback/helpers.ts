import { DataSource } from 'typeorm';
import { signFeedback } from '../../src/feedback/feedback-link';
import { createRule, createTouch } from '../factories';

/** A message already sent with a feedback link, as dispatch leaves it, and its signed link's token. */
export async function sentWithFeedback(
  db: DataSource,
  customerId: string,
  secret: string,
  options: { channel?: 'email' | 'sms'; scheduledAt?: string; expiresAt?: string; ruleId?: string } = {},
): Promise<{ touchId: string; token: string; ruleId: string }> {
  const channel = options.channel ?? 'email';
  const scheduledAt = options.scheduledAt ?? '2026-06-14T09:00:00Z';
  const ruleId =
    options.ruleId ??
    (await createRule(db, { action: { channel, templateKey: `${channel}-template`, sendAt: '09:00', askFeedback: true } })).id;
  const touch = await createTouch(db, customerId, ruleId, {
    channel,
    templateKey: `${channel}-template`,
    state: 'delivered',
    scheduledAt,
    localDate: scheduledAt.slice(0, 10),
  });
  await db.query(`UPDATE touches SET rendered = $2 WHERE id = $1`, [
    touch.id,
    JSON.stringify({ channel, text: 'Thanks!', feedback: true }),
  ]);
  const expiresAt = new Date(options.expiresAt ?? '2099-01-01T00:00:00Z');
  return { touchId: touch.id, token: signFeedback({ touchId: touch.id, customerId, expiresAt }, secret), ruleId };
}

export async function answersOf(db: DataSource, touchId: string): Promise<{ score: number; comment: string | null }[]> {
  return db.query(`SELECT score, comment FROM feedback_answers WHERE touch_id = $1`, [touchId]);
}

export async function replyTasksOf(
  db: DataSource,
  customerId: string,
): Promise<{ id: string; state: string; assignee_staff_id: string | null }[]> {
  return db.query(`SELECT id::text, state, assignee_staff_id FROM tasks WHERE customer_id = $1 AND kind = 'reply' ORDER BY id`, [
    customerId,
  ]);
}
