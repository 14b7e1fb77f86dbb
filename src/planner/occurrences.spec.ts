import { annualDate, occurrenceActingOn, occurrencesActingBetween } from './occurrences';

describe('annual dates', () => {
  it.each([
    [2027, 2, 29, '2027-02-28'], // common year: Feb 28
    [2028, 2, 29, '2028-02-29'], // leap year: the day itself
    [2100, 2, 29, '2100-02-28'], // century, not a leap year
    [2000, 2, 29, '2000-02-29'],
    [2026, 12, 31, '2026-12-31'],
  ])('%i-%i-%i falls on %s', (year, month, day, expected) => {
    expect(annualDate(year, month, day)).toBe(expected);
  });
});

describe('which occurrences act on a day', () => {
  // [month, day, offsetDays, trigger date, occurrence or null]
  const scenarios: [number, number, number, string, string | null][] = [
    [3, 14, 0, '2026-03-14', '2026-03-14'],
    [3, 14, -3, '2026-03-11', '2026-03-14'], // 3 days before
    [1, 2, -5, '2026-12-28', '2027-01-02'], // before, across the year end: next year's birthday
    [12, 30, 5, '2027-01-04', '2026-12-30'], // after, across the year end: last year's
    [2, 29, 0, '2027-02-28', '2027-02-28'], // leap-day birthday in a common year
    [2, 29, 0, '2028-02-28', null], // ... but not in a leap year, where it has its own day
    [2, 29, 0, '2028-02-29', '2028-02-29'],
    [2, 29, -10, '2027-02-18', '2027-02-28'],
    [2, 28, 0, '2027-02-28', '2027-02-28'],
  ];

  it.each(scenarios)('%i-%i offset %i on %s → %s', (month, day, offset, triggerDate, expected) => {
    expect(occurrenceActingOn(month, day, offset, triggerDate)).toBe(expected);
  });

  it('lists the (month, day) pairs a range needs, the leap day on Feb 28 of common years only', () => {
    const pairs = (from: string, to: string, offset = 0) =>
      occurrencesActingBetween(from, to, offset).map((m) => `${m.triggerDate}:${m.month}-${m.day}:${m.year}`);
    expect(pairs('2027-02-27', '2027-03-01')).toEqual([
      '2027-02-27:2-27:2027',
      '2027-02-28:2-28:2027',
      '2027-02-28:2-29:2027',
      '2027-03-01:3-1:2027',
    ]);
    expect(pairs('2028-02-28', '2028-02-29')).toEqual(['2028-02-28:2-28:2028', '2028-02-29:2-29:2028']);
    expect(pairs('2026-12-31', '2027-01-01', -2)).toEqual(['2026-12-31:1-2:2027', '2027-01-01:1-3:2027']);
  });

  it('agrees with annualDate for every day of two years', () => {
    for (const m of occurrencesActingBetween('2027-01-01', '2028-12-31', -3)) {
      expect(occurrenceActingOn(m.month, m.day, -3, m.triggerDate)).toBe(m.occurrenceDate);
    }
  });
});
