import { MIN_GROUP_SIZE, uplift, upliftByMonth } from './uplift';

/** Revenue sums for a group where `buyers` customers each spent `amount` and the rest nothing. */
function group(customers: number, buyers: number, amount: number) {
  return { customers, converted: buyers, revenue: buyers * amount, revenueSquares: buyers * amount * amount };
}

describe('uplift', () => {
  it('matches a hand-computed example', () => {
    // Touched: 200 customers, 50 ordered $100 each. Holdout: 100 customers, 15 ordered $100 each.
    // p1 = 0.25, p2 = 0.15, diff = 0.10; se = sqrt(.25*.75/200 + .15*.85/100) = sqrt(0.0009375 + 0.001275) = 0.047037...
    // 95%: 0.10 ± 1.96 × 0.047037 = [0.00781, 0.19219]
    // Revenue: m1 = 25, m2 = 15. s1² = (50·10000 - 200·625)/199 = 375000/199 = 1884.42;
    // s2² = (15·10000 - 100·225)/99 = 127500/99 = 1287.88; se = sqrt(1884.42/200 + 1287.88/100) = sqrt(22.3009) = 4.72238
    const result = uplift(group(200, 50, 100), group(100, 15, 100));
    if (!result.enough) throw new Error('expected a result');
    expect(result.touched.conversionRate).toBeCloseTo(0.25, 10);
    expect(result.holdout.conversionRate).toBeCloseTo(0.15, 10);
    expect(result.conversionUplift.estimate).toBeCloseTo(0.1, 10);
    expect(result.conversionUplift.low).toBeCloseTo(0.00781, 4);
    expect(result.conversionUplift.high).toBeCloseTo(0.19219, 4);
    expect(result.revenueUplift.estimate).toBeCloseTo(10, 10);
    expect(result.revenueUplift.low).toBeCloseTo(10 - 1.959964 * 4.72238, 3);
    expect(result.revenueUplift.high).toBeCloseTo(10 + 1.959964 * 4.72238, 3);
  });

  it('works the intention-to-treat example of the API docs', () => {
    // Treated: 41 customers selected; 40 reached, 1 capped (and its retry failed); 10 ordered $100.
    // Holdout: 40 held out, 4 ordered $100. Dropping the capped customer would show 0.25 - 0.10.
    // p1 = 10/41 = 0.243902, p2 = 0.1, diff = 0.143902; se = sqrt(p1(1-p1)/41 + .1·.9/40) = 0.082144
    // 95%: 0.143902 ± 1.959964 × 0.082144 = [-0.01710, 0.30490]: not shown to work yet.
    const result = uplift(group(41, 10, 100), group(40, 4, 100));
    if (!result.enough) throw new Error('expected a result');
    expect(result.touched).toEqual({ customers: 41, conversionRate: 10 / 41, revenuePerCustomer: 1000 / 41 });
    expect(result.conversionUplift.estimate).toBeCloseTo(0.143902, 5);
    expect(result.conversionUplift.low).toBeCloseTo(-0.0171, 4);
    expect(result.conversionUplift.high).toBeCloseTo(0.3049, 4);
    expect(result.revenueUplift.low).toBeCloseTo(-1.9117, 3);
    expect(result.revenueUplift.high).toBeCloseTo(30.6922, 3);
  });

  it('says not enough data below the minimum group size', () => {
    const result = uplift(group(500, 100, 50), group(MIN_GROUP_SIZE - 1, 5, 50));
    expect(result).toMatchObject({ enough: false, reason: expect.stringContaining('not enough data yet') });
    expect(result).not.toHaveProperty('conversionUplift');
  });

  it('says not enough data when almost nobody ordered', () => {
    expect(uplift(group(100, 2, 10), group(100, 1, 10))).toMatchObject({ enough: false });
  });

  it('gives a zero-width interval when both groups are identical and certain', () => {
    const result = uplift(group(100, 100, 20), group(100, 100, 20));
    if (!result.enough) throw new Error('expected a result');
    expect(result.conversionUplift).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(result.revenueUplift.estimate).toBe(0);
  });
});

describe('upliftByMonth', () => {
  const month = (m: string, holdout: boolean, customers: number, buyers: number) => ({
    month: m,
    holdout,
    ...group(customers, buyers, 100),
  });

  it('compares each month and the period as the sum of its months', () => {
    const { result, series } = upliftByMonth([
      month('2026-06', false, 120, 30),
      month('2026-05', false, 80, 20),
      month('2026-05', true, 60, 9),
      month('2026-06', true, 40, 6),
    ]);
    expect(result).toEqual(uplift(group(200, 50, 100), group(100, 15, 100)));
    expect(series.map((s) => s.month)).toEqual(['2026-05', '2026-06']);
    expect(series[0].result).toEqual(uplift(group(80, 20, 100), group(60, 9, 100)));
    expect(series[1].result).toEqual(uplift(group(120, 30, 100), group(40, 6, 100)));
  });

  it('treats a missing group as empty', () => {
    const { result, series } = upliftByMonth([month('2026-05', false, 40, 10)]);
    expect(result).toMatchObject({ enough: false, touched: { customers: 40 }, holdout: { customers: 0 } });
    expect(series).toEqual([{ month: '2026-05', result }]);
  });
});
