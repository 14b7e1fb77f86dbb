import { localToUtc, utcToLocal } from './local-time';

describe('local send time → UTC', () => {
  // [zone, local date, local time, expected UTC]
  const scenarios: [string, string, string, string][] = [
    ['America/New_York', '2026-03-08', '09:00', '2026-03-08T13:00:00.000Z'], // spring forward: 09:00 EDT
    ['America/New_York', '2026-03-07', '09:00', '2026-03-07T14:00:00.000Z'], // the day before: 09:00 EST
    ['America/New_York', '2026-11-01', '09:00', '2026-11-01T14:00:00.000Z'], // fall back: 09:00 EST
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'], // does not exist: moves on by the gap
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T06:30:00.000Z'], // happens twice: the later one
    ['Europe/Berlin', '2026-03-29', '09:00', '2026-03-29T07:00:00.000Z'],
    ['Europe/Moscow', '2026-06-15', '09:00', '2026-06-15T06:00:00.000Z'], // no DST, UTC+3
    ['Asia/Bangkok', '2026-06-15', '09:00', '2026-06-15T02:00:00.000Z'],
    ['Pacific/Kiritimati', '2026-06-15', '09:00', '2026-06-14T19:00:00.000Z'], // UTC+14: the day before in UTC
    ['Pacific/Pago_Pago', '2026-06-15', '09:00', '2026-06-15T20:00:00.000Z'], // UTC-11
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T16:30:00.000Z'], // ambiguous south of the equator
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T15:15:00.000Z'], // half-hour DST
  ];

  it.each(scenarios)('%s %s %s → %s', (zone, date, time, expected) => {
    const utc = localToUtc(date, time, zone);
    expect(utc.toISOString()).toBe(expected);
  });

  it('reads an instant back in the zone', () => {
    expect(utcToLocal(new Date('2026-06-14T19:00:00Z'), 'Pacific/Kiritimati')).toEqual({ date: '2026-06-15', time: '09:00', minutes: 540 });
    expect(utcToLocal(new Date('2026-06-15T20:00:00Z'), 'Pacific/Pago_Pago')).toEqual({ date: '2026-06-15', time: '09:00', minutes: 540 });
  });
});
