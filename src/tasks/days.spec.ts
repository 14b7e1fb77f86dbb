import { addWorkingDays, isWorkingDay, nextWorkingDay } from './days';

// 2026-06-15 is a Monday.
describe('working days', () => {
  it.each([
    { name: 'one day after a Monday is the Tuesday', from: '2026-06-15', count: 1, expected: '2026-06-16' },
    { name: 'one day after a Friday is the Monday', from: '2026-06-19', count: 1, expected: '2026-06-22' },
    { name: 'two days after a Thursday skip the weekend', from: '2026-06-18', count: 2, expected: '2026-06-22' },
    { name: 'from a Saturday, the Monday is the first', from: '2026-06-20', count: 1, expected: '2026-06-22' },
    { name: 'from a Sunday, two days is the Tuesday', from: '2026-06-21', count: 2, expected: '2026-06-23' },
    { name: 'five days is a week later', from: '2026-06-17', count: 5, expected: '2026-06-24' },
    { name: 'across a month and a year end', from: '2026-12-31', count: 2, expected: '2027-01-04' },
  ])('$name', ({ from, count, expected }) => {
    expect(addWorkingDays(from, count)).toBe(expected);
    expect(isWorkingDay(addWorkingDays(from, count))).toBe(true);
  });

  it('nextWorkingDay is one working day on', () => {
    expect(nextWorkingDay('2026-06-19')).toBe(addWorkingDays('2026-06-19', 1));
  });
});
