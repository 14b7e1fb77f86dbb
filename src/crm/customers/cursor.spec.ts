import { InvalidInputError } from '../../common/errors';
import { decodeCursor, encodeCursor, ID_PATTERN, likePrefix, TIMESTAMP_PATTERN } from './cursor';

describe('cursors', () => {
  it('round-trips', () => {
    const parts = ['2026-05-01 10:00:00.123456+00', '42'];
    expect(decodeCursor(encodeCursor(parts), [TIMESTAMP_PATTERN, ID_PATTERN])).toEqual(parts);
  });

  it.each([
    ['not base64 json', 'garbage!'],
    ['wrong length', encodeCursor(['1', '2'])],
    ['not an id', encodeCursor(['1 OR 1=1'])],
    ['not strings', Buffer.from('[1]').toString('base64url')],
    ['an object', Buffer.from('{"id":"1"}').toString('base64url')],
  ])('refuses %s as a 400 naming cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor, [ID_PATTERN])).toThrow(InvalidInputError);
    try {
      decodeCursor(cursor, [ID_PATTERN]);
    } catch (error) {
      expect((error as InvalidInputError).errors).toEqual([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
    }
  });
});

describe('likePrefix', () => {
  it.each([
    ['ann', 'ann%'],
    ['50%', '50\\%%'],
    ['a_b', 'a\\_b%'],
    ['c:\\', 'c:\\\\%'],
  ])('%s → %s', (q, expected) => expect(likePrefix(q)).toBe(expected));
});
