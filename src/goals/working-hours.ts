import { addDays, localToUtc, minutesOfDay, utcToLocal } from '../planner/local-time';
import { isWorkingDay } from '../tasks/days';

/**
 * A manager's working hours: `[start, end)` each working day (Monday to Friday, as for task
 * capacity) in the manager's own time zone. Service goals are counted in these hours only, so a
 * reply that arrives on Friday evening and is answered at 09:30 on Monday took 30 minutes.
 */
export interface WorkingHours {
  timeZone: string;
  /** `HH:MM`, local. */
  start: string;
  /** `HH:MM`, local, after `start`. */
  end: string;
}

const MINUTE_MS = 60_000;
/** Further than any goal looks ahead; stops a loop over a misconfigured day that has no hours. */
const MAX_DAYS = 3_700;

/** The instants a local working day's hours begin and end; null on a day off. */
function hoursOn(date: string, hours: WorkingHours): { from: number; to: number } | null {
  if (!isWorkingDay(date)) return null;
  return { from: localToUtc(date, hours.start, hours.timeZone).getTime(), to: localToUtc(date, hours.end, hours.timeZone).getTime() };
}

/**
 * Working minutes between two instants: the parts of `[from, to)` that fall inside working
 * hours, added up. Outside hours the clock stands still; 0 when `to` is not after `from`.
 * A DST change moves the day's start and end instants with the wall clock, so a working day
 * is always `end − start` long.
 */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  const last = utcToLocal(to, hours.timeZone).date;
  let total = 0;
  let date = utcToLocal(from, hours.timeZone).date;
  for (let i = 0; i <= MAX_DAYS && date <= last; i++, date = addDays(date, 1)) {
    const day = hoursOn(date, hours);
    if (!day) continue;
    total += Math.max(0, Math.min(day.to, end) - Math.max(day.from, start));
  }
  return total / MINUTE_MS;
}

/** The instant at which `minutes` working minutes have passed since `from`. */
export function addWorkingMinutes(from: Date, minutes: number, hours: WorkingHours): Date {
  let remaining = minutes * MINUTE_MS;
  let date = utcToLocal(from, hours.timeZone).date;
  for (let i = 0; i <= MAX_DAYS; i++, date = addDays(date, 1)) {
    const day = hoursOn(date, hours);
    if (!day) continue;
    const begin = Math.max(day.from, from.getTime());
    if (begin >= day.to) continue;
    if (remaining <= day.to - begin) return new Date(begin + remaining);
    remaining -= day.to - begin;
  }
  throw new Error(`No working hours within ${MAX_DAYS} days of ${from.toISOString()}`);
}

/** `start` before `end`, both `HH:MM`. */
export function isWorkingDayWindow(start: string, end: string): boolean {
  try {
    return minutesOfDay(start) < minutesOfDay(end);
  } catch {
    return false;
  }
}

export type BreachState = 'ok' | 'near' | 'breached';

/** Share of the goal used up from which an open reply is `near` its limit. */
export const NEAR_SHARE = 0.75;

/**
 * Where an open reply stands against the response-time goal at `now`: `breached` once the goal's
 * working minutes have passed since it arrived, `near` once three quarters have, else `ok`; and
 * the instant it is due by.
 */
export function breachState(
  receivedAt: Date,
  now: Date,
  goalMinutes: number,
  hours: WorkingHours,
): { state: BreachState; dueBy: Date; elapsedMinutes: number } {
  const elapsedMinutes = workingMinutesBetween(receivedAt, now, hours);
  const dueBy = addWorkingMinutes(receivedAt, goalMinutes, hours);
  const state: BreachState = now >= dueBy ? 'breached' : elapsedMinutes >= goalMinutes * NEAR_SHARE ? 'near' : 'ok';
  return { state, dueBy, elapsedMinutes };
}
