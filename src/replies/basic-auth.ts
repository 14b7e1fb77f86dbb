import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Inbound Parse does not sign its posts, so its URL carries a secret, as SendGrid suggests:
 * `https://inbound:SECRET@host/webhooks/sendgrid/inbound`, which arrives as HTTP basic auth. The
 * password is compared in constant time (as digests, so its length does not show either); the
 * user name is not checked.
 */
export function basicAuthPasswordMatches(authorization: string | undefined, secret: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const given = createHash('sha256')
    .update(decoded.slice(colon + 1))
    .digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected);
}
