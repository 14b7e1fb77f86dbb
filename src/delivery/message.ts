import { noticeWording } from '../consent/notices';
import { signUnsubscribe, unsubscribeUrl } from '../consent/unsubscribe-link';
import { replyAddress } from '../replies/reply-address';
import { feedbackLanguage, feedbackTexts } from '../feedback/feedback-wording';
import { composeSms } from '../templates/sms';

/**
 * Building the messages that leave: who they are from, the signature, the unsubscribe headers.
 * Plain functions of their inputs, so every header is tested without a provider.
 */

/** The customer's account manager, or null for customers in the shared pool. */
export interface Manager {
  name: string;
  email: string;
  signature: string | null;
}

export interface Address {
  name: string;
  email: string;
}

/** What a template rendered for one customer. */
export interface RenderedContent {
  subject?: string;
  html?: string;
  text: string;
  /** The variant used ('' = default). */
  locale: string;
  /** The customer's locale: the language of the unsubscribe and opt-out notices. */
  customerLocale?: string;
  /** The touch's feedback link, when its rule asks for feedback. */
  feedbackUrl?: string;
}

export interface OutgoingEmail {
  touchId: string;
  to: string;
  from: Address;
  /**
   * Where replies go: the touch's signed reply address when REPLY_DOMAIN is set (they come back
   * through Touchpoint); else the manager's own address, or none for the company.
   */
  replyTo: Address | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Echoed back in provider webhooks: how events find their touch. */
  customArgs: Record<string, string>;
}

export interface OutgoingSms {
  touchId: string;
  to: string;
  body: string;
  statusCallback: string;
  /** Whether the body carries the opt-out line (the first SMS to this number). */
  optOutNotice: boolean;
}

export interface SenderContext {
  companyName: string;
  sendingDomain: string;
  publicUrl: string;
  signingSecret: string;
  /** The company's postal address, shown in every email (CAN-SPAM). */
  postalAddress: string;
  /** Where replies come back through Touchpoint (Inbound Parse); null: to the manager directly. */
  replyDomain?: string | null;
}

/**
 * The From local part: the manager's name folded to ASCII (`Emma Clarke` → `emma.clarke`). Names
 * with no Latin letters, and the company itself, fall back to `hello`. Replies go to the manager's
 * real address through Reply-To, so two managers with the same name sharing a From is harmless.
 */
/** Latin letters that do not decompose into a base letter and a mark. */
const FOLD: Record<string, string> = {
  Đ: 'D',
  đ: 'd',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'TH',
  þ: 'th',
};

export function fromLocalPart(name: string | null): string {
  if (!name) return 'hello';
  const folded = name
    .replace(/[ĐđØøŁłßÆæŒœÞþ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
    .slice(0, 64)
    .replace(/\.+$/, '');
  return folded || 'hello';
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Appends `signature` unless the template already placed it. */
export function withTextSignature(text: string, signature: string): string {
  const sig = signature.trim();
  if (!sig || text.includes(sig)) return text;
  return `${text.replace(/\s+$/, '')}\n\n-- \n${sig}\n`;
}

export function withHtmlSignature(html: string, signature: string): string {
  const sig = signature.trim();
  // Compared as visible text: templates place it with nl2br, whose breaks and escapes differ from ours.
  if (!sig || visibleText(html).includes(sig.replace(/\s+/g, ' '))) return html;
  const block = `<p class="signature">${escapeHtml(sig).replace(/\r?\n/g, '<br>')}</p>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : `${html}\n${block}`;
}

/** The text a reader sees in an HTML fragment, whitespace collapsed. */
function visibleText(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      if (code[0] !== '#') return named[code.toLowerCase()] ?? entity;
      const point = code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    })
    .replace(/\s+/g, ' ');
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A rule that asks for feedback gets its link into the message: where the template placed
 * `{{touch.feedbackUrl}}` it stays there, otherwise a line in the customer's language follows
 * the text (before the signature).
 */
export function withTextFeedback(text: string, url: string | undefined, locale: string): string {
  if (!url || text.includes(url)) return text;
  return `${text.replace(/\s+$/, '')}\n\n${feedbackTexts(feedbackLanguage(locale)).prompt} ${url}\n`;
}

export function withHtmlFeedback(html: string, url: string | undefined, locale: string): string {
  // The link's characters are all URL-safe, so escaping does not change how it appears in HTML.
  if (!url || html.includes(url)) return html;
  const block = `<p class="feedback"><a href="${escapeHtml(url)}">${escapeHtml(feedbackTexts(feedbackLanguage(locale)).prompt)}</a></p>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : `${html}\n${block}`;
}

/** Plain text to minimal HTML, for templates without an HTML part. */
function textToHtml(text: string): string {
  return `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;
}

/**
 * What the bottom of every email says: a visible unsubscribe link (the same signed link as the
 * List-Unsubscribe header) and the sender's postal address, in the customer's language.
 */
export function withTextFooter(text: string, footer: { url: string; company: string; postalAddress: string; locale: string }): string {
  const wording = noticeWording(footer.locale);
  return `${text.replace(/\s+$/, '')}\n\n${wording.emailUnsubscribe} ${footer.url}\n${footer.company}, ${oneLine(footer.postalAddress)}\n`;
}

export function withHtmlFooter(html: string, footer: { url: string; company: string; postalAddress: string; locale: string }): string {
  const wording = noticeWording(footer.locale);
  const block =
    `<p class="footer" style="font-size:12px;color:#666666">${escapeHtml(wording.emailUnsubscribe)} ` +
    `<a href="${escapeHtml(footer.url)}">${escapeHtml(wording.emailUnsubscribeLink)}</a><br>` +
    `${escapeHtml(footer.company)}, ${escapeHtml(oneLine(footer.postalAddress))}</p>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : `${html}\n${block}`;
}

function oneLine(value: string): string {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(', ');
}

/** RFC 8058 one-click unsubscribe: an https link carrying a signed token, plus a mailto fallback. */
export function unsubscribeHeaders(url: string, token: string, sendingDomain: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${url}>, <mailto:unsubscribe@${sendingDomain}?subject=unsubscribe%20${token}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export function buildEmail(input: {
  touchId: string;
  customerId: string;
  to: string;
  content: RenderedContent;
  manager: Manager | null;
  sender: SenderContext;
}): OutgoingEmail {
  const { manager, sender } = input;
  const fromName = manager ? manager.name : sender.companyName;
  const signature = manager ? manager.signature?.trim() || manager.name : sender.companyName;
  const token = signUnsubscribe({ customerId: input.customerId, channel: 'email', touchId: input.touchId }, sender.signingSecret);
  const url = unsubscribeUrl(sender.publicUrl, token);
  const feedback = input.content.feedbackUrl;
  const footer = {
    url,
    company: sender.companyName,
    postalAddress: sender.postalAddress,
    locale: input.content.customerLocale ?? input.content.locale,
  };
  return {
    touchId: input.touchId,
    to: input.to,
    from: { name: fromName, email: `${fromLocalPart(manager?.name ?? null)}@${sender.sendingDomain}` },
    replyTo: sender.replyDomain
      ? { name: fromName, email: replyAddress(input.touchId, sender.replyDomain, sender.signingSecret) }
      : manager
        ? { name: manager.name, email: manager.email }
        : null,
    subject: input.content.subject ?? '',
    text: withTextFooter(withTextSignature(withTextFeedback(input.content.text, feedback, footer.locale), signature), footer),
    html: withHtmlFooter(
      withHtmlSignature(withHtmlFeedback(input.content.html ?? textToHtml(input.content.text), feedback, footer.locale), signature),
      footer,
    ),
    headers: unsubscribeHeaders(url, token, sender.sendingDomain),
    customArgs: { touch_id: input.touchId },
  };
}

/**
 * An SMS as `composeSms` builds it for the preview too: signed by the manager's first name (the
 * company for pooled customers), with the opt-out line in the customer's language when this is the
 * first SMS to the number.
 */
export function buildSms(input: {
  touchId: string;
  to: string;
  content: RenderedContent;
  manager: Manager | null;
  sender: SenderContext;
  firstToNumber: boolean;
}): OutgoingSms {
  const locale = input.content.customerLocale ?? input.content.locale;
  const feedbackUrl = input.content.feedbackUrl;
  const { body } = composeSms({
    text: input.content.text,
    // After the signature, on its own line, so a phone shows the link whole.
    linkLine:
      feedbackUrl && !input.content.text.includes(feedbackUrl) ? `${feedbackTexts(feedbackLanguage(locale)).prompt} ${feedbackUrl}` : null,
    signer: { managerFirstName: input.manager ? firstName(input.manager.name) : null, companyName: input.sender.companyName },
    optOutLine: input.firstToNumber ? noticeWording(locale).smsOptOut : null,
  });
  return {
    touchId: input.touchId,
    to: input.to,
    body,
    // Names the touch, so a callback finds it even when its MessageSid was never recorded (a crash).
    statusCallback: `${input.sender.publicUrl}/webhooks/twilio/status?touchId=${input.touchId}`,
    optOutNotice: input.firstToNumber,
  };
}

/** RFC 5322 mailbox with the display name quoted. */
export function formatAddress(address: Address): string {
  return `"${address.name.replace(/(["\\])/g, '\\$1')}" <${address.email}>`;
}
