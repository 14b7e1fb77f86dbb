import { ServiceGoals, workingHoursOf } from './goals';
import { BreachState, breachState } from './working-hours';

/** Where an open reply task stands against the response-time goal, for the manager's list. */
export interface ReplyGoalView {
  /** The instant the goal's working minutes run out, counted from the first reply's arrival. */
  dueBy: Date;
  /** `ok`, `near` (three quarters of the goal used) or `breached`. */
  state: BreachState;
  /** The goal, in working minutes. */
  withinMinutes: number;
}

/**
 * The goal state of a task: only open reply tasks have one, and only while a response-time goal
 * is set. Counted in the working hours of `timeZone` (the assignee's; the viewer's for the pool).
 */
export function replyGoal(
  task: { kind: string; state: string; replyReceivedAt: Date | null },
  goals: ServiceGoals,
  timeZone: string,
  now: Date,
): ReplyGoalView | null {
  if (task.kind !== 'reply' || task.state !== 'open' || !task.replyReceivedAt || goals.replyWithinMinutes === null) return null;
  const { state, dueBy } = breachState(task.replyReceivedAt, now, goals.replyWithinMinutes, workingHoursOf(goals, timeZone));
  return { dueBy, state, withinMinutes: goals.replyWithinMinutes };
}
