import { DataSource } from 'typeorm';
import { createRule, createTouch } from '../factories';

/** A touch already sent to the customer, with what it said, as the dispatcher leaves it. */
export async function sentTouch(
  db: DataSource,
  customerId: string,
  channel: 'email' | 'sms' = 'email',
  scheduledAt = '2026-06-14T09:00:00Z',
): Promise<{ id: string }> {
  const rule = await createRule(db, { action: { channel, templateKey: `${channel}-template`, sendAt: '09:00' } });
  const touch = await createTouch(db, customerId, rule.id, {
    channel,
    templateKey: `${channel}-template`,
    state: 'delivered',
    scheduledAt,
    localDate: scheduledAt.slice(0, 10),
  });
  const rendered =
    channel === 'email'
      ? { channel, subject: 'Happy birthday, Ada', text: 'Dear Ada, many happy returns.' }
      : { channel, text: 'Thanks - Emma' };
  await db.query(`UPDATE touches SET rendered = $2, provider_message_id = $3 WHERE id = $1`, [
    touch.id,
    JSON.stringify(rendered),
    `msg-${touch.id}`,
  ]);
  return touch;
}

export interface ReplyTaskRow {
  id: string;
  customer_id: string;
  touch_id: string | null;
  kind: string;
  state: string;
  assignee_staff_id: string | null;
  due_date: string;
  priority: number;
  reply_received_at: Date;
  talking_points: { reply: { messages: { source: string; text: string; receivedAt: string }[]; messageCount: number; answers: unknown } };
}

export function replyTasksOf(db: DataSource, customerId: string): Promise<ReplyTaskRow[]> {
  return db.query(
    `SELECT id::text, customer_id::text, touch_id::text, kind, state, assignee_staff_id, due_date::text AS due_date, priority,
            reply_received_at, talking_points
       FROM tasks WHERE customer_id = $1 AND kind = 'reply' ORDER BY id`,
    [customerId],
  );
}
