import { holdoutBucket, isHeldOut } from './holdout';

describe('holdout', () => {
  const rule = '6f1c2b9e-1d2a-4c3b-9a8e-0f1e2d3c4b5a';

  it('is stable: the same rule and customer give the same answer', () => {
    expect(holdoutBucket(rule, '42')).toBe(holdoutBucket(rule, '42'));
    expect(holdoutBucket(rule, '42')).toBe(holdoutBucket(rule, '42'.slice(0)));
  });

  it('holds out about the asked share, and nobody at 0 %', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => String(i + 1));
    const share = ids.filter((id) => isHeldOut(rule, id, 10)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(ids.some((id) => isHeldOut(rule, id, 0))).toBe(false);
  });

  it('differs between rules', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(i + 1));
    const other = '0a0b0c0d-0000-4000-8000-000000000000';
    const same = ids.filter((id) => isHeldOut(rule, id, 20) === isHeldOut(other, id, 20)).length;
    expect(same).toBeLessThan(1000);
  });
});
