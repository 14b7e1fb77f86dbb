import { InvalidInputError } from '../common/errors';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';

describe('audit cursor', () => {
  it('round-trips an id', () => expect(decodeAuditCursor(encodeAuditCursor('42'))).toBe('42'));

  it.each(['', '42', 'a', 'a0', 'a-1', 'a1.5', 'a9223372036854775808', 'a99999999999999999999', "a1' OR 1=1", 'eyJ4IjoxfQ'])(
    'refuses %p with a 400',
    (cursor) => expect(() => decodeAuditCursor(cursor)).toThrow(InvalidInputError),
  );
});
