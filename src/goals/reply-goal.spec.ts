import { DEFAULT_GOALS } from './goals';
import { replyGoal } from './reply-goal';

describe('replyGoal', () => {
  const goals = { ...DEFAULT_GOALS, replyWithinMinutes: 240 };
  const received = new Date('2026-12-04T20:00:00-05:00'); // Friday evening in New York
  const open = { kind: 'reply', state: 'open', replyReceivedAt: received };

  it('counts from the next working morning in the assignee zone', () => {
    expect(replyGoal(open, goals, 'America/New_York', new Date('2026-12-07T10:00:00-05:00'))).toEqual({
      dueBy: new Date('2026-12-07T13:00:00-05:00'),
      state: 'ok',
      withinMinutes: 240,
    });
    expect(replyGoal(open, goals, 'America/New_York', new Date('2026-12-07T12:30:00-05:00'))?.state).toBe('near');
    expect(replyGoal(open, goals, 'America/New_York', new Date('2026-12-07T13:00:00-05:00'))?.state).toBe('breached');
  });

  it("follows the goals' working day", () => {
    const early = { ...goals, workdayStart: '07:00', workdayEnd: '15:00' };
    expect(replyGoal(open, early, 'America/New_York', new Date('2026-12-07T08:00:00-05:00'))?.dueBy).toEqual(
      new Date('2026-12-07T11:00:00-05:00'),
    );
  });

  it.each([
    ['a call task', { ...open, kind: 'call' }, goals],
    ['a done reply task', { ...open, state: 'done' }, goals],
    ['a reply task without an arrival time', { ...open, replyReceivedAt: null }, goals],
    ['no response-time goal', open, DEFAULT_GOALS],
  ])('is null for %s', (_, task, g) => {
    expect(replyGoal(task, g, 'America/New_York', new Date('2026-12-07T10:00:00-05:00'))).toBeNull();
  });
});
