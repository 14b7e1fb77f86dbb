import { CalendarEvent } from './ical';

/** How long a call is shown in the calendar. */
export const CALL_MINUTES = 15;

/** An open call task as the feed reads it. */
export interface CallRow {
  id: string;
  due_date: string;
  first_name: string;
  last_name: string;
  time_zone: string;
  /** The customer's local time of the call, HH:MM. */
  local_time: string;
  /** The due day at that local time, as an instant. */
  starts_at: Date;
  follow_up_attempt: number | null;
  handed_over_from_name: string | null;
}

/**
 * A call task as a calendar event: at the customer's local send time on its due day, named by
 * the customer and that time in their zone. Only what the task list shows the manager anyway,
 * and less: no phone number or talking points (a feed URL is easier to leak than a session),
 * only where to find them.
 */
export function callEvent(row: CallRow, uidDomain: string): CalendarEvent {
  const name = [row.first_name, row.last_name].filter(Boolean).join(' ') || 'a customer';
  const lines = [`Call ${name} at ${row.local_time} their time (${row.time_zone}) on ${row.due_date}.`];
  if (row.follow_up_attempt) lines.push(`Follow-up try ${row.follow_up_attempt}.`);
  if (row.handed_over_from_name) lines.push(`Handed over from ${row.handed_over_from_name}.`);
  lines.push(`Task ${row.id}: the phone number and talking points are on the task in Touchpoint.`);
  return {
    uid: `task-${row.id}@${uidDomain}`,
    start: row.starts_at,
    durationMinutes: CALL_MINUTES,
    summary: `Call ${name} (${row.local_time} their time)`,
    description: lines.join('\n'),
  };
}
