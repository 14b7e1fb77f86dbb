/**
 * What the customer reads about feedback, in their language: the line that introduces the link in
 * a message, and the page behind it. Languages without their own wording fall back to English.
 */
export type FeedbackLanguage = 'en' | 'vi' | 'ru' | 'th';

export interface FeedbackTexts {
  /** Before the link in a message; short, since an SMS carries it. */
  prompt: string;
  title: string;
  question: (company: string) => string;
  /** Labels of the scores 1–5, worst first. */
  scores: [string, string, string, string, string];
  commentLabel: string;
  send: string;
  thanksTitle: string;
  thanksBody: string;
  answeredTitle: string;
  yourScore: string;
  yourComment: string;
  invalidTitle: string;
  invalidBody: string;
  expiredTitle: string;
  expiredBody: string;
  badScoreTitle: string;
  badScoreBody: string;
  badCommentBody: (max: number) => string;
}

const TEXTS: Record<FeedbackLanguage, FeedbackTexts> = {
  en: {
    prompt: 'How did we do?',
    title: 'How did we do?',
    question: (c) => `How happy are you with ${c}? 1 is not at all, 5 is very.`,
    scores: ['1 – Very unhappy', '2 – Unhappy', '3 – Okay', '4 – Happy', '5 – Very happy'],
    commentLabel: 'Anything you would like to tell us? (optional)',
    send: 'Send',
    thanksTitle: 'Thank you',
    thanksBody: 'We have your answer. Your account manager reads every one.',
    answeredTitle: 'You have already answered',
    yourScore: 'Your score',
    yourComment: 'Your comment',
    invalidTitle: 'This link does not work',
    invalidBody: 'The feedback link is incomplete or has been changed. Please use the link from the message exactly as it arrived.',
    expiredTitle: 'This link has expired',
    expiredBody: 'The time to answer this message has passed. Thank you all the same: you can always reply to us directly.',
    badScoreTitle: 'Please choose a score',
    badScoreBody: 'Choose one score from 1 to 5, then send again.',
    badCommentBody: (max) => `The comment can be at most ${max} characters long.`,
  },
  vi: {
    prompt: 'Bạn thấy chúng tôi thế nào?',
    title: 'Bạn thấy chúng tôi thế nào?',
    question: (c) => `Bạn hài lòng với ${c} đến mức nào? 1 là hoàn toàn không, 5 là rất hài lòng.`,
    scores: ['1 – Rất không hài lòng', '2 – Không hài lòng', '3 – Bình thường', '4 – Hài lòng', '5 – Rất hài lòng'],
    commentLabel: 'Bạn có muốn nhắn gì thêm cho chúng tôi không? (không bắt buộc)',
    send: 'Gửi',
    thanksTitle: 'Cảm ơn bạn',
    thanksBody: 'Chúng tôi đã nhận được câu trả lời. Người phụ trách của bạn đọc từng ý kiến.',
    answeredTitle: 'Bạn đã trả lời rồi',
    yourScore: 'Điểm của bạn',
    yourComment: 'Ý kiến của bạn',
    invalidTitle: 'Liên kết không hợp lệ',
    invalidBody: 'Liên kết góp ý này không đầy đủ hoặc đã bị thay đổi. Vui lòng dùng đúng liên kết trong tin nhắn bạn nhận được.',
    expiredTitle: 'Liên kết đã hết hạn',
    expiredBody: 'Đã quá thời gian trả lời tin nhắn này. Dù vậy, cảm ơn bạn: bạn luôn có thể trả lời trực tiếp cho chúng tôi.',
    badScoreTitle: 'Vui lòng chọn điểm',
    badScoreBody: 'Hãy chọn một điểm từ 1 đến 5 rồi gửi lại.',
    badCommentBody: (max) => `Ý kiến dài tối đa ${max} ký tự.`,
  },
  ru: {
    prompt: 'Как мы справились?',
    title: 'Как мы справились?',
    question: (c) => `Насколько вы довольны ${c}? 1 — совсем нет, 5 — очень.`,
    scores: ['1 – Очень недоволен', '2 – Недоволен', '3 – Нормально', '4 – Доволен', '5 – Очень доволен'],
    commentLabel: 'Хотите что-нибудь добавить? (необязательно)',
    send: 'Отправить',
    thanksTitle: 'Спасибо',
    thanksBody: 'Мы получили ваш ответ. Ваш менеджер читает каждый.',
    answeredTitle: 'Вы уже ответили',
    yourScore: 'Ваша оценка',
    yourComment: 'Ваш комментарий',
    invalidTitle: 'Ссылка недействительна',
    invalidBody: 'Эта ссылка для отзыва неполная или была изменена. Воспользуйтесь ссылкой из сообщения в том виде, в каком она пришла.',
    expiredTitle: 'Срок действия ссылки истёк',
    expiredBody: 'Время для ответа на это сообщение прошло. Всё равно спасибо: вы всегда можете написать нам напрямую.',
    badScoreTitle: 'Выберите оценку',
    badScoreBody: 'Выберите одну оценку от 1 до 5 и отправьте ещё раз.',
    badCommentBody: (max) => `Комментарий может быть не длиннее ${max} символов.`,
  },
  th: {
    prompt: 'เราบริการเป็นอย่างไรบ้าง?',
    title: 'เราบริการเป็นอย่างไรบ้าง?',
    question: (c) => `คุณพอใจกับ ${c} แค่ไหน? 1 คือไม่พอใจเลย 5 คือพอใจมาก`,
    scores: ['1 – ไม่พอใจมาก', '2 – ไม่พอใจ', '3 – พอใช้', '4 – พอใจ', '5 – พอใจมาก'],
    commentLabel: 'มีอะไรอยากบอกเราเพิ่มเติมไหม? (ไม่บังคับ)',
    send: 'ส่ง',
    thanksTitle: 'ขอบคุณ',
    thanksBody: 'เราได้รับคำตอบของคุณแล้ว ผู้ดูแลของคุณอ่านทุกความเห็น',
    answeredTitle: 'คุณตอบแล้ว',
    yourScore: 'คะแนนของคุณ',
    yourComment: 'ความเห็นของคุณ',
    invalidTitle: 'ลิงก์นี้ใช้งานไม่ได้',
    invalidBody: 'ลิงก์แสดงความเห็นนี้ไม่สมบูรณ์หรือถูกแก้ไข กรุณาใช้ลิงก์จากข้อความตามที่ได้รับ',
    expiredTitle: 'ลิงก์นี้หมดอายุแล้ว',
    expiredBody: 'เลยเวลาตอบข้อความนี้แล้ว ขอบคุณเช่นเดิม คุณตอบกลับหาเราโดยตรงได้เสมอ',
    badScoreTitle: 'กรุณาเลือกคะแนน',
    badScoreBody: 'เลือกคะแนนหนึ่งค่าจาก 1 ถึง 5 แล้วส่งอีกครั้ง',
    badCommentBody: (max) => `ความเห็นยาวได้ไม่เกิน ${max} ตัวอักษร`,
  },
};

/** The language for a customer locale (`vi-VN` → `vi`); English when we have no translation. */
export function feedbackLanguage(locale: string | null | undefined): FeedbackLanguage {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return Object.prototype.hasOwnProperty.call(TEXTS, language) ? (language as FeedbackLanguage) : 'en';
}

export function feedbackTexts(language: FeedbackLanguage): FeedbackTexts {
  return TEXTS[language];
}
