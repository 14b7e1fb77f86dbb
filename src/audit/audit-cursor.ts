import { InvalidInputError } from '../common/errors';

/**
 * The audit log pages newest first by id. The cursor is the last id seen, signed by nothing but
 * strictly parsed: `a` followed by a decimal id that fits a bigint; anything else is a 400.
 */
export function encodeAuditCursor(id: string): string {
  return `a${id}`;
}

export function decodeAuditCursor(cursor: string): string {
  const match = /^a([1-9]\d{0,18})$/.exec(cursor);
  if (!match || BigInt(match[1]) > 9223372036854775807n) {
    throw new InvalidInputError('Invalid cursor', [{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
  }
  return match[1];
}
