import { isFreshTimestamp } from './sendgrid-signature';

describe('isFreshTimestamp', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  const seconds = String(now.getTime() / 1000);

  it.each([
    [seconds, true],
    [String(Number(seconds) - 600), true],
    [String(Number(seconds) + 600), true],
    [String(Number(seconds) - 601), false],
    [String(Number(seconds) + 601), false],
    // A batch signed in 2001.
    ['1000000000', false],
    ['', false],
    [undefined, false],
    ['1781524800.5', false],
    ['-1781524800', false],
    ['0x6a2b5f00', false],
    [' 1781524800', false],
  ])('%s → %s', (timestamp, fresh) => {
    expect(isFreshTimestamp(timestamp, now, 600)).toBe(fresh);
  });
});
