/**
 * The compliance lines every message carries, in the customer's language: the opt-out
 * instruction of a first SMS to a number (CTIA and carriers expect it), and the footer of every
 * email (a visible unsubscribe link and the sender's postal address, as CAN-SPAM requires and
 * Gmail and Yahoo expect of bulk senders). Languages without their own wording fall back to English.
 */
export interface NoticeWording {
  /** The line added to the first SMS sent to a number. STOP is the keyword carriers honour in every language. */
  smsOptOut: string;
  /** Text before the unsubscribe link in an email footer. */
  emailUnsubscribe: string;
  /** The link's visible text in the HTML part. */
  emailUnsubscribeLink: string;
}

const WORDING: Record<string, NoticeWording> = {
  en: {
    smsOptOut: 'Reply STOP to opt out.',
    emailUnsubscribe: 'To stop receiving these emails, unsubscribe here:',
    emailUnsubscribeLink: 'Unsubscribe',
  },
  vi: {
    smsOptOut: 'Trả lời STOP để ngừng nhận tin.',
    emailUnsubscribe: 'Để ngừng nhận những email này, hủy đăng ký tại đây:',
    emailUnsubscribeLink: 'Hủy đăng ký',
  },
  ru: {
    smsOptOut: 'Ответьте STOP, чтобы отписаться.',
    emailUnsubscribe: 'Чтобы больше не получать такие письма, отпишитесь здесь:',
    emailUnsubscribeLink: 'Отписаться',
  },
  th: {
    smsOptOut: 'ตอบกลับ STOP เพื่อยกเลิกการรับข้อความ',
    emailUnsubscribe: 'หากไม่ต้องการรับอีเมลเหล่านี้อีก ยกเลิกการรับได้ที่นี่:',
    emailUnsubscribeLink: 'ยกเลิกการรับอีเมล',
  },
};

/** The wording for a BCP 47 locale (`vi-VN` → `vi`), English when the language has none. */
export function noticeWording(locale: string): NoticeWording {
  const language = locale.split(/[-_]/)[0].toLowerCase();
  return WORDING[language] ?? WORDING.en;
}

/** Languages with their own wording (the rest read English). */
export const NOTICE_LANGUAGES = Object.keys(WORDING);
