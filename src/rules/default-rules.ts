import { EntityManager } from 'typeorm';
import { AdvisoryLock, lockForTransaction } from '../database/advisory-locks';
import { rows } from '../database/sql';
import { withRuleDefaults } from './rule-defaults';
import { insertRule } from './rule-insert';
import { RuleInput } from './rule-validation';
import * as sql from './rules.sql';

/**
 * The rules a fresh installation starts with. Their template keys are templates shipped with
 * the app (templates/); consent, quiet hours and the frequency cap are applied by the planner
 * to every rule, so "customers with email consent" needs no condition here.
 */
export const DEFAULT_RULES: RuleInput[] = [
  {
    name: 'Birthday email',
    description: "A birthday greeting by email on the day, 09:00 in the customer's time zone.",
    priority: 50,
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    conditions: null,
    action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
    limits: {},
  },
  {
    name: 'Birthday card for top customers',
    description: 'A handwritten card from the account manager, due five days before the birthday so it arrives on time.',
    priority: 80,
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    conditions: {
      any: [
        { field: 'tier', op: 'in', value: ['gold'] },
        { field: 'lifetimeValue', op: 'gte', value: '3000' },
      ],
    },
    action: { channel: 'card', templateKey: 'birthday-card', sendAt: '09:00', dueOffsetDays: 5 },
    limits: {},
  },
  {
    name: 'Thank-you after a large purchase',
    description: 'A personal thank-you email a day after an order of 500 USD or more.',
    priority: 60,
    trigger: { kind: 'order', minTotal: '500', currency: 'USD', delayHours: 24 },
    conditions: null,
    action: { channel: 'email', templateKey: 'thank-you-email', sendAt: '10:00' },
    limits: {},
  },
  {
    name: 'Check-in call to a quiet top customer',
    description:
      'A call from the account manager when a top-10% customer has not ordered for 60 days; again every 30 days, at most 3 times.',
    priority: 70,
    trigger: { kind: 'lapse', audience: { topPercent: 10 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 },
    conditions: null,
    action: { channel: 'call', templateKey: 'checkin-call', sendAt: '10:00', dueOffsetDays: 0 },
    limits: {},
  },
];

/**
 * Inserts the default rules, enabled, each with its version 1, when the rules table is empty.
 * Instances booting together take turns on a transaction-scoped advisory lock, so the second
 * one finds the rules and does nothing. Returns how many rules were inserted.
 */
export async function loadDefaultRules(manager: EntityManager, now: Date): Promise<number> {
  return manager.transaction(async (tx) => {
    await lockForTransaction(tx, AdvisoryLock.DefaultRules);
    const [{ any }] = await rows<{ any: boolean }>(tx, sql.ANY_RULE);
    if (any) return 0;
    for (const rule of DEFAULT_RULES) await insertRule(tx, withRuleDefaults({ ...rule, enabled: true }), { now });
    return DEFAULT_RULES.length;
  });
}
