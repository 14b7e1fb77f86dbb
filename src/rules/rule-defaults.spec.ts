import { DEFAULT_RULE_PRIORITY, withRuleDefaults } from './rule-defaults';

describe('withRuleDefaults', () => {
  const minimal = {
    name: '  Birthday email ',
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
  } as const;

  it('fills what a rule leaves out: disabled, default priority, no conditions or limits, a trimmed name', () => {
    expect(withRuleDefaults(minimal)).toEqual({
      name: 'Birthday email',
      description: '',
      enabled: false,
      priority: DEFAULT_RULE_PRIORITY,
      trigger: minimal.trigger,
      conditions: null,
      action: minimal.action,
      limits: {},
    });
    expect(DEFAULT_RULE_PRIORITY).toBe(50);
  });

  it('keeps what the rule says, priority 0 and enabled false included', () => {
    const rule = withRuleDefaults({
      ...minimal,
      description: 'd',
      enabled: true,
      priority: 0,
      conditions: { all: [] },
      limits: { holdoutPercent: 10 },
    });
    expect(rule).toMatchObject({ description: 'd', enabled: true, priority: 0, conditions: { all: [] }, limits: { holdoutPercent: 10 } });
  });
});
