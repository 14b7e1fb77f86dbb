import { EntityManager } from 'typeorm';
import { FixedClock } from '../common/clock';
import { ReplyTasksService } from '../tasks/reply-tasks.service';
import { recordEvent } from '../touches/ledger';

/** What a customer writes back, in the language their manager works in. */
const WORDS: Record<string, string> = {
  en: 'Thank you so much for the note! Could you put the blue scarf aside for me? I will come by on Saturday.',
  vi: 'Cảm ơn chị rất nhiều! Chị giữ giúp em chiếc khăn màu xanh nhé, thứ Bảy em sẽ ghé lấy.',
  ru: 'Большое спасибо за письмо! Отложите, пожалуйста, для меня синий шарф, я зайду в субботу.',
  th: 'ขอบคุณมากค่ะ! ช่วยเก็บผ้าพันคอสีฟ้าไว้ให้หน่อยได้ไหมคะ วันเสาร์จะไปรับค่ะ',
};

/**
 * On first start each demo manager finds one customer's answer on top of her list: the customer
 * replied an hour ago to the latest message the history sent them, as an SMS reply would arrive
 * (on the timeline, and as a reply task through the same service the webhooks use).
 */
export async function seedDemoReplies(
  manager: EntityManager,
  now: Date,
  managers: readonly { id: string; locale: string }[],
): Promise<number> {
  const replies = new ReplyTasksService(new FixedClock(now));
  const receivedAt = new Date(now.getTime() - 3_600_000);
  let opened = 0;
  for (const person of managers) {
    const [latest]: { customer_id: string; touch_id: string; channel: string }[] = await manager.query(
      `SELECT t.customer_id::text AS customer_id, t.id::text AS touch_id, t.channel
         FROM touches t JOIN customers c ON c.id = t.customer_id
        WHERE c.account_manager_id = $1 AND t.channel IN ('email', 'sms') AND t.state IN ('sent', 'delivered')
          AND t.scheduled_at < $2
        ORDER BY t.scheduled_at DESC, t.id LIMIT 1`,
      [person.id, receivedAt],
    );
    if (!latest) continue;
    const text = WORDS[person.locale] ?? WORDS.en;
    await recordEvent(manager, {
      customerId: latest.customer_id,
      touchId: latest.touch_id,
      kind: 'reply',
      at: receivedAt,
      detail: { channel: 'sms', body: text },
    });
    await replies.openOrAppend(manager, { customerId: latest.customer_id, touchId: latest.touch_id, text, source: 'sms', receivedAt });
    opened += 1;
  }
  return opened;
}
