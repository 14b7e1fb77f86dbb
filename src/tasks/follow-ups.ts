import { FollowUp } from '../rules/rule.types';
import { addWorkingDays } from './days';
import { TaskOutcome } from './task.entity';

/**
 * Follow-ups: what a call's outcome plans next. A follow-up is a touch of the same rule and
 * customer whose occurrence is the original one with `#followup-<n>` appended (n = 1, 2, …), so
 * the ledger's unique key plans each try once however often the outcome arrives.
 */
const MARK = '#followup-';
const FOLLOW_UP_SUFFIX = /#followup-(\d+)$/;

/** An occurrence's original part and which try it is (0: the original touch). */
export function splitOccurrence(occurrence: string): { base: string; attempt: number } {
  const match = FOLLOW_UP_SUFFIX.exec(occurrence);
  return match ? { base: occurrence.slice(0, match.index), attempt: Number(match[1]) } : { base: occurrence, attempt: 0 };
}

export function followUpOccurrence(base: string, attempt: number): string {
  return `${base}${MARK}${attempt}`;
}

export interface FollowUpInput {
  /** The occurrence of the touch whose task ended. */
  occurrence: string;
  outcome: TaskOutcome;
  /** The rule's follow-ups as they are now (none when the rule has none). */
  followUps: readonly FollowUp[] | undefined;
  /** The customer's local date when the outcome was recorded. */
  completedOn: string;
}

export type FollowUpDecision =
  { plan: true; occurrence: string; attempt: number; dueDate: string; afterWorkingDays: number } | { plan: false; why: string };

/**
 * Whether an outcome plans another try, and which: the follow-up of the rule for this outcome,
 * due `afterWorkingDays` working days (Monday to Friday) after the day of the outcome, unless
 * this try was already the last of its `maxAttempts` follow-ups.
 */
export function decideFollowUp({ occurrence, outcome, followUps, completedOn }: FollowUpInput): FollowUpDecision {
  const followUp = followUps?.find((f) => f.outcome === outcome);
  if (!followUp) return { plan: false, why: `the rule plans no follow-up after ${outcome}` };
  const { base, attempt } = splitOccurrence(occurrence);
  const next = attempt + 1;
  if (next > followUp.maxAttempts) {
    return { plan: false, why: `follow-up ${attempt} was the last of ${followUp.maxAttempts} after ${outcome}` };
  }
  return {
    plan: true,
    occurrence: followUpOccurrence(base, next),
    attempt: next,
    dueDate: addWorkingDays(completedOn, followUp.afterWorkingDays),
    afterWorkingDays: followUp.afterWorkingDays,
  };
}
