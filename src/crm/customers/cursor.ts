import { InvalidInputError } from '../../common/errors';

/**
 * Keyset pagination cursors: the sort key of the last row of a page, opaque to clients
 * (base64url of a JSON array of strings). Each part is checked against a pattern before it
 * reaches SQL, so a tampered cursor answers 400, never 500.
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, patterns: RegExp[]): string[] {
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

/** A bigint id as node-postgres returns it. */
export const ID_PATTERN = /^\d{1,19}$/;
/** A timestamptz as PostgreSQL prints it in a UTC session, e.g. `2026-05-01 10:00:00.123456+00`. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00$/;

/** `q` as a LIKE prefix: the user's % and _ match themselves. */
export function likePrefix(q: string): string {
  return q.replace(/[\\%_]/g, (char) => `\\${char}`) + '%';
}
