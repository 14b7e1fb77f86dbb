import { formatBirthday } from './customer-view';

describe('formatBirthday', () => {
  it.each([
    [1992, 2, 29, '1992-02-29'],
    [null, 2, 29, '--02-29'],
    [null, 12, 1, '--12-01'],
    [null, null, null, null],
    [1990, null, null, null],
  ])('%s-%s-%s → %s', (year, month, day, expected) => expect(formatBirthday(year, month, day)).toBe(expected));
});
