import { escapeHtml, publicPage } from '../common/public-page';
/**
 * The customer-facing unsubscribe pages: tiny, self-contained HTML in the customer's language
 * (no scripts, no external assets, no cookies), so they work in any mail client's browser.
 */
export type PageLanguage = 'en' | 'vi' | 'ru' | 'th';
type Channel = 'email' | 'sms';

interface Texts {
  confirmTitle: Record<Channel, string>;
  confirmBody: Record<Channel, (company: string) => string>;
  button: string;
  doneTitle: string;
  doneBody: Record<Channel, (company: string) => string>;
  invalidTitle: string;
  invalidBody: string;
}

const TEXTS: Record<PageLanguage, Texts> = {
  en: {
    confirmTitle: { email: 'Unsubscribe from emails', sms: 'Unsubscribe from text messages' },
    confirmBody: {
      email: (c) => `Press the button to stop receiving emails from ${c}.`,
      sms: (c) => `Press the button to stop receiving text messages from ${c}.`,
    },
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: {
      email: (c) => `${c} will not send you any more emails.`,
      sms: (c) => `${c} will not send you any more text messages.`,
    },
    invalidTitle: 'This link does not work',
    invalidBody: 'The unsubscribe link is incomplete or has been changed. Please use the link from the message exactly as it arrived.',
  },
  vi: {
    confirmTitle: { email: 'Hủy đăng ký nhận email', sms: 'Hủy đăng ký nhận tin nhắn SMS' },
    confirmBody: {
      email: (c) => `Nhấn nút bên dưới để ngừng nhận email từ ${c}.`,
      sms: (c) => `Nhấn nút bên dưới để ngừng nhận tin nhắn SMS từ ${c}.`,
    },
    button: 'Hủy đăng ký',
    doneTitle: 'Bạn đã hủy đăng ký',
    doneBody: {
      email: (c) => `${c} sẽ không gửi email cho bạn nữa.`,
      sms: (c) => `${c} sẽ không gửi tin nhắn SMS cho bạn nữa.`,
    },
    invalidTitle: 'Liên kết không hợp lệ',
    invalidBody: 'Liên kết hủy đăng ký này không đầy đủ hoặc đã bị thay đổi. Vui lòng dùng đúng liên kết trong tin nhắn bạn nhận được.',
  },
  ru: {
    confirmTitle: { email: 'Отписка от писем', sms: 'Отписка от SMS-сообщений' },
    confirmBody: {
      email: (c) => `Нажмите кнопку, чтобы больше не получать письма от ${c}.`,
      sms: (c) => `Нажмите кнопку, чтобы больше не получать SMS-сообщения от ${c}.`,
    },
    button: 'Отписаться',
    doneTitle: 'Вы отписались',
    doneBody: {
      email: (c) => `${c} больше не будет присылать вам письма.`,
      sms: (c) => `${c} больше не будет присылать вам SMS-сообщения.`,
    },
    invalidTitle: 'Ссылка недействительна',
    invalidBody: 'Эта ссылка для отписки неполная или была изменена. Воспользуйтесь ссылкой из сообщения в том виде, в каком она пришла.',
  },
  th: {
    confirmTitle: { email: 'ยกเลิกการรับอีเมล', sms: 'ยกเลิกการรับข้อความ SMS' },
    confirmBody: {
      email: (c) => `กดปุ่มด้านล่างเพื่อหยุดรับอีเมลจาก ${c}`,
      sms: (c) => `กดปุ่มด้านล่างเพื่อหยุดรับข้อความ SMS จาก ${c}`,
    },
    button: 'ยกเลิกการรับ',
    doneTitle: 'ยกเลิกการรับเรียบร้อยแล้ว',
    doneBody: {
      email: (c) => `${c} จะไม่ส่งอีเมลถึงคุณอีก`,
      sms: (c) => `${c} จะไม่ส่งข้อความ SMS ถึงคุณอีก`,
    },
    invalidTitle: 'ลิงก์นี้ใช้งานไม่ได้',
    invalidBody: 'ลิงก์ยกเลิกการรับนี้ไม่สมบูรณ์หรือถูกแก้ไข กรุณาใช้ลิงก์จากข้อความตามที่ได้รับ',
  },
};

/** The page language for a customer locale (`vi-VN` → `vi`); English when we have no translation. */
export function pageLanguage(locale: string | null | undefined): PageLanguage {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return language in TEXTS ? (language as PageLanguage) : 'en';
}

/** The confirmation page; its form posts the RFC 8058 body back to the same link. */
export function confirmPage(language: PageLanguage, channel: Channel, token: string, company: string): string {
  const t = TEXTS[language];
  // A relative action resolves to /u/<token> whatever host or prefix the page was served under.
  const form =
    `<form method="post" action="${escapeHtml(token)}">` +
    `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
    `<button type="submit">${escapeHtml(t.button)}</button></form>`;
  return layout(language, t.confirmTitle[channel], `<p>${escapeHtml(t.confirmBody[channel](company))}</p>${form}`);
}

export function donePage(language: PageLanguage, channel: Channel, company: string): string {
  const t = TEXTS[language];
  return layout(language, t.doneTitle, `<p>${escapeHtml(t.doneBody[channel](company))}</p>`);
}

export function invalidLinkPage(language: PageLanguage): string {
  const t = TEXTS[language];
  return layout(language, t.invalidTitle, `<p>${escapeHtml(t.invalidBody)}</p>`);
}

function layout(language: PageLanguage, title: string, body: string): string {
  return publicPage(language, title, body);
}
