import { isBigintId, isPgUtcTimestamp } from './ids';

describe('isBigintId', () => {
  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['9999999999999999999', false],
    ['0', false],
    ['007', false],
    ['-1', false],
    ['1e3', false],
    ['', false],
    ['12345678901234567890', false],
    ['１２', false],
  ])('%p → %p', (value, expected) => {
    expect(isBigintId(value)).toBe(expected);
  });
});

describe('isPgUtcTimestamp', () => {
  it.each([
    ['2026-05-01 10:00:00+00', true],
    ['2026-05-01 10:00:00.123456+00', true],
    ['2024-02-29 23:59:59+00', true],
    ['2025-02-29 00:00:00+00', false],
    ['2026-13-01 00:00:00+00', false],
    ['2026-00-10 00:00:00+00', false],
    ['2026-04-31 00:00:00+00', false],
    ['2026-05-01 24:00:00+00', false],
    ['2026-05-01 10:60:00+00', false],
    ['0000-01-01 00:00:00+00', false],
    ['2026-05-01 10:00:00+02', false],
    ['2026-05-01T10:00:00Z', false],
  ])('%p → %p', (value, expected) => {
    expect(isPgUtcTimestamp(value)).toBe(expected);
  });
});
