import { isWithin, LEGAL_QUIET_WINDOW, nextAllowed, QuietHoursSettings, windowFor } from './quiet-hours';

const settings: QuietHoursSettings = { phone: { start: '08:00', end: '21:00' }, email: { start: '07:00', end: '22:00' } };

describe('quiet hours', () => {
  // [channel, zone, instant, expected]
  const scenarios: [string, string, string, string][] = [
    ['sms', 'Asia/Bangkok', '2026-06-15T02:00:00Z', '2026-06-15T02:00:00.000Z'], // 09:00 local: allowed
    ['sms', 'Asia/Bangkok', '2026-06-14T23:00:00Z', '2026-06-15T01:00:00.000Z'], // 06:00 → 08:00 same day
    ['sms', 'Asia/Bangkok', '2026-06-15T14:00:00Z', '2026-06-16T01:00:00.000Z'], // 21:00 → 08:00 next day
    ['call', 'Asia/Bangkok', '2026-06-15T13:59:00Z', '2026-06-15T13:59:00.000Z'], // 20:59: still allowed
    ['email', 'Asia/Bangkok', '2026-06-15T14:30:00Z', '2026-06-15T14:30:00.000Z'], // 21:30: email allows it
    ['email', 'Asia/Bangkok', '2026-06-15T15:00:00Z', '2026-06-16T00:00:00.000Z'], // 22:00 → 07:00 next day
    ['card', 'Asia/Bangkok', '2026-06-15T20:00:00Z', '2026-06-15T20:00:00.000Z'], // post has no quiet hours
    ['sms', 'America/New_York', '2026-03-08T06:00:00Z', '2026-03-08T12:00:00.000Z'], // 01:00 EST → 08:00 EDT
    ['sms', 'America/New_York', '2026-10-31T02:00:00Z', '2026-10-31T12:00:00.000Z'], // 22:00 EDT → next 08:00 EDT
    ['sms', 'America/New_York', '2026-11-01T02:00:00Z', '2026-11-01T13:00:00.000Z'], // 22:00 EDT → 08:00 EST after fall back
    ['sms', 'Pacific/Kiritimati', '2026-06-15T08:00:00Z', '2026-06-15T18:00:00.000Z'], // 22:00 +14 → 08:00 next local day
    ['sms', 'Pacific/Pago_Pago', '2026-06-15T18:00:00Z', '2026-06-15T19:00:00.000Z'], // 07:00 -11 → 08:00
  ];

  it.each(scenarios)('%s to %s at %s → %s', (channel, zone, at, expected) => {
    const window = windowFor(channel as 'sms', settings);
    expect(nextAllowed(new Date(at), zone, window).toISOString()).toBe(expected);
  });

  it('only narrows the legal window', () => {
    expect(isWithin({ start: '09:00', end: '20:00' }, LEGAL_QUIET_WINDOW)).toBe(true);
    expect(isWithin({ start: '08:00', end: '21:00' }, LEGAL_QUIET_WINDOW)).toBe(true);
    expect(isWithin({ start: '07:30', end: '20:00' }, LEGAL_QUIET_WINDOW)).toBe(false);
    expect(isWithin({ start: '09:00', end: '21:30' }, LEGAL_QUIET_WINDOW)).toBe(false);
    expect(isWithin({ start: '12:00', end: '10:00' }, LEGAL_QUIET_WINDOW)).toBe(false);
  });
});
