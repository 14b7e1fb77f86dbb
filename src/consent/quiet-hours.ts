import { Channel } from '../common/domain';
import { addDays, localToUtc, minutesOfDay, utcToLocal } from '../planner/local-time';

/** Local hours `[start, end)` in which a channel may reach a customer, as `HH:MM`. */
export interface SendWindow {
  start: string;
  end: string;
}

/** The outer bounds for SMS and calls; configuration may only narrow them. */
export const LEGAL_QUIET_WINDOW: SendWindow = { start: '08:00', end: '21:00' };

export interface QuietHoursSettings {
  /** SMS and calls. */
  phone: SendWindow;
  email: SendWindow;
}

/** The window a channel's touches must fall in; cards go by post and have none. */
export function windowFor(channel: Channel, settings: QuietHoursSettings): SendWindow | null {
  switch (channel) {
    case 'email':
      return settings.email;
    case 'sms':
    case 'call':
      return settings.phone;
    case 'card':
      return null;
  }
}

/**
 * The first allowed instant at or after `instant` in the customer's local time: unchanged inside
 * the window, the window's start the same day when earlier, the next day's start when at or
 * after its end. Mirrored in SQL by `quietHoursSql`.
 */
export function nextAllowed(instant: Date, zone: string, window: SendWindow | null): Date {
  if (!window) return instant;
  const local = utcToLocal(instant, zone);
  if (local.minutes < minutesOfDay(window.start)) return localToUtc(local.date, window.start, zone);
  if (local.minutes >= minutesOfDay(window.end)) return localToUtc(addDays(local.date, 1), window.start, zone);
  return instant;
}

/** True when `inner` lies within `outer` and starts before it ends. */
export function isWithin(inner: SendWindow, outer: SendWindow): boolean {
  const [s, e] = [minutesOfDay(inner.start), minutesOfDay(inner.end)];
  return s < e && s >= minutesOfDay(outer.start) && e <= minutesOfDay(outer.end);
}

/**
 * SQL for `nextAllowed` over an instant expression and a zone expression; `start` and `end` are
 * placeholders bound to `HH:MM` (both NULL for a channel without a window).
 */
export function quietHoursSql(instant: string, zone: string, start: string, end: string): string {
  const local = `(${instant} AT TIME ZONE ${zone})`;
  return `CASE
      WHEN ${start}::time IS NULL THEN ${instant}
      WHEN ${local}::time < ${start}::time THEN (${local}::date + ${start}::time) AT TIME ZONE ${zone}
      WHEN ${local}::time >= ${end}::time THEN (${local}::date + 1 + ${start}::time) AT TIME ZONE ${zone}
      ELSE ${instant} END`;
}
