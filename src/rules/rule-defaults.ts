import { Action, Condition, Limits, Trigger } from './rule.types';
import { RuleInput } from './rule-validation';

/** Priority of a rule that names none; the frequency cap lets the higher one through. */
export const DEFAULT_RULE_PRIORITY = 50;

/** A rule with every optional part filled in: what is stored, whoever writes it. */
export interface RuleFields {
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  trigger: Trigger;
  conditions: Condition | null;
  action: Action;
  limits: Limits;
}

/**
 * The one place where a rule's missing parts get their values. A rule starts disabled unless
 * it says otherwise, so saving never sends anything by itself.
 */
export function withRuleDefaults(input: RuleInput): RuleFields {
  return {
    name: input.name.trim(),
    description: input.description ?? '',
    enabled: input.enabled ?? false,
    priority: input.priority ?? DEFAULT_RULE_PRIORITY,
    trigger: input.trigger,
    conditions: input.conditions ?? null,
    action: input.action,
    limits: input.limits ?? {},
  };
}
