import { TASK_CHANNELS } from '../rules/rule-validation';
import { Action, Limits, Trigger } from '../rules/rule.types';

/**
 * When a touch is too late to be worth sending. A touch that cannot go out before its limit is
 * skipped as `expired` (at planning, at the last check before sending, or by the planner's sweep
 * after an outage), never sent late.
 */
export type ExpiryPolicy =
  /** Calls and cards: staff still make them late; the task shows as overdue. */
  | { kind: 'never' }
  /** The end of the customer's local day the touch was meant for (a birthday greeting). */
  | { kind: 'end_of_day' }
  /** This many hours after the touch's moment. */
  | { kind: 'hours'; hours: number };

/** A thank-you is still welcome a few days after the order, not a week later. */
export const ORDER_EXPIRY_HOURS = 72;
/** A check-in message to a lapsed customer stays relevant for a week. */
export const LAPSE_EXPIRY_HOURS = 7 * 24;

/** The rule's own limit when it states one, else the trigger's default. */
export function expiryPolicy(rule: { trigger: Trigger; action: Action; limits: Limits }): ExpiryPolicy {
  const explicit = rule.limits.expireAfterHours;
  if (explicit !== undefined && explicit !== null) return { kind: 'hours', hours: explicit };
  if (TASK_CHANNELS.includes(rule.action.channel)) return { kind: 'never' };
  switch (rule.trigger.kind) {
    case 'date':
      return { kind: 'end_of_day' };
    case 'order':
      return { kind: 'hours', hours: ORDER_EXPIRY_HOURS };
    case 'lapse':
      return { kind: 'hours', hours: LAPSE_EXPIRY_HOURS };
  }
}

/**
 * SQL for the instant a touch expires, over its moment (`dueAt`, timestamptz) and the customer's
 * zone; `bind` makes a placeholder of the hours. NULL when it never expires.
 */
export function expiresAtSql(policy: ExpiryPolicy, dueAt: string, zone: string, bind: (hours: number) => string): string {
  switch (policy.kind) {
    case 'never':
      return 'NULL::timestamptz';
    case 'end_of_day':
      return `((${dueAt} AT TIME ZONE ${zone})::date + 1)::timestamp AT TIME ZONE ${zone}`;
    case 'hours':
      return `${dueAt} + make_interval(hours => ${bind(policy.hours)})`;
  }
}
