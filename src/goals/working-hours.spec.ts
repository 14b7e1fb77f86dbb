import { addWorkingMinutes, breachState, isWorkingDayWindow, workingMinutesBetween, WorkingHours } from './working-hours';

const NEW_YORK: WorkingHours = { timeZone: 'America/New_York', start: '09:00', end: '17:00' };
const LONDON: WorkingHours = { timeZone: 'Europe/London', start: '09:00', end: '17:00' };
const BANGKOK: WorkingHours = { timeZone: 'Asia/Bangkok', start: '09:00', end: '17:00' };
const at = (iso: string) => new Date(iso);

describe('workingMinutesBetween', () => {
  // 2026-12-04 is a Friday; New York is UTC−5 in December, London UTC+0, Bangkok UTC+7.
  it.each([
    ['inside one working day', NEW_YORK, '2026-12-02T10:00:00-05:00', '2026-12-02T11:15:00-05:00', 75],
    ['overnight: 16:00 to 10:00 the next day', NEW_YORK, '2026-12-01T16:00:00-05:00', '2026-12-02T10:00:00-05:00', 120],
    ['weekend: Friday 20:00 to Monday 09:30', NEW_YORK, '2026-12-04T20:00:00-05:00', '2026-12-07T09:30:00-05:00', 30],
    ['weekend: Friday 16:30 to Monday 09:30', NEW_YORK, '2026-12-04T16:30:00-05:00', '2026-12-07T09:30:00-05:00', 60],
    ['arrived before hours, answered inside', NEW_YORK, '2026-12-02T06:00:00-05:00', '2026-12-02T09:45:00-05:00', 45],
    ['arrived inside, answered after hours', NEW_YORK, '2026-12-02T16:00:00-05:00', '2026-12-02T22:00:00-05:00', 60],
    ['both outside, same evening', NEW_YORK, '2026-12-02T18:00:00-05:00', '2026-12-02T23:00:00-05:00', 0],
    ['both outside, over a whole day', NEW_YORK, '2026-12-01T18:00:00-05:00', '2026-12-03T07:00:00-05:00', 480],
    ['both on a weekend', NEW_YORK, '2026-12-05T10:00:00-05:00', '2026-12-06T15:00:00-05:00', 0],
    [
      'multi-day: Monday 15:00 to Thursday 11:00',
      NEW_YORK,
      '2026-11-30T15:00:00-05:00',
      '2026-12-03T11:00:00-05:00',
      120 + 480 + 480 + 120,
    ],
    ['multi-week: two full weeks', NEW_YORK, '2026-11-30T09:00:00-05:00', '2026-12-14T09:00:00-05:00', 10 * 480],
    // London falls back on Sunday 2026-10-25: 65 hours pass, the working clock counts wall hours.
    ['over a DST change: Friday 16:30 BST to Monday 09:30 GMT', LONDON, '2026-10-23T16:30:00+01:00', '2026-10-26T09:30:00Z', 60],
    // New York springs forward on Sunday 2026-03-08.
    ['over a DST change: Friday 16:00 EST to Monday 10:00 EDT', NEW_YORK, '2026-03-06T16:00:00-05:00', '2026-03-09T10:00:00-04:00', 120],
    ['different zone, same instants: the day is over in Bangkok', BANGKOK, '2026-12-02T10:00:00-05:00', '2026-12-02T11:15:00-05:00', 0],
    ['different zone: 16:00 to 10:00 Bangkok time', BANGKOK, '2026-12-02T16:00:00+07:00', '2026-12-03T10:00:00+07:00', 120],
    ['answered before it arrived', NEW_YORK, '2026-12-02T11:00:00-05:00', '2026-12-02T10:00:00-05:00', 0],
  ])('%s', (_, hours, from, to, minutes) => {
    expect(workingMinutesBetween(at(from), at(to), hours)).toBe(minutes);
  });

  it('on the day the clock jumps inside working hours, counts the hours that exist', () => {
    // Cairo springs forward at 00:00 on Friday 2026-04-24: 00:00–01:00 never happens.
    const night: WorkingHours = { timeZone: 'Africa/Cairo', start: '00:00', end: '08:00' };
    expect(workingMinutesBetween(at('2026-04-23T21:00:00Z'), at('2026-04-24T06:00:00Z'), night)).toBe(7 * 60);
  });
});

describe('addWorkingMinutes', () => {
  it.each([
    ['inside the day', '2026-12-02T10:00:00-05:00', 240, '2026-12-02T14:00:00-05:00'],
    ['over the evening', '2026-12-02T15:00:00-05:00', 240, '2026-12-03T11:00:00-05:00'],
    ['from a Friday evening', '2026-12-04T20:00:00-05:00', 240, '2026-12-07T13:00:00-05:00'],
    ['ending exactly at the close', '2026-12-02T13:00:00-05:00', 240, '2026-12-02T17:00:00-05:00'],
  ])('%s', (_, from, minutes, due) => {
    expect(addWorkingMinutes(at(from), minutes, NEW_YORK)).toEqual(at(due));
  });

  it('is the inverse of workingMinutesBetween', () => {
    const from = at('2026-12-03T16:45:00-05:00');
    for (const minutes of [1, 15, 240, 480, 1000, 2400]) {
      expect(workingMinutesBetween(from, addWorkingMinutes(from, minutes, NEW_YORK), NEW_YORK)).toBe(minutes);
    }
  });
});

describe('breachState', () => {
  const received = at('2026-12-04T16:00:00-05:00'); // Friday, one working hour left that day
  it.each([
    ['ok with most of the goal left', '2026-12-04T16:30:00-05:00', 'ok', 30],
    ['ok over the weekend: the clock stands still', '2026-12-06T12:00:00-05:00', 'ok', 60],
    ['near with a quarter of the goal left', '2026-12-07T11:00:00-05:00', 'near', 180],
    ['breached at the due instant', '2026-12-07T12:00:00-05:00', 'breached', 240],
    ['breached after it', '2026-12-08T09:00:00-05:00', 'breached', 540],
  ])('%s', (_, now, state, elapsed) => {
    const result = breachState(received, at(now), 240, NEW_YORK);
    expect(result).toEqual({ state, dueBy: at('2026-12-07T12:00:00-05:00'), elapsedMinutes: elapsed });
  });
});

describe('isWorkingDayWindow', () => {
  it.each([
    ['09:00', '17:00', true],
    ['17:00', '09:00', false],
    ['09:00', '09:00', false],
    ['9:00', '17:00', false],
    ['09:00', '24:00', false],
  ])('%s–%s', (start, end, valid) => expect(isWorkingDayWindow(start, end)).toBe(valid));
});
