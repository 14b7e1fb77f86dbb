import { InvalidInputError } from '../../common/errors';
import { BIGINT_ID, PG_UTC_TIMESTAMP } from '../../common/ids';

/**
 * Keyset pagination cursors: the sort key of the last row of a page, opaque to clients
 * (base64url of a JSON array of strings). Each part is checked against a pattern before it
 * reaches SQL, so a tampered cursor answers 400, never 500.
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, patterns: { test(part: string): boolean }[]): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === patterns.length &&
    parts.every((part, i) => typeof part === 'string' && patterns[i].test(part));
  if (!valid) throw new InvalidInputError('Invalid cursor', [{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
  return parts as string[];
}

/** A bigint id as node-postgres returns it, within PostgreSQL's range. */
export const ID_PATTERN = BIGINT_ID;
/** A timestamptz as PostgreSQL prints it in a UTC session, e.g. `2026-05-01 10:00:00.123456+00`, naming a real instant. */
export const TIMESTAMP_PATTERN = PG_UTC_TIMESTAMP;

/** `q` as a LIKE prefix: the user's % and _ match themselves. */
export function likePrefix(q: string): string {
  return q.replace(/[\\%_]/g, (char) => `\\${char}`) + '%';
}
