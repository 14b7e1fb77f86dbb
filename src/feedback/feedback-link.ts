import { createHmac, timingSafeEqual } from 'node:crypto';
import { isBigintId } from '../common/ids';

/**
 * Signed feedback links: the short link an email or SMS of a rule that asks for feedback carries.
 * The token names one touch and its customer and says until when it may be answered; the HMAC
 * (the app's signing secret, like the unsubscribe link) is the only credential the page needs.
 * Kept short for SMS: ids and the expiry in base 36, the MAC cut to 96 bits (16 base64url
 * characters), e.g. `2s.1b.t5x3qo.Xq1vKz0aPbR7cWm2`.
 */
export interface FeedbackPayload {
  touchId: string;
  customerId: string;
  /** After this instant the link answers that it has expired. */
  expiresAt: Date;
}

export type FeedbackTokenCheck =
  { kind: 'valid'; payload: FeedbackPayload } | { kind: 'expired'; payload: FeedbackPayload } | { kind: 'invalid' };

const MAC_LENGTH = 16;
const BASE36 = /^[0-9a-z]{1,13}$/;

export function signFeedback(payload: FeedbackPayload, secret: string): string {
  const body = [
    BigInt(payload.touchId).toString(36),
    BigInt(payload.customerId).toString(36),
    Math.ceil(payload.expiresAt.getTime() / 1000).toString(36),
  ].join('.');
  return `${body}.${mac(body, secret)}`;
}

/**
 * Whether the token is one we signed, and if so whether it is still open at `now`. A token we
 * did not sign is `invalid` whatever it claims; only a genuine one can be `expired`.
 */
export function verifyFeedback(token: string, secret: string, now: Date): FeedbackTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 4) return { kind: 'invalid' };
  const [touch, customer, expiry, signature] = parts;
  if (![touch, customer, expiry].every((part) => BASE36.test(part))) return { kind: 'invalid' };
  const expected = Buffer.from(mac(`${touch}.${customer}.${expiry}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'invalid' };
  const touchId = fromBase36(touch);
  const customerId = fromBase36(customer);
  // Signed by us, but a leaked secret would let anyone sign: the ids must still be ids.
  if (!isBigintId(touchId) || !isBigintId(customerId)) return { kind: 'invalid' };
  const payload = { touchId, customerId, expiresAt: new Date(Number(fromBase36(expiry)) * 1000) };
  return now.getTime() >= payload.expiresAt.getTime() ? { kind: 'expired', payload } : { kind: 'valid', payload };
}

export function feedbackUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/f/${token}`;
}

function fromBase36(text: string): string {
  let value = 0n;
  for (const char of text) value = value * 36n + BigInt(parseInt(char, 36));
  return value.toString();
}

function mac(body: string, secret: string): string {
  // The prefix keeps a feedback MAC from ever standing in for another kind of signed link.
  return createHmac('sha256', secret).update(`feedback:${body}`).digest('base64url').slice(0, MAC_LENGTH);
}
