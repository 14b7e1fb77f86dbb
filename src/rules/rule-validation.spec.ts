import { validateRule } from './rule-validation';

const birthdayEmail = {
  name: 'Birthday email',
  trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
  action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
};
const with_ = (patch: Record<string, unknown>) => ({ ...birthdayEmail, ...patch });

const call = (followUps: unknown) => with_({ action: { channel: 'call', templateKey: 'checkin-call', sendAt: '10:00', followUps } });
const followUp = (patch: Record<string, unknown>) => ({ outcome: 'no_answer', afterWorkingDays: 2, maxAttempts: 3, ...patch });

function followUpCases(): [string, unknown, string, string][] {
  return [
    [
      'follow-ups on an email',
      with_({ action: { ...birthdayEmail.action, followUps: [followUp({})] } }),
      'action.followUps',
      'only for call actions',
    ],
    [
      'follow-ups on a card',
      with_({ action: { channel: 'card', templateKey: 'thanks-card', sendAt: '10:00', followUps: [followUp({})] } }),
      'action.followUps',
      'only for call actions',
    ],
    ['follow-ups that are not a list', call({ outcome: 'no_answer' }), 'action.followUps', 'list'],
    ['a follow-up that is not an object', call(['no_answer']), 'action.followUps.0', 'object'],
    ['a follow-up after reached', call([followUp({ outcome: 'reached' })]), 'action.followUps.0.outcome', 'no_answer or left_voicemail'],
    ['a follow-up after an unknown outcome', call([followUp({ outcome: 'busy' })]), 'action.followUps.0.outcome', 'no_answer'],
    ['two follow-ups for one outcome', call([followUp({}), followUp({})]), 'action.followUps.1.outcome', 'one per outcome'],
    ['a follow-up after zero days', call([followUp({ afterWorkingDays: 0 })]), 'action.followUps.0.afterWorkingDays', '1 to 30'],
    ['a follow-up too far ahead', call([followUp({ afterWorkingDays: 31 })]), 'action.followUps.0.afterWorkingDays', '1 to 30'],
    ['zero attempts', call([followUp({ maxAttempts: 0 })]), 'action.followUps.0.maxAttempts', '1 to 5'],
    ['too many attempts', call([followUp({ maxAttempts: 6 })]), 'action.followUps.0.maxAttempts', '1 to 5'],
    ['a follow-up without attempts', call([{ outcome: 'no_answer', afterWorkingDays: 2 }]), 'action.followUps.0.maxAttempts', 'required'],
    ['an unknown follow-up field', call([followUp({ channel: 'sms' })]), 'action.followUps.0.channel', 'not a field'],
  ];
}

describe('validateRule', () => {
  const valid: [string, unknown][] = [
    ['a minimal birthday email', birthdayEmail],
    [
      'a card three days before the anniversary',
      with_({
        trigger: { kind: 'date', field: 'customer_since', offsetDays: -3 },
        action: { channel: 'card', templateKey: 'anniversary-card', sendAt: '10:30', dueOffsetDays: 5 },
        conditions: {
          any: [
            { field: 'tier', op: 'in', value: ['gold'] },
            { field: 'lifetimeValue', op: 'gte', value: '3000' },
          ],
        },
        limits: { cooldownDays: 300, holdoutPercent: 10 },
        priority: 1000,
      }),
    ],
    ['an order thank-you', with_({ trigger: { kind: 'order', minTotal: '500', currency: 'USD', delayHours: 24 } })],
    ['an email asking for feedback', with_({ action: { channel: 'email', templateKey: 'x', sendAt: '09:00', askFeedback: true } })],
    [
      'a call that does not ask for feedback',
      with_({ action: { channel: 'call', templateKey: 'x', sendAt: '09:00', askFeedback: false } }),
    ],
    ['an order threshold with cents', with_({ trigger: { kind: 'order', minTotal: '0.01', currency: 'VND', delayHours: 0 } })],
    [
      'a lapse call to the top 10 %',
      with_({
        trigger: { kind: 'lapse', audience: { topPercent: 10 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 },
        action: { channel: 'call', templateKey: 'checkin-call', sendAt: '23:59', dueOffsetDays: 0 },
      }),
    ],
    [
      'a lapse by tag',
      with_({ trigger: { kind: 'lapse', audience: { tag: 'vip' }, lapseDays: 3650, repeatEveryDays: 1, maxRepeats: 50 } }),
    ],
    [
      'a call with follow-ups after no answer and a voicemail',
      with_({
        action: {
          channel: 'call',
          templateKey: 'checkin-call',
          sendAt: '10:00',
          followUps: [
            { outcome: 'no_answer', afterWorkingDays: 2, maxAttempts: 3 },
            { outcome: 'left_voicemail', afterWorkingDays: 30, maxAttempts: 1 },
          ],
        },
      }),
    ],
    ['explicit null conditions and empty limits', with_({ conditions: null, limits: {} })],
    [
      'an expiry and a lapse without catch-up',
      with_({
        trigger: { kind: 'lapse', audience: { tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 1, catchUp: false },
        limits: { expireAfterHours: 0 },
      }),
    ],
  ];
  it.each(valid)('accepts %s', (_name, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  // [scenario, rule, path, reason fragment]
  const invalid: [string, unknown, string, string][] = [
    ['not an object', 'rule', 'rule', 'object'],
    ['a blank name', with_({ name: '  ' }), 'name', 'non-empty'],
    ['priority above 1000', with_({ priority: 1001 }), 'priority', '0 to 1000'],
    ['fractional priority', with_({ priority: 2.5 }), 'priority', 'integer'],
    ['no trigger', with_({ trigger: undefined }), 'trigger', 'object'],
    ['an unknown trigger kind', with_({ trigger: { kind: 'weather' } }), 'trigger.kind', 'date, order or lapse'],
    ['offset beyond 60 days', with_({ trigger: { kind: 'date', field: 'birthday', offsetDays: 61 } }), 'trigger.offsetDays', '-60 to 60'],
    ['offset missing', with_({ trigger: { kind: 'date', field: 'birthday' } }), 'trigger.offsetDays', 'required'],
    [
      'a date field not annual',
      with_({ trigger: { kind: 'date', field: 'last_order', offsetDays: 0 } }),
      'trigger.field',
      'birthday or customer_since',
    ],
    [
      'a key of another trigger kind',
      with_({ trigger: { kind: 'date', field: 'birthday', offsetDays: 0, delayHours: 2 } }),
      'trigger.delayHours',
      'not a field',
    ],
    [
      'minTotal as a number',
      with_({ trigger: { kind: 'order', minTotal: 500, currency: 'USD', delayHours: 24 } }),
      'trigger.minTotal',
      'decimal string',
    ],
    [
      'negative minTotal',
      with_({ trigger: { kind: 'order', minTotal: '-1', currency: 'USD', delayHours: 24 } }),
      'trigger.minTotal',
      '≥ 0',
    ],
    [
      'an unknown currency',
      with_({ trigger: { kind: 'order', minTotal: '1', currency: 'XXY', delayHours: 24 } }),
      'trigger.currency',
      'ISO 4217',
    ],
    [
      'a lower-case currency',
      with_({ trigger: { kind: 'order', minTotal: '1', currency: 'usd', delayHours: 24 } }),
      'trigger.currency',
      'ISO 4217',
    ],
    [
      'delay over 30 days',
      with_({ trigger: { kind: 'order', minTotal: '1', currency: 'USD', delayHours: 721 } }),
      'trigger.delayHours',
      '0 to 720',
    ],
    [
      'two lapse audiences',
      with_({ trigger: { kind: 'lapse', audience: { topN: 5, tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 } }),
      'trigger.audience',
      'exactly one',
    ],
    [
      'no lapse audience key',
      with_({ trigger: { kind: 'lapse', audience: {}, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 } }),
      'trigger.audience',
      'found none',
    ],
    [
      'topPercent too large',
      with_({ trigger: { kind: 'lapse', audience: { topPercent: 60 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 } }),
      'trigger.audience.topPercent',
      '0.1 to 50',
    ],
    [
      'topN zero',
      with_({ trigger: { kind: 'lapse', audience: { topN: 0 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 } }),
      'trigger.audience.topN',
      '1 to 100000',
    ],
    [
      'lapse days zero',
      with_({ trigger: { kind: 'lapse', audience: { topN: 10 }, lapseDays: 0, repeatEveryDays: 30, maxRepeats: 3 } }),
      'trigger.lapseDays',
      '1 to 3650',
    ],
    [
      'repeat every 0 days',
      with_({ trigger: { kind: 'lapse', audience: { topN: 10 }, lapseDays: 10, repeatEveryDays: 0, maxRepeats: 3 } }),
      'trigger.repeatEveryDays',
      'from 1',
    ],
    [
      '51 repeats',
      with_({ trigger: { kind: 'lapse', audience: { topN: 10 }, lapseDays: 10, repeatEveryDays: 7, maxRepeats: 51 } }),
      'trigger.maxRepeats',
      '1 to 50',
    ],
    ['a bad condition', with_({ conditions: { any: [{ field: 'tier', op: 'gt', value: 1 }] } }), 'conditions.any.0.op', 'operator'],
    [
      'an unknown channel',
      with_({ action: { channel: 'fax', templateKey: 'x', sendAt: '09:00' } }),
      'action.channel',
      'email, sms, call, card',
    ],
    [
      'a template key with spaces',
      with_({ action: { channel: 'email', templateKey: 'Birthday Mail', sendAt: '09:00' } }),
      'action.templateKey',
      'template key',
    ],
    ['24:00', with_({ action: { channel: 'email', templateKey: 'x', sendAt: '24:00' } }), 'action.sendAt', 'HH:MM'],
    ['9:00 without a leading zero', with_({ action: { channel: 'email', templateKey: 'x', sendAt: '9:00' } }), 'action.sendAt', 'HH:MM'],
    [
      'a due offset on an email',
      with_({ action: { channel: 'email', templateKey: 'x', sendAt: '09:00', dueOffsetDays: 2 } }),
      'action.dueOffsetDays',
      'only for call and card',
    ],
    [
      'a due offset of 61',
      with_({ action: { channel: 'card', templateKey: 'x', sendAt: '09:00', dueOffsetDays: 61 } }),
      'action.dueOffsetDays',
      '0 to 60',
    ],
    [
      'feedback asked on a call',
      with_({ action: { channel: 'call', templateKey: 'x', sendAt: '09:00', askFeedback: true } }),
      'action.askFeedback',
      'only for email and sms',
    ],
    [
      'feedback asked with a string',
      with_({ action: { channel: 'sms', templateKey: 'x', sendAt: '09:00', askFeedback: 'yes' } }),
      'action.askFeedback',
      'true or false',
    ],
    [
      'an unknown action key',
      with_({ action: { channel: 'email', templateKey: 'x', sendAt: '09:00', subject: 'Hi' } }),
      'action.subject',
      'not a field',
    ],
    ['cooldown too long', with_({ limits: { cooldownDays: 3651 } }), 'limits.cooldownDays', '0 to 3650'],
    ['holdout over half', with_({ limits: { holdoutPercent: 50.5 } }), 'limits.holdoutPercent', '0 to 50'],
    ['an unknown limit', with_({ limits: { perDay: 3 } }), 'limits.perDay', 'not a field'],
    ['an expiry below zero', with_({ limits: { expireAfterHours: -1 } }), 'limits.expireAfterHours', '0 to 8760'],
    ...followUpCases(),
    [
      'a catch-up on a date trigger',
      with_({ trigger: { kind: 'date', field: 'birthday', offsetDays: 0, catchUp: true } }),
      'trigger.catchUp',
      'only for lapse',
    ],
    [
      'a catch-up that is not a boolean',
      with_({
        trigger: { kind: 'lapse', audience: { tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 1, catchUp: 'yes' },
      }),
      'trigger.catchUp',
      'true or false',
    ],
  ];
  it.each(invalid)('rejects %s', (_name, rule, field, reason) => {
    expect(validateRule(rule)).toContainEqual({ field, reason: expect.stringContaining(reason) });
  });

  it('reports every problem at once', () => {
    const errors = validateRule({ name: '', trigger: { kind: 'date' }, action: {}, limits: 3 });
    expect(errors.map((e) => e.field).sort()).toEqual([
      'action.channel',
      'action.sendAt',
      'action.templateKey',
      'limits',
      'name',
      'trigger.field',
      'trigger.offsetDays',
    ]);
  });
});
