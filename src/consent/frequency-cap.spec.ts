import { CapCandidate, capLosers } from './frequency-cap';

const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 5, day, hour));
const touch = (id: string, day: number, priority: number, fixed = false, hour = 9, plannedDay = 0): CapCandidate => ({
  id,
  scheduledAt: at(day, hour),
  priority,
  plannedAt: at(plannedDay),
  key: `rule-a|occurrence-${id.padStart(3, '0')}`,
  fixed,
});
const losers = (touches: CapCandidate[], max = 3, days = 7) => [...capLosers(touches, { max, days })].sort();

describe('frequency cap', () => {
  it('keeps everything under the cap', () => {
    expect(losers([touch('1', 1, 10), touch('2', 2, 10), touch('3', 3, 10)])).toEqual([]);
  });

  it('lets the higher priority win, whatever the order of arrival', () => {
    expect(losers([touch('1', 1, 10), touch('2', 2, 90)], 1)).toEqual(['1']);
    expect(losers([touch('2', 2, 90), touch('1', 1, 10)], 1)).toEqual(['1']);
  });

  it('breaks priority ties by time, then the one planned first, then rule and occurrence', () => {
    expect(losers([touch('5', 2, 50), touch('4', 1, 50)], 1)).toEqual(['5']);
    // Planned by an earlier run: a newcomer of equal standing does not push it out.
    expect(losers([touch('1', 1, 50, false, 9, 2), touch('2', 1, 50, false, 9, 1)], 1)).toEqual(['1']);
    // One run, same moment: the occurrence decides, not the ledger id's insert order.
    const first = { ...touch('10', 1, 50), key: 'rule-a|order:1' };
    const second = { ...touch('9', 1, 50), key: 'rule-a|order:2' };
    expect(losers([second, first], 1)).toEqual(['9']);
  });

  it('counts touches already sent, which never lose', () => {
    expect(losers([touch('1', 1, 10, true), touch('2', 1, 10, true), touch('3', 2, 99)], 2)).toEqual(['3']);
  });

  it('is a rolling window: a week apart is fine', () => {
    expect(losers([touch('1', 1, 10), touch('2', 8, 10)], 1)).toEqual([]);
    expect(losers([touch('1', 1, 10), touch('2', 8, 10, false, 8)], 1)).toEqual(['2']);
  });

  it('never leaves more than max in any window', () => {
    const touches = Array.from({ length: 30 }, (_, i) => touch(String(i + 1), 1 + i, (i * 37) % 100));
    const lost = capLosers(touches, { max: 3, days: 7 });
    const kept = touches.filter((t) => !lost.has(t.id)).map((t) => t.scheduledAt.getTime());
    for (const start of kept) {
      expect(kept.filter((t) => t >= start && t < start + 7 * 86_400_000).length).toBeLessThanOrEqual(3);
    }
  });
});
