import { ServiceGoals, workingHoursOf } from '../goals/goals';
import { percentile } from '../goals/percentile';
import { workingMinutesBetween } from '../goals/working-hours';
import { localDateIn } from '../tasks/days';

/** A reply task completed in the period, with the manager it counts for. */
export interface AnsweredReply {
  managerId: string;
  manager: string;
  timeZone: string;
  receivedAt: Date;
  completedAt: Date;
}

/** Feedback answers on one manager's customers in one month (in the manager's zone). */
export interface SatisfactionCell {
  managerId: string;
  manager: string;
  month: string;
  answers: number;
  scoreSum: number;
}

export interface ServiceReportRow {
  managerId: string;
  manager: string;
  /** `YYYY-MM` in the manager's zone. */
  month: string;
  /** Reply tasks completed that month. */
  replies: number;
  /** Working minutes from a reply's arrival to its task's completion (1 decimal); null without replies. */
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Replies answered within the response-time goal, and their share (null without a goal or replies). */
  withinGoal: number | null;
  withinGoalShare: number | null;
  replyGoalMinutes: number | null;
  feedbackAnswers: number;
  averageScore: number | null;
  satisfactionGoal: number | null;
  meetsSatisfactionGoal: boolean | null;
}

/**
 * Per manager and month: how soon replies were answered, in the manager's working hours, and the
 * feedback average, each against its goal. A reply counts in the month its task was completed,
 * an answer in the month it was given, both in the manager's own zone.
 */
export function serviceReport(
  replies: readonly AnsweredReply[],
  satisfaction: readonly SatisfactionCell[],
  goals: ServiceGoals,
): ServiceReportRow[] {
  const cells = new Map<
    string,
    { managerId: string; manager: string; month: string; minutes: number[]; answers: number; scoreSum: number }
  >();
  const cell = (managerId: string, manager: string, month: string) => {
    const key = `${managerId}|${month}`;
    let found = cells.get(key);
    if (!found) cells.set(key, (found = { managerId, manager, month, minutes: [], answers: 0, scoreSum: 0 }));
    return found;
  };
  for (const reply of replies) {
    const month = localDateIn(reply.completedAt, reply.timeZone).slice(0, 7);
    cell(reply.managerId, reply.manager, month).minutes.push(
      workingMinutesBetween(reply.receivedAt, reply.completedAt, workingHoursOf(goals, reply.timeZone)),
    );
  }
  for (const s of satisfaction) {
    const c = cell(s.managerId, s.manager, s.month);
    c.answers += s.answers;
    c.scoreSum += s.scoreSum;
  }
  const replyGoal = goals.replyWithinMinutes;
  const scoreGoal = goals.satisfactionAtLeast;
  return [...cells.values()]
    .sort((a, b) => a.manager.localeCompare(b.manager) || a.managerId.localeCompare(b.managerId) || a.month.localeCompare(b.month))
    .map((c) => {
      const within = replyGoal === null || c.minutes.length === 0 ? null : c.minutes.filter((m) => m <= replyGoal).length;
      const average = c.answers === 0 ? null : c.scoreSum / c.answers;
      return {
        managerId: c.managerId,
        manager: c.manager,
        month: c.month,
        replies: c.minutes.length,
        medianMinutes: roundOrNull(percentile(c.minutes, 0.5), 1),
        p90Minutes: roundOrNull(percentile(c.minutes, 0.9), 1),
        withinGoal: within,
        withinGoalShare: within === null ? null : round(within / c.minutes.length, 4),
        replyGoalMinutes: replyGoal,
        feedbackAnswers: c.answers,
        averageScore: roundOrNull(average, 2),
        satisfactionGoal: scoreGoal,
        meetsSatisfactionGoal: scoreGoal === null || average === null ? null : average >= scoreGoal,
      };
    });
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function roundOrNull(value: number | null, decimals: number): number | null {
  return value === null ? null : round(value, decimals);
}
