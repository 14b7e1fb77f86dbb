import { parseRetryAfter, retryDelayMs } from './backoff';

describe('retryDelayMs (full jitter)', () => {
  const settings = { baseMs: 1000, maxMs: 60_000 };

  it.each([
    // attempt, random, expected
    [1, 0.999, 999],
    [2, 0.5, 1000],
    [3, 0.5, 2000],
    [4, 1, 8000],
    [10, 0.5, 30_000],
    [40, 0.99, 59_400],
    [1, 0, 0],
  ])('after attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, settings, null, () => random)).toBe(expected);
  });

  it('never comes back sooner than Retry-After', () => {
    expect(retryDelayMs(1, settings, 5000, () => 0.5)).toBe(5000);
    expect(retryDelayMs(8, settings, 5000, () => 0.9)).toBe(54_000);
    expect(retryDelayMs(1, settings, 0, () => 0.5)).toBe(500);
  });

  it('stays inside [0, cap) over many draws', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const cap = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i += 1) {
        const delay = retryDelayMs(attempt, settings);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
      }
    }
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Mon, 15 Jun 2026 12:00:10 GMT', 10_000],
    ['Mon, 15 Jun 2026 11:00:00 GMT', 0],
    ['soon', null],
    ['', null],
    [undefined, null],
  ])('%p → %p', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it('takes the first of repeated headers and numbers', () => {
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
    expect(parseRetryAfter(4, now)).toBe(4000);
  });
});
