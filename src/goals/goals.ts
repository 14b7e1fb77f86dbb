import { FieldError } from '../common/errors';
import { isWorkingDayWindow, WorkingHours } from './working-hours';

/**
 * The service goals admins set: how soon a customer's reply is answered, counted in the
 * manager's working hours, and the feedback average to reach. Either may be unset (null).
 */
export interface ServiceGoals {
  /** A reply task completed within this many working minutes of the reply's arrival meets the goal. */
  replyWithinMinutes: number | null;
  /** The average feedback score (1–5) to reach. */
  satisfactionAtLeast: number | null;
  /** Each manager's working day, `HH:MM` in their own time zone, Monday to Friday. */
  workdayStart: string;
  workdayEnd: string;
}

export const DEFAULT_GOALS: ServiceGoals = {
  replyWithinMinutes: null,
  satisfactionAtLeast: null,
  workdayStart: '09:00',
  workdayEnd: '17:00',
};

/** Thirty working days of eight hours: past that a goal is no goal. */
export const MAX_REPLY_MINUTES = 14_400;

const FIELDS = ['replyWithinMinutes', 'satisfactionAtLeast', 'workdayStart', 'workdayEnd'] as const;

/**
 * A change to the goals merged over the current ones, or every problem naming its field. Fields
 * left out keep their value; null clears a goal (the working day cannot be cleared).
 */
export function mergeGoals(current: ServiceGoals, change: unknown): { goals: ServiceGoals } | { errors: FieldError[] } {
  if (typeof change !== 'object' || change === null || Array.isArray(change))
    return { errors: [{ field: 'body', reason: 'must be an object' }] };
  const input = change as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push({ field: key, reason: `is not a goal: use ${FIELDS.join(', ')}` });
  }
  const goals = { ...current };
  const minutes = input.replyWithinMinutes;
  if (minutes !== undefined) {
    if (minutes === null) goals.replyWithinMinutes = null;
    else if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_REPLY_MINUTES)
      goals.replyWithinMinutes = minutes;
    else
      errors.push({
        field: 'replyWithinMinutes',
        reason: `must be a whole number of working minutes from 1 to ${MAX_REPLY_MINUTES}, or null`,
      });
  }
  const score = input.satisfactionAtLeast;
  if (score !== undefined) {
    if (score === null) goals.satisfactionAtLeast = null;
    else if (typeof score === 'number' && score >= 1 && score <= 5 && Math.round(score * 100) === score * 100)
      goals.satisfactionAtLeast = score;
    else errors.push({ field: 'satisfactionAtLeast', reason: 'must be a number from 1 to 5 with at most two decimals, or null' });
  }
  for (const key of ['workdayStart', 'workdayEnd'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)) goals[key] = value;
    else errors.push({ field: key, reason: 'must be a local time HH:MM from 00:00 to 23:59' });
  }
  if (errors.length === 0 && !isWorkingDayWindow(goals.workdayStart, goals.workdayEnd)) {
    errors.push({
      field: input.workdayEnd !== undefined ? 'workdayEnd' : 'workdayStart',
      reason: 'the working day must end after it starts',
    });
  }
  return errors.length > 0 ? { errors } : { goals };
}

/** A manager's working hours under the goals. */
export function workingHoursOf(goals: ServiceGoals, timeZone: string): WorkingHours {
  return { timeZone, start: goals.workdayStart, end: goals.workdayEnd };
}
