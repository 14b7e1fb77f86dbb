import { applyRulePatch } from './rule-patch';
import { RuleInput } from './rule-validation';

const current: RuleInput = {
  name: 'Card',
  description: 'd',
  priority: 50,
  trigger: { kind: 'lapse', audience: { topPercent: 10 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 3 },
  conditions: { field: 'tier', op: 'exists' },
  action: { channel: 'card', templateKey: 'birthday-card', sendAt: '09:00', dueOffsetDays: 5 },
  limits: { cooldownDays: 30, holdoutPercent: 5 },
};

describe('applyRulePatch', () => {
  it('changes nothing for an empty patch', () => {
    expect(applyRulePatch(current, {})).toEqual(current);
  });

  it('merges action and limits one level deep, null removing a key', () => {
    const next = applyRulePatch(current, { action: { sendAt: '10:00', dueOffsetDays: null } as never, limits: { holdoutPercent: 0 } });
    expect(next.action).toEqual({ channel: 'card', templateKey: 'birthday-card', sendAt: '10:00' });
    expect(next.limits).toEqual({ cooldownDays: 30, holdoutPercent: 0 });
    expect(applyRulePatch(current, { limits: null as never }).limits).toEqual({});
  });

  it('merges a trigger of the same kind but replaces its audience whole', () => {
    const next = applyRulePatch(current, { trigger: { audience: { topN: 50 }, lapseDays: 90 } as never });
    expect(next.trigger).toEqual({ kind: 'lapse', audience: { topN: 50 }, lapseDays: 90, repeatEveryDays: 30, maxRepeats: 3 });
  });

  it('replaces a trigger of another kind, and conditions whole', () => {
    const order = { kind: 'order' as const, minTotal: '500', currency: 'USD', delayHours: 24 };
    expect(applyRulePatch(current, { trigger: order }).trigger).toEqual(order);
    expect(applyRulePatch(current, { conditions: null }).conditions).toBeNull();
    expect(applyRulePatch(current, { conditions: { field: 'orderCount', op: 'gt', value: 1 } }).conditions).toEqual({
      field: 'orderCount',
      op: 'gt',
      value: 1,
    });
  });

  it('does not modify the current rule', () => {
    const copy = structuredClone(current);
    applyRulePatch(current, { action: { sendAt: '11:00' } as never, trigger: { lapseDays: 5 } as never, name: 'x' });
    expect(current).toEqual(copy);
  });
});
