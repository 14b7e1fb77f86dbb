import { DEFAULT_GOALS, mergeGoals, workingHoursOf } from './goals';

describe('mergeGoals', () => {
  const current = { ...DEFAULT_GOALS, replyWithinMinutes: 240 };

  it.each([
    [{}, current],
    [{ satisfactionAtLeast: 4.5 }, { ...current, satisfactionAtLeast: 4.5 }],
    [{ replyWithinMinutes: null }, { ...current, replyWithinMinutes: null }],
    [
      { replyWithinMinutes: 1, satisfactionAtLeast: 5 },
      { ...current, replyWithinMinutes: 1, satisfactionAtLeast: 5 },
    ],
    [
      { workdayStart: '08:30', workdayEnd: '16:30' },
      { ...current, workdayStart: '08:30', workdayEnd: '16:30' },
    ],
    [{ satisfactionAtLeast: 4.25 }, { ...current, satisfactionAtLeast: 4.25 }],
  ])('%j', (change, goals) => expect(mergeGoals(current, change)).toEqual({ goals }));

  it.each([
    [{ replyWithinMinutes: 0 }, 'replyWithinMinutes', 'from 1 to 14400'],
    [{ replyWithinMinutes: 14_401 }, 'replyWithinMinutes', 'from 1 to 14400'],
    [{ replyWithinMinutes: 90.5 }, 'replyWithinMinutes', 'whole number'],
    [{ replyWithinMinutes: '240' }, 'replyWithinMinutes', 'whole number'],
    [{ satisfactionAtLeast: 5.5 }, 'satisfactionAtLeast', 'from 1 to 5'],
    [{ satisfactionAtLeast: 0 }, 'satisfactionAtLeast', 'from 1 to 5'],
    [{ satisfactionAtLeast: 4.555 }, 'satisfactionAtLeast', 'two decimals'],
    [{ workdayStart: '9:00' }, 'workdayStart', 'HH:MM'],
    [{ workdayEnd: null }, 'workdayEnd', 'HH:MM'],
    [{ workdayStart: '18:00' }, 'workdayStart', 'end after it starts'],
    [{ workdayEnd: '08:00' }, 'workdayEnd', 'end after it starts'],
    [{ responseGoal: 240 }, 'responseGoal', 'is not a goal'],
  ])('refuses %j naming %s', (change, field, reason) => {
    const result = mergeGoals(current, change);
    expect('errors' in result && result.errors).toEqual([{ field, reason: expect.stringContaining(reason) }]);
  });

  it('refuses a body that is not an object', () => {
    expect(mergeGoals(current, [1])).toEqual({ errors: [{ field: 'body', reason: 'must be an object' }] });
  });
});

describe('workingHoursOf', () => {
  it("is the goals' working day in the manager's zone", () => {
    expect(workingHoursOf(DEFAULT_GOALS, 'Asia/Bangkok')).toEqual({ timeZone: 'Asia/Bangkok', start: '09:00', end: '17:00' });
  });
});
