/**
 * One range for every date and instant taken as input (birthdays, customer-since, order times,
 * consent times, rule conditions). PostgreSQL stores far more (4713 BC to 294276 AD), but dates
 * outside it are typing mistakes, and some (year 0, year 10000) fail in the database or in the
 * planner's arithmetic: they are refused where they come in, per row, with a 400/422.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
export const YEAR_RANGE = `between ${MIN_YEAR} and ${MAX_YEAR}`;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A real calendar day; `year` null for a day of the year without one (Feb 29 allowed). */
export function validDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29 && year !== null) return isLeapYear(year);
  return day <= DAYS_IN_MONTH[month - 1];
}

export function yearInRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** `YYYY-MM-DD`, a real calendar day, in the accepted range of years. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return yearInRange(year) && validDay(year, month, day);
}

// A date-time with an explicit offset or Z: without one, the instant depends on the server's zone.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * An ISO 8601 instant with a zone offset in the accepted range of years, or null. The calendar
 * date is checked first because `Date` silently rolls 2026-02-30 over into March.
 */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = INSTANT.exec(value);
  if (!match || !isIsoDate(match[1])) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Whole calendar days from `then` to `now`, both read in the customer's zone: "last order 107
 * days ago". The one computation for such figures, so a card and its script cannot disagree.
 */
export function daysAgoInZone(then: Date, now: Date, timeZone: string): number {
  const day = (instant: Date) => Date.parse(`${dateInZone(instant, timeZone)}T00:00:00Z`);
  return Math.round((day(now) - day(then)) / 86_400_000);
}
