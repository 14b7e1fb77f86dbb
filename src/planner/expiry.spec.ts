import { expiryPolicy, LAPSE_EXPIRY_HOURS, ORDER_EXPIRY_HOURS } from './expiry';
import { Action, Limits, Trigger } from '../rules/rule.types';

const birthday: Trigger = { kind: 'date', field: 'birthday', offsetDays: 0 };
const order: Trigger = { kind: 'order', minTotal: '1000', currency: 'USD', delayHours: 48 };
const lapse: Trigger = { kind: 'lapse', audience: { tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 2 };
const email: Action = { channel: 'email', templateKey: 'x', sendAt: '09:00' };
const call: Action = { channel: 'call', templateKey: 'x', sendAt: '09:00' };

describe('expiryPolicy', () => {
  const scenarios: [string, Trigger, Action, Limits, ReturnType<typeof expiryPolicy>][] = [
    ['a birthday email ends with the local day', birthday, email, {}, { kind: 'end_of_day' }],
    ['a thank-you within a few days', order, email, {}, { kind: 'hours', hours: ORDER_EXPIRY_HOURS }],
    ['a lapse email within a week', lapse, email, {}, { kind: 'hours', hours: LAPSE_EXPIRY_HOURS }],
    ['a call never expires: it shows as overdue', lapse, call, {}, { kind: 'never' }],
    ['a card never expires', birthday, { ...call, channel: 'card' }, {}, { kind: 'never' }],
    ['the rule may say how many hours', birthday, email, { expireAfterHours: 36 }, { kind: 'hours', hours: 36 }],
    ['zero hours: on time or not at all', order, email, { expireAfterHours: 0 }, { kind: 'hours', hours: 0 }],
    ['a call with a stated limit expires too', lapse, call, { expireAfterHours: 48 }, { kind: 'hours', hours: 48 }],
  ];
  it.each(scenarios)('%s', (_name, trigger, action, limits, expected) => {
    expect(expiryPolicy({ trigger, action, limits })).toEqual(expected);
  });
});
