/**
 * The shape of a rule as admins write it and the planner reads it. Stored as jsonb columns on
 * `rules`; validated on save by the rules service.
 */
import { Channel, CHANNELS } from '../common/domain';

export { CHANNELS };
export type { Channel };

/** An annual date of the customer; `offsetDays` < 0 acts before it (a card must arrive on time). */
export interface DateTrigger {
  kind: 'date';
  field: 'birthday' | 'customer_since';
  offsetDays: number;
}

/** A placed order at or above `minTotal` (in `currency`), acted on `delayHours` after it was placed. */
export interface OrderTrigger {
  kind: 'order';
  minTotal: string;
  currency: string;
  delayHours: number;
}

/**
 * A top customer with no placed order for `lapseDays`; repeats every `repeatEveryDays` up to
 * `maxRepeats` times while the lapse lasts, and ends when they order.
 */
export interface LapseTrigger {
  kind: 'lapse';
  /** Exactly one of these says who counts as a top customer. */
  audience: { topN?: number; topPercent?: number; tier?: string; tag?: string };
  lapseDays: number;
  repeatEveryDays: number;
  maxRepeats: number;
  /**
   * A customer already past `lapseDays` (or past a repeat) when the rule is switched on, or when
   * their history arrives, gets one touch due at once, counted as that occurrence. Default true.
   */
  catchUp?: boolean;
}

export type Trigger = DateTrigger | OrderTrigger | LapseTrigger;

/** The condition language: boolean nodes over typed customer fields. */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | { field: string; op: string; value?: unknown };

export interface Action {
  channel: Channel;
  /** Key of a template of the same channel. */
  templateKey: string;
  /** Local time of day in the customer's zone, `HH:MM`. For tasks, the time the task becomes due. */
  sendAt: string;
  /** Tasks (call, card): days before the occurrence the task is due, e.g. 5 so a card arrives on time. */
  dueOffsetDays?: number;
  /** Email and SMS: the message carries a signed link to the feedback page (a 1–5 score and a comment). */
  askFeedback?: boolean;
  /** Calls only: another try after an outcome that did not reach the customer; at most one entry per outcome. */
  followUps?: FollowUp[];
}

/** Call outcomes that can ask for another try; reached, wrong_number and asked_not_to_call never do. */
export type FollowUpOutcome = 'no_answer' | 'left_voicemail';
export const FOLLOW_UP_OUTCOMES: FollowUpOutcome[] = ['no_answer', 'left_voicemail'];

/**
 * After a call task ends with `outcome`, the rule plans one more call `afterWorkingDays` working
 * days later, as a touch of its own; the chain of tries of one occurrence stops after
 * `maxAttempts` follow-ups.
 */
export interface FollowUp {
  outcome: FollowUpOutcome;
  afterWorkingDays: number;
  maxAttempts: number;
}

export interface Limits {
  /** No touch from this rule to a customer within this many days of the previous one. */
  cooldownDays?: number;
  /** Share of customers, 0–50, held out as a stable control group that gets nothing from this rule. */
  holdoutPercent?: number;
  /**
   * Too late after: a touch that cannot go out within this many hours of its moment is skipped
   * as `expired`. Omitted: the trigger's default (see src/planner/expiry.ts).
   */
  expireAfterHours?: number;
}

export type SkipReason =
  'opted_out' | 'suppressed' | 'no_address' | 'capped' | 'holdout' | 'cooldown' | 'quiet' | 'customer_deleted' | 'expired';
