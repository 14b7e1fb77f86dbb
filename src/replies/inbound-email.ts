import { createHash } from 'node:crypto';
import { HeaderMap } from './auto-reply';

/**
 * An email as SendGrid's Inbound Parse posts it (the parsed, not the raw, mode): form fields
 * `headers` (the raw header block), `from`, `to`, `cc`, `subject`, `text`, `html`, `envelope` (JSON
 * `{to: [...], from}`), `charsets`, `SPF`, `dkim`, attachment counts and files. Pure functions from
 * those fields to what Touchpoint keeps.
 */
export interface InboundEmail {
  headers: HeaderMap;
  from: string;
  /** Where it was addressed: the envelope recipients first (what the MX really received), then To and Cc. */
  recipients: string[];
  envelopeFrom: string | null;
  subject: string;
  /** The reply as plain text, the quoted earlier message removed where it can be recognised. */
  text: string;
  /** Message-ID, or a hash of the message when it has none: a redelivered post finds it taken. */
  dedupeKey: string;
  attachments: number;
}

/** Field names SendGrid posts that this reads; anything else (SPF, dkim, spam_score, ...) is ignored. */
export type InboundFields = Record<string, string>;

/** RFC 5322 header block: continuation lines unfolded, names in lower case, every value kept. */
export function parseHeaderBlock(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const unfolded = block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

function envelopeOf(raw: string | undefined): { to: string[]; from: string | null } {
  if (!raw) return { to: [], from: null };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return { to: [], from: null };
    const { to, from } = parsed as { to?: unknown; from?: unknown };
    return {
      to: Array.isArray(to) ? to.filter((item): item is string => typeof item === 'string') : typeof to === 'string' ? [to] : [],
      from: typeof from === 'string' ? from : from === null ? '' : null,
    };
  } catch {
    return { to: [], from: null };
  }
}

export function toInboundEmail(fields: InboundFields, attachments: number): InboundEmail {
  const headers = parseHeaderBlock(fields.headers ?? '');
  const envelope = envelopeOf(fields.envelope);
  const from = fields.from ?? headers.get('from')?.[0] ?? '';
  const subject = fields.subject ?? headers.get('subject')?.[0] ?? '';
  const text = replyText(fields.text ?? '', fields.html ?? '');
  const messageId = (headers.get('message-id')?.[0] ?? '').replace(/^<|>$/g, '').trim();
  return {
    headers,
    from,
    recipients: [...envelope.to, fields.to ?? headers.get('to')?.join(', ') ?? '', fields.cc ?? headers.get('cc')?.join(', ') ?? ''].filter(
      (value) => value !== '',
    ),
    envelopeFrom: envelope.from,
    subject,
    text,
    dedupeKey: messageId
      ? `message-id:${messageId.slice(0, 500)}`
      : `sha256:${createHash('sha256')
          .update(JSON.stringify([from, subject, headers.get('date')?.[0] ?? '', fields.text ?? '', fields.html ?? '']))
          .digest('hex')}`,
    attachments,
  };
}

/** The customer's words: the text part, or the HTML part's text when there is none; the quoted earlier message cut off. */
export function replyText(text: string, html: string): string {
  const body = text.trim() !== '' ? text : htmlToText(html);
  const fresh = stripQuoted(body.replace(/\r\n?/g, '\n'));
  return fresh.trim() !== '' ? fresh.trim() : body.trim();
}

/**
 * Cuts the part of a reply that quotes our message: from the attribution line ("On … wrote:",
 * possibly wrapped onto two lines), an Outlook "-----Original Message-----" or "From: … Sent: …"
 * block, and drops `>` quoted lines. What is left when nothing is recognised is the whole text.
 */
export function stripQuoted(text: string): string {
  const lines = text.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`;
    if (
      /^-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|исходное сообщение)\s*-{2,}$/i.test(line) ||
      /^on\b.{0,200}\bwrote:$/i.test(line) ||
      (/^on\b/i.test(line) && !/wrote:$/i.test(line) && /^on\b.{0,300}\bwrote:$/i.test(joined)) ||
      (/^from:\s/i.test(line) && /^(sent|date):\s/i.test(lines[i + 1]?.trim() ?? '')) ||
      /^_{20,}$/.test(line)
    ) {
      end = i;
      break;
    }
  }
  return lines
    .slice(0, end)
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Readable text of an HTML body: scripts, styles and quoted blocks dropped, breaks kept, tags removed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, '')
    .replace(/<div class="gmail_quote"[\s\S]*$/i, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      if (code[0] !== '#') return ENTITIES[code.toLowerCase()] ?? entity;
      const point = code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
