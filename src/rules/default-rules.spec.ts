import { DEFAULT_RULES } from './default-rules';
import { validateRule } from './rule-validation';

describe('DEFAULT_RULES', () => {
  it.each(DEFAULT_RULES.map((rule) => [rule.name, rule] as const))('%s is a valid rule', (_name, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  it('ships the four outreach rules with their templates and channels', () => {
    expect(DEFAULT_RULES.map((r) => [r.trigger.kind, r.action.channel, r.action.templateKey])).toEqual([
      ['date', 'email', 'birthday-email'],
      ['date', 'card', 'birthday-card'],
      ['order', 'email', 'thank-you-email'],
      ['lapse', 'call', 'checkin-call'],
    ]);
    expect(new Set(DEFAULT_RULES.map((r) => r.name.toLowerCase())).size).toBe(DEFAULT_RULES.length);
  });
});
