import { FieldError } from '../common/errors';
import { toDecimal, validateConditions } from './conditions';
import { Action, Channel, CHANNELS, Condition, FOLLOW_UP_OUTCOMES, FollowUpOutcome, Limits, Trigger } from './rule.types';

/** A rule as written by an admin: what create takes and what update produces after merging. */
export interface RuleInput {
  name: string;
  description?: string;
  enabled?: boolean;
  priority?: number;
  trigger: Trigger;
  conditions?: Condition | null;
  action: Action;
  limits?: Limits;
}

export const RULE_BOUNDS = {
  priority: [0, 1000],
  date: { offsetDays: [-60, 60] },
  order: { delayHours: [0, 720] },
  lapse: { topN: [1, 100_000], topPercent: [0.1, 50], lapseDays: [1, 3650], repeatEveryDays: [1, 3650], maxRepeats: [1, 50] },
  action: { dueOffsetDays: [0, 60] },
  followUp: { afterWorkingDays: [1, 30], maxAttempts: [1, 5] },
  limits: { cooldownDays: [0, 3650], holdoutPercent: [0, 50], expireAfterHours: [0, 8760] },
} as const;

/** Channels whose touches are tasks for staff, which is where a due offset makes sense. */
export const TASK_CHANNELS: Channel[] = ['call', 'card'];
/** Channels whose touches are messages, which can carry a feedback link. */
export const MESSAGE_CHANNELS: Channel[] = ['email', 'sms'];
const SEND_AT = /^([01]\d|2[0-3]):[0-5]\d$/;
// The template store's own key format.
const TEMPLATE_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

let currencies: Set<string> | undefined;
/** ISO 4217 codes as the runtime's Intl knows them. */
export function isCurrency(value: unknown): value is string {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return typeof value === 'string' && currencies.has(value);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, [min, max]: readonly [number, number]) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, [min, max]: readonly [number, number]) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isText = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Every semantic problem of a whole rule, each naming its path (`trigger.offsetDays`,
 * `conditions.any.0.op`, `action.dueOffsetDays`). Empty when the rule is valid. Pure: whether
 * the template exists is the service's question, asked after this passes.
 */
export function validateRule(input: unknown): FieldError[] {
  if (!isObject(input)) return [{ field: 'rule', reason: 'must be an object' }];
  const errors: FieldError[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });
  const int = (obj: Json, key: string, at: string, bounds: readonly [number, number], required = true) => {
    const path = at ? `${at}.${key}` : key;
    if (obj[key] === undefined) {
      if (required) err(path, 'is required');
    } else if (!isInt(obj[key], bounds)) {
      err(path, `must be an integer from ${bounds[0]} to ${bounds[1]}`);
    }
  };
  const onlyKeys = (obj: Json, at: string, allowed: string[], what: string) => {
    for (const key of Object.keys(obj)) if (!allowed.includes(key)) err(`${at}.${key}`, `is not a field of ${what}`);
  };

  if (!isText(input.name, 200)) err('name', 'must be a non-empty string of at most 200 characters');
  if (input.description !== undefined && !(typeof input.description === 'string' && input.description.length <= 2000)) {
    err('description', 'must be a string of at most 2000 characters');
  }
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean') err('enabled', 'must be true or false');
  int(input, 'priority', '', RULE_BOUNDS.priority, false);

  validateTrigger(input.trigger, err, int, onlyKeys);
  errors.push(...validateConditions(input.conditions, 'conditions'));
  validateAction(input.action, err, int, onlyKeys);

  if (input.limits !== undefined && input.limits !== null) {
    if (!isObject(input.limits)) err('limits', 'must be an object');
    else {
      const limits = input.limits;
      onlyKeys(limits, 'limits', ['cooldownDays', 'holdoutPercent', 'expireAfterHours'], 'limits');
      int(limits, 'cooldownDays', 'limits', RULE_BOUNDS.limits.cooldownDays, false);
      int(limits, 'expireAfterHours', 'limits', RULE_BOUNDS.limits.expireAfterHours, false);
      if (limits.holdoutPercent !== undefined && !isNum(limits.holdoutPercent, RULE_BOUNDS.limits.holdoutPercent)) {
        err('limits.holdoutPercent', 'must be a number from 0 to 50');
      }
    }
  }
  return errors;
}

type Err = (field: string, reason: string) => void;
type IntCheck = (obj: Json, key: string, at: string, bounds: readonly [number, number], required?: boolean) => void;
type KeysCheck = (obj: Json, at: string, allowed: string[], what: string) => void;

function validateTrigger(trigger: unknown, err: Err, int: IntCheck, onlyKeys: KeysCheck): void {
  if (!isObject(trigger)) return err('trigger', 'must be an object with a kind: date, order or lapse');
  if (trigger.catchUp !== undefined && trigger.kind !== 'lapse') {
    err('trigger.catchUp', 'is only for lapse triggers: date and order triggers have no catch-up');
  }
  switch (trigger.kind) {
    case 'date':
      onlyKeys(trigger, 'trigger', ['kind', 'field', 'offsetDays', 'catchUp'], 'a date trigger');
      if (trigger.field !== 'birthday' && trigger.field !== 'customer_since') err('trigger.field', 'must be birthday or customer_since');
      int(trigger, 'offsetDays', 'trigger', RULE_BOUNDS.date.offsetDays);
      return;
    case 'order': {
      onlyKeys(trigger, 'trigger', ['kind', 'minTotal', 'currency', 'delayHours', 'catchUp'], 'an order trigger');
      const total = typeof trigger.minTotal === 'string' ? toDecimal(trigger.minTotal) : null;
      if (total === null || total.startsWith('-')) err('trigger.minTotal', 'must be a decimal string ≥ 0 such as "500" or "99.95"');
      if (!isCurrency(trigger.currency)) err('trigger.currency', 'must be an ISO 4217 currency code such as USD');
      int(trigger, 'delayHours', 'trigger', RULE_BOUNDS.order.delayHours);
      return;
    }
    case 'lapse': {
      onlyKeys(trigger, 'trigger', ['kind', 'audience', 'lapseDays', 'repeatEveryDays', 'maxRepeats', 'catchUp'], 'a lapse trigger');
      if (trigger.catchUp !== undefined && typeof trigger.catchUp !== 'boolean') err('trigger.catchUp', 'must be true or false');
      const bounds = RULE_BOUNDS.lapse;
      if (!isObject(trigger.audience)) {
        err('trigger.audience', 'must be an object with exactly one of topN, topPercent, tier, tag');
      } else {
        const audience = trigger.audience;
        onlyKeys(audience, 'trigger.audience', ['topN', 'topPercent', 'tier', 'tag'], 'a lapse audience');
        const given = ['topN', 'topPercent', 'tier', 'tag'].filter((key) => audience[key] !== undefined);
        if (given.length !== 1) {
          err(
            'trigger.audience',
            `must have exactly one of topN, topPercent, tier, tag (found ${given.length === 0 ? 'none' : given.join(', ')})`,
          );
        }
        int(audience, 'topN', 'trigger.audience', bounds.topN, false);
        if (audience.topPercent !== undefined && !isNum(audience.topPercent, bounds.topPercent)) {
          err('trigger.audience.topPercent', 'must be a number from 0.1 to 50');
        }
        for (const key of ['tier', 'tag']) {
          if (audience[key] !== undefined && !isText(audience[key], 100))
            err(`trigger.audience.${key}`, 'must be a non-empty string of at most 100 characters');
        }
      }
      int(trigger, 'lapseDays', 'trigger', bounds.lapseDays);
      int(trigger, 'repeatEveryDays', 'trigger', bounds.repeatEveryDays);
      int(trigger, 'maxRepeats', 'trigger', bounds.maxRepeats);
      return;
    }
    default:
      err('trigger.kind', 'must be date, order or lapse');
  }
}

function validateAction(action: unknown, err: Err, int: IntCheck, onlyKeys: KeysCheck): void {
  if (!isObject(action)) return err('action', 'must be an object with channel, templateKey and sendAt');
  onlyKeys(action, 'action', ['channel', 'templateKey', 'sendAt', 'dueOffsetDays', 'askFeedback', 'followUps'], 'an action');
  const channel = action.channel;
  if (!CHANNELS.includes(channel as Channel)) err('action.channel', `must be one of ${CHANNELS.join(', ')}`);
  if (typeof action.templateKey !== 'string' || action.templateKey.length > 100 || !TEMPLATE_KEY.test(action.templateKey)) {
    err('action.templateKey', 'must be a template key: lowercase letters and digits in words joined by "-", at most 100 characters');
  }
  if (typeof action.sendAt !== 'string' || !SEND_AT.test(action.sendAt))
    err('action.sendAt', 'must be a local time HH:MM from 00:00 to 23:59');
  if (action.askFeedback !== undefined) {
    if (typeof action.askFeedback !== 'boolean') err('action.askFeedback', 'must be true or false');
    else if (action.askFeedback && !MESSAGE_CHANNELS.includes(channel as Channel)) {
      err('action.askFeedback', 'is only for email and sms actions: a feedback link travels in the message');
    }
  }
  if (action.dueOffsetDays !== undefined) {
    if (!TASK_CHANNELS.includes(channel as Channel)) err('action.dueOffsetDays', 'is only for call and card actions');
    else int(action, 'dueOffsetDays', 'action', RULE_BOUNDS.action.dueOffsetDays);
  }
  if (action.followUps !== undefined && action.followUps !== null) validateFollowUps(action.followUps, channel, err, int, onlyKeys);
}

function validateFollowUps(followUps: unknown, channel: unknown, err: Err, int: IntCheck, onlyKeys: KeysCheck): void {
  if (channel !== 'call') {
    return err(
      'action.followUps',
      'is only for call actions: only a call has outcomes (no_answer, left_voicemail) that ask for another try',
    );
  }
  if (!Array.isArray(followUps) || followUps.length > FOLLOW_UP_OUTCOMES.length) {
    return err('action.followUps', `must be a list of at most ${FOLLOW_UP_OUTCOMES.length} follow-ups, one per outcome`);
  }
  const seen = new Set<unknown>();
  followUps.forEach((followUp: unknown, i) => {
    const at = `action.followUps.${i}`;
    if (!isObject(followUp)) return err(at, 'must be an object with outcome, afterWorkingDays and maxAttempts');
    onlyKeys(followUp, at, ['outcome', 'afterWorkingDays', 'maxAttempts'], 'a follow-up');
    if (!FOLLOW_UP_OUTCOMES.includes(followUp.outcome as FollowUpOutcome)) {
      err(`${at}.outcome`, `must be ${FOLLOW_UP_OUTCOMES.join(' or ')} (reached, wrong_number and asked_not_to_call plan no follow-up)`);
    } else if (seen.has(followUp.outcome)) {
      err(`${at}.outcome`, 'has a follow-up already: one per outcome');
    }
    seen.add(followUp.outcome);
    int(followUp, 'afterWorkingDays', at, RULE_BOUNDS.followUp.afterWorkingDays);
    int(followUp, 'maxAttempts', at, RULE_BOUNDS.followUp.maxAttempts);
  });
}
