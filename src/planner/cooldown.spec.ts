import { CooldownCandidate, cooldownLosers } from './cooldown';

const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 10, 1 + n, hour));
const touch = (id: string, n: number, hour = 10, occurrence = `order:${id}`): CooldownCandidate => ({
  id,
  scheduledAt: day(n, hour),
  occurrence,
});
const losers = (touches: CooldownCandidate[], days: number) => [...cooldownLosers(touches, days)].sort();

describe('cooldown within one run', () => {
  it('keeps the first and holds back what falls inside its cooldown', () => {
    expect(losers([touch('1', 0), touch('2', 5)], 7)).toEqual(['2']);
  });

  it('measures from the last touch kept, not the last one seen', () => {
    expect(losers([touch('1', 0), touch('2', 5), touch('3', 10)], 7)).toEqual(['2']);
  });

  it('lets a touch exactly the cooldown later go', () => {
    expect(losers([touch('1', 0), touch('2', 7)], 7)).toEqual([]);
    expect(losers([touch('1', 0), touch('2', 7, 9)], 7)).toEqual(['2']);
  });

  it('decides by time, then occurrence, whatever order the rows come in', () => {
    expect(losers([touch('2', 5), touch('1', 0)], 7)).toEqual(['2']);
    const a = touch('a', 1, 10, 'order:1');
    const b = touch('b', 1, 10, 'order:2');
    expect(losers([b, a], 7)).toEqual(['b']);
    expect(losers([a, b], 7)).toEqual(['b']);
  });
});
