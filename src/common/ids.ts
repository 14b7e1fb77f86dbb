/**
 * Strict checks for the keys clients send back to us (path ids, pagination cursors), so that
 * nothing PostgreSQL would refuse (a bigint past its range, a timestamp with month 13) reaches a
 * query and comes back as a 500.
 */

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A positive bigint id as node-postgres returns it: digits, no sign, within PostgreSQL's bigint. */
export function isBigintId(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= BIGINT_MAX;
}

const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?\+00$/;

/**
 * A timestamptz as PostgreSQL prints it in a UTC session (`2026-05-01 10:00:00.123456+00`),
 * naming a real instant: month 1–12, a day the month has, hours below 24, years 1–9999.
 */
export function isPgUtcTimestamp(value: string): boolean {
  const match = PG_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The same checks in the shape of a RegExp, for code that takes a list of patterns. */
export const BIGINT_ID = { test: isBigintId };
export const PG_UTC_TIMESTAMP = { test: isPgUtcTimestamp };
