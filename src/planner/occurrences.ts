import { isLeapYear } from '../common/dates';
import { addDays } from './local-time';

export { isLeapYear };

/**
 * Annual dates (birthdays, customer-since anniversaries) and the days a date rule fires on.
 * Pure: the planner passes the result to its query as parameters, so TypeScript and SQL cannot
 * disagree about which (month, day) pairs fire.
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The annual date in `year`; a Feb 29 falls on Feb 28 in common years. */
export function annualDate(year: number, month: number, day: number): string {
  const clamped = Math.min(day, daysInMonth(year, month));
  return `${year}-${pad(month)}-${pad(clamped)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** One occurrence date and the stored (month, day) that celebrates on it. */
export interface OccurrenceMatch {
  /** The annual date itself (the birthday), local. */
  occurrenceDate: string;
  /** The day the rule acts: occurrenceDate + offsetDays. */
  triggerDate: string;
  year: number;
  month: number;
  day: number;
}

/**
 * Every (month, day) whose occurrence makes a rule with `offsetDays` act on a local date from
 * `firstDate` to `lastDate` inclusive. Offsets may cross a year end: a birthday on Jan 2 with
 * offset -5 acts on Dec 28 of the year before and counts as the new year's occurrence.
 */
export function occurrencesActingBetween(firstDate: string, lastDate: string, offsetDays: number): OccurrenceMatch[] {
  const matches: OccurrenceMatch[] = [];
  for (let triggerDate = firstDate; triggerDate <= lastDate; triggerDate = addDays(triggerDate, 1)) {
    const occurrenceDate = addDays(triggerDate, -offsetDays);
    const [year, month, day] = occurrenceDate.split('-').map(Number);
    matches.push({ occurrenceDate, triggerDate, year, month, day });
    if (month === 2 && day === 28 && !isLeapYear(year)) {
      matches.push({ occurrenceDate, triggerDate, year, month: 2, day: 29 });
    }
  }
  return matches;
}

/** The occurrence of an annual (month, day) that acts on `triggerDate`, if any. */
export function occurrenceActingOn(month: number, day: number, offsetDays: number, triggerDate: string): string | null {
  const occurrenceDate = addDays(triggerDate, -offsetDays);
  const year = Number(occurrenceDate.slice(0, 4));
  return annualDate(year, month, day) === occurrenceDate ? occurrenceDate : null;
}
