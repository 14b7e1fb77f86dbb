import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Per-touch reply addresses: `reply+<touchId>.<signature>@<reply domain>`. The signature is an
 * HMAC of the touch id under the signing secret, so an address cannot be made up for a touch, and
 * a reply to it proves the sender was sent (or forwarded) that email. Lower-case hex, because
 * some mail systems fold the case of local parts.
 */

const SIGNATURE_HEX = 20;
const TOUCH_ID = /^[1-9]\d{0,17}$/;
const ADDRESS = /^reply\+(\d{1,18})\.([0-9a-f]+)@([^@\s]+)$/i;

function sign(touchId: string, secret: string): string {
  return createHmac('sha256', secret).update(`reply-address:${touchId}`).digest('hex').slice(0, SIGNATURE_HEX);
}

export function replyAddress(touchId: string, domain: string, secret: string): string {
  if (!TOUCH_ID.test(touchId)) throw new Error(`Not a touch id: ${touchId}`);
  return `reply+${touchId}.${sign(touchId, secret)}@${domain.toLowerCase()}`;
}

/** What an address says: not ours at all, ours but not validly signed (forged), or the touch it answers. */
export type ReplyAddressCheck = { kind: 'not_reply_address' } | { kind: 'forged' } | { kind: 'valid'; touchId: string };

export function checkReplyAddress(address: string, domain: string, secret: string): ReplyAddressCheck {
  const match = ADDRESS.exec(address.trim());
  if (!match || match[3].toLowerCase() !== domain.toLowerCase()) return { kind: 'not_reply_address' };
  const [, touchId, signature] = match;
  if (!TOUCH_ID.test(touchId)) return { kind: 'forged' };
  const expected = Buffer.from(sign(touchId, secret), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'forged' };
  return { kind: 'valid', touchId };
}

/**
 * The bare addresses in address-list header values (`"Emma" <a@b>, c@d`) or SendGrid's envelope
 * list; display names and comments are dropped. Enough to find our reply address, not a full
 * RFC 5322 parser.
 */
export function addressesIn(values: readonly string[]): string[] {
  const found: string[] = [];
  for (const value of values) {
    for (const match of value.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s<>",;:()]+@[^\s<>",;:()]+)/g)) {
      found.push(match[1] ?? match[2]);
    }
  }
  return found;
}
