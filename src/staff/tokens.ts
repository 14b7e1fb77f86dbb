import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'tp_';

/** A new personal token: 32 random bytes, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough here: tokens carry 256 bits of entropy, so no stretching is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenPrefix(token: string): string {
  return token.slice(0, PREFIX.length + 6);
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length >= 16 && value.length <= 200;
}

/** The staff member behind a live token ($1: the token's hash). Every authenticated request runs it. */
export const AUTHENTICATE_SQL = `SELECT t.id AS token_id, s.id AS staff_id, s.role, s.name, t.last_used_at
   FROM api_tokens t JOIN staff s ON s.id = t.staff_id
  WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND s.active`;
