/**
 * How an SMS text travels: GSM 03.38 7-bit when every character is in its basic or extension
 * table, else UCS-2. Extension characters (escape + char) take two septets; UCS-2 counts UTF-16
 * code units, so an emoji outside the BMP takes two.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsInfo {
  encoding: SmsEncoding;
  /** Billed length: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
  characters: number;
  segments: number;
  /** Room in each segment: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
}

// GSM 03.38 default alphabet (without the escape code itself).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// The extension table, reached through the escape code.
const GSM_EXTENDED = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM_BASIC.has(char) && !GSM_EXTENDED.has(char)) return false;
  return true;
}

export function smsInfo(text: string): SmsInfo {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  // Units per character; a character is never split across two segments.
  const units: number[] = [];
  for (const char of text) units.push(encoding === 'GSM-7' ? (GSM_EXTENDED.has(char) ? 2 : 1) : char.length);
  const characters = units.reduce((sum, n) => sum + n, 0);
  const limits = LIMITS[encoding];
  if (characters <= limits.single) {
    return { encoding, characters, segments: characters === 0 ? 0 : 1, perSegment: limits.single };
  }
  let segments = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > limits.multi) {
      segments += 1;
      used = 0;
    }
    used += n;
  }
  return { encoding, characters, segments, perSegment: limits.multi };
}

/** Who signs an SMS: the account manager's first name, or the company alone for pooled customers. */
export interface SmsSigner {
  managerFirstName: string | null;
  companyName: string;
}

export interface ComposedSms {
  body: string;
  info: SmsInfo;
}

/**
 * The one way an SMS is put together, used by the send path and by the template preview alike,
 * so the preview's encoding and segment count are those of what is sent: the rendered text, a
 * signature unless the text already ends with one, a link line when there is one (the feedback
 * link of a rule that asks for feedback and whose template does not place it), and on the first SMS to a number the opt-out
 * line in the customer's language. The signature's dash is the GSM-7 hyphen: an em dash would
 * turn a GSM-7 message into UCS-2 and halve the room in each segment.
 */
export function composeSms(input: { text: string; signer: SmsSigner; optOutLine: string | null; linkLine?: string | null }): ComposedSms {
  const text = input.text.replace(/\s+$/, '');
  const { managerFirstName, companyName } = input.signer;
  const signature = managerFirstName ? `- ${managerFirstName}, ${companyName}` : `- ${companyName}`;
  const lines = [isSigned(text, managerFirstName ?? companyName) ? text : `${text} ${signature}`];
  if (input.linkLine) lines.push(input.linkLine);
  if (input.optOutLine) lines.push(input.optOutLine);
  const body = lines.join('\n');
  return { body, info: smsInfo(body) };
}

/**
 * Whether the text already ends with a sign-off naming the signer, as a template written before
 * the builder signed would ("… - Emma, Shop", "… — Emma"): the name among the last words of its
 * last line.
 */
function isSigned(text: string, name: string): boolean {
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  return name.trim() !== '' && lastLine.slice(-(name.length + 40)).includes(name);
}
