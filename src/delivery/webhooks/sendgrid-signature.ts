import { createPublicKey, KeyObject, verify } from 'node:crypto';

/**
 * SendGrid's signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64 DER) over the
 * timestamp header followed by the raw request body, checked with the verification key SendGrid
 * shows in its settings (base64 DER SubjectPublicKeyInfo; PEM accepted too).
 */
export function parseSendgridPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec') throw new Error('not an elliptic-curve public key');
  return key;
}

export function verifySendgridSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer | undefined,
): boolean {
  if (!signature || !timestamp || !rawBody) return false;
  try {
    return verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]),
      { key, dsaEncoding: 'der' },
      Buffer.from(signature, 'base64'),
    );
  } catch {
    // A signature that is not DER at all is as bad as a wrong one.
    return false;
  }
}

/**
 * Whether the signed timestamp header (Unix seconds) is within `maxAgeSeconds` of now, either
 * way. The signature covers the timestamp, so a batch captured once cannot be replayed later
 * with a fresh one; anything that is not plain seconds is refused.
 */
export function isFreshTimestamp(timestamp: string | undefined, now: Date, maxAgeSeconds: number): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= maxAgeSeconds;
}
