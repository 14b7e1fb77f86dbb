import { createHmac, timingSafeEqual } from 'node:crypto';
import { isBigintId } from '../common/ids';

/**
 * Signed unsubscribe tokens: the link in every email and the `List-Unsubscribe` header carry one,
 * so a click (or a mail client's one-click POST) proves which customer and channel it is for
 * without a login. HMAC-SHA256 over the payload, base64url, with the signing secret from config.
 */
export interface UnsubscribePayload {
  customerId: string;
  channel: 'email' | 'sms';
  /** The touch the link was sent with, when there was one. */
  touchId?: string;
}

export function signUnsubscribe(payload: UnsubscribePayload, secret: string): string {
  const body = Buffer.from(JSON.stringify([payload.customerId, payload.channel, payload.touchId ?? null])).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The payload when the token is intact and signed with `secret`; otherwise null. */
export function verifyUnsubscribe(token: string, secret: string): UnsubscribePayload | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [customerId, channel, touchId] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, string | null];
    // A token is signed by us, but a leaked or default secret would let anyone sign one: check the ids too.
    if (typeof customerId !== 'string' || !isBigintId(customerId) || (channel !== 'email' && channel !== 'sms')) return null;
    if (touchId !== null && touchId !== undefined && (typeof touchId !== 'string' || !isBigintId(touchId))) return null;
    return touchId ? { customerId, channel, touchId } : { customerId, channel };
  } catch {
    return null;
  }
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/u/${token}`;
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
