import { InvalidInputError } from '../common/errors';
import { isBigintId, isPgUtcTimestamp } from '../common/ids';

/**
 * The timeline's keyset: (at, type, id) of the last entry shown, newest first. Opaque to clients
 * (base64url JSON); each part is checked before it reaches SQL, so a tampered cursor is a 400.
 */
export interface TimelineKey {
  /** A timestamptz as PostgreSQL prints it in a UTC session. */
  at: string;
  type: TimelineEntryType;
  id: string;
}

export type TimelineEntryType = 'order' | 'touch' | 'event';
const TYPES: TimelineEntryType[] = ['order', 'touch', 'event'];

export function encodeTimelineCursor(key: TimelineKey): string {
  return Buffer.from(JSON.stringify([key.at, key.type, key.id])).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): TimelineKey {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (
    Array.isArray(parts) &&
    parts.length === 3 &&
    typeof parts[0] === 'string' &&
    isPgUtcTimestamp(parts[0]) &&
    TYPES.includes(parts[1] as TimelineEntryType) &&
    typeof parts[2] === 'string' &&
    isBigintId(parts[2])
  ) {
    return { at: parts[0], type: parts[1] as TimelineEntryType, id: parts[2] };
  }
  throw new InvalidInputError('Invalid cursor', [{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
}
