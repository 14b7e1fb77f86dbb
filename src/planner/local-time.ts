import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/**
 * Wall-clock time in a customer's zone. Dates are ISO `YYYY-MM-DD`, times `HH:MM`. These mirror
 * what PostgreSQL's `AT TIME ZONE` does inside the planner's queries (same tz database rules:
 * a time that does not exist on a spring-forward day moves forward by the gap, an ambiguous
 * one on a fall-back day reads as standard time), and the specs hold both to the same table.
 */
export function minutesOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`Not a time of day HH:MM: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant at which a local date and time occur in `zone`. Of the zone's offsets around that
 * day, an offset is valid when it maps back to the same wall time; when two are (a fall-back
 * hour) or none is (a spring-forward gap), the smaller offset wins, i.e. the later instant:
 * exactly PostgreSQL's rule for `timestamp AT TIME ZONE zone`.
 */
export function localToUtc(localDate: string, time: string, zone: string): Date {
  const minutes = minutesOfDay(time);
  const [year, month, day] = localDate.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  if (!Number.isFinite(wall)) throw new Error(`Invalid local date: ${localDate}`);
  const offsetAt = (ms: number): number => {
    const at = DateTime.fromMillis(ms, { zone });
    if (!at.isValid) throw new Error(`Unknown time zone: ${zone}`);
    return at.offset * 60_000;
  };
  const candidates = [...new Set([offsetAt(wall - DAY_MS), offsetAt(wall), offsetAt(wall + DAY_MS)])];
  const valid = candidates.filter((offset) => offsetAt(wall - offset) === offset);
  return new Date(wall - Math.min(...(valid.length > 0 ? valid : candidates)));
}

/** The customer's local date and time of an instant. */
export function utcToLocal(instant: Date, zone: string): { date: string; time: string; minutes: number } {
  const local = DateTime.fromJSDate(instant, { zone });
  return { date: local.toISODate() as string, time: local.toFormat('HH:mm'), minutes: local.hour * 60 + local.minute };
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Local date in `zone` with an ISO offset, e.g. `2026-06-20T09:00:00+07:00`, for people to read. */
export function localIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) as string;
}
