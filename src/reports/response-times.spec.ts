import { DEFAULT_GOALS } from '../goals/goals';
import { AnsweredReply, serviceReport } from './response-times';

const emma = { managerId: 'e', manager: 'Emma', timeZone: 'America/New_York' };
const linh = { managerId: 'l', manager: 'Linh', timeZone: 'Asia/Ho_Chi_Minh' };
const reply = (who: typeof emma, receivedAt: string, completedAt: string): AnsweredReply => ({
  ...who,
  receivedAt: new Date(receivedAt),
  completedAt: new Date(completedAt),
});
const goals = { ...DEFAULT_GOALS, replyWithinMinutes: 240, satisfactionAtLeast: 4.5 };

describe('serviceReport', () => {
  it('measures replies in working minutes, with median, 90th percentile and the share within the goal', () => {
    const rows = serviceReport(
      [
        reply(emma, '2026-12-04T20:00:00-05:00', '2026-12-07T09:30:00-05:00'), // Friday night → Monday 09:30: 30
        reply(emma, '2026-12-01T16:00:00-05:00', '2026-12-02T10:00:00-05:00'), // overnight: 120
        reply(emma, '2026-12-02T10:00:00-05:00', '2026-12-02T15:00:00-05:00'), // 300, over the goal
        reply(emma, '2026-12-03T09:00:00-05:00', '2026-12-04T09:00:00-05:00'), // a whole day: 480
      ],
      [],
      goals,
    );
    expect(rows).toEqual([
      {
        managerId: 'e',
        manager: 'Emma',
        month: '2026-12',
        replies: 4,
        medianMinutes: 210,
        p90Minutes: 426,
        withinGoal: 2,
        withinGoalShare: 0.5,
        replyGoalMinutes: 240,
        feedbackAnswers: 0,
        averageScore: null,
        satisfactionGoal: 4.5,
        meetsSatisfactionGoal: null,
      },
    ]);
  });

  it("puts a reply in the month of its completion in the manager's zone, and joins the satisfaction of that month", () => {
    // 1 December 01:00 in Ho Chi Minh City is still 30 November in UTC.
    const rows = serviceReport(
      [reply(linh, '2026-11-30T16:00:00+07:00', '2026-12-01T09:30:00+07:00')],
      [
        { managerId: 'l', manager: 'Linh', month: '2026-12', answers: 4, scoreSum: 19 },
        { managerId: 'l', manager: 'Linh', month: '2026-11', answers: 2, scoreSum: 6 },
      ],
      goals,
    );
    expect(rows.map((r) => [r.month, r.replies, r.medianMinutes, r.feedbackAnswers, r.averageScore, r.meetsSatisfactionGoal])).toEqual([
      ['2026-11', 0, null, 2, 3, false],
      ['2026-12', 1, 90, 4, 4.75, true],
    ]);
  });

  it('leaves the goal columns empty without goals', () => {
    const [row] = serviceReport([reply(emma, '2026-12-02T10:00:00-05:00', '2026-12-02T11:00:00-05:00')], [], DEFAULT_GOALS);
    expect(row).toMatchObject({
      replies: 1,
      medianMinutes: 60,
      p90Minutes: 60,
      withinGoal: null,
      withinGoalShare: null,
      replyGoalMinutes: null,
    });
    expect(row.meetsSatisfactionGoal).toBeNull();
  });

  it('counts the working day the goals set', () => {
    const [row] = serviceReport([reply(emma, '2026-12-02T06:00:00-05:00', '2026-12-02T09:00:00-05:00')], [], {
      ...goals,
      workdayStart: '07:00',
    });
    expect(row.medianMinutes).toBe(120);
  });
});
