/**
 * Did the rule work? Compares the customers a rule selected for treatment (intention to treat:
 * whatever happened to their touch) with the customers it held out over the same period: the
 * share who ordered within N days, and revenue per customer.
 *
 * Method (documented in the API docs too): difference of two independent proportions with a
 * normal-approximation (Wald) 95% interval, and difference of two means with Welch's standard
 * error and a 95% normal interval. Both need enough customers in each group; below
 * MIN_GROUP_SIZE, or with fewer than MIN_CONVERSIONS orders across both groups, the answer is
 * "not enough data yet" rather than a number that would mislead.
 */
export const MIN_GROUP_SIZE = 30;
export const MIN_CONVERSIONS = 5;
const Z95 = 1.959963984540054;

export interface GroupOutcome {
  /** Customers in the group. */
  customers: number;
  /** Of them, those who placed an order within the window. */
  converted: number;
  /** Sum over customers of revenue in the window, and of its square (for the variance). */
  revenue: number;
  revenueSquares: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export type UpliftResult =
  | {
      enough: true;
      touched: { customers: number; conversionRate: number; revenuePerCustomer: number };
      holdout: { customers: number; conversionRate: number; revenuePerCustomer: number };
      /** Touched minus holdout, in percentage points / 100 (0.05 = five points). */
      conversionUplift: Interval;
      revenueUplift: Interval;
    }
  | { enough: false; reason: string; touched: { customers: number }; holdout: { customers: number } };

export function uplift(touched: GroupOutcome, holdout: GroupOutcome): UpliftResult {
  if (touched.customers < MIN_GROUP_SIZE || holdout.customers < MIN_GROUP_SIZE) {
    return {
      enough: false,
      reason: `not enough data yet: each group needs at least ${MIN_GROUP_SIZE} customers`,
      touched: { customers: touched.customers },
      holdout: { customers: holdout.customers },
    };
  }
  if (touched.converted + holdout.converted < MIN_CONVERSIONS) {
    return {
      enough: false,
      reason: `not enough data yet: at least ${MIN_CONVERSIONS} customers must have ordered`,
      touched: { customers: touched.customers },
      holdout: { customers: holdout.customers },
    };
  }
  const p1 = touched.converted / touched.customers;
  const p2 = holdout.converted / holdout.customers;
  const seRate = Math.sqrt((p1 * (1 - p1)) / touched.customers + (p2 * (1 - p2)) / holdout.customers);

  const m1 = touched.revenue / touched.customers;
  const m2 = holdout.revenue / holdout.customers;
  const seRevenue = Math.sqrt(sampleVariance(touched) / touched.customers + sampleVariance(holdout) / holdout.customers);

  return {
    enough: true,
    touched: { customers: touched.customers, conversionRate: p1, revenuePerCustomer: m1 },
    holdout: { customers: holdout.customers, conversionRate: p2, revenuePerCustomer: m2 },
    conversionUplift: interval(p1 - p2, seRate),
    revenueUplift: interval(m1 - m2, seRevenue),
  };
}

function sampleVariance(group: GroupOutcome): number {
  const n = group.customers;
  const mean = group.revenue / n;
  // Σ(x - mean)² = Σx² - n·mean², divided by n - 1; clamped at 0 against rounding.
  return Math.max(0, (group.revenueSquares - n * mean * mean) / (n - 1));
}

function interval(estimate: number, standardError: number): Interval {
  return { estimate, low: estimate - Z95 * standardError, high: estimate + Z95 * standardError };
}

/** One rule's group (touched or holdout) in one month. */
export interface MonthlyOutcome extends GroupOutcome {
  holdout: boolean;
  /** YYYY-MM */
  month: string;
}

/**
 * A rule's comparison over the whole period and month by month. The period's groups are the sums
 * of their months: every observation falls in exactly one month.
 */
export function upliftByMonth(outcomes: MonthlyOutcome[]): { result: UpliftResult; series: { month: string; result: UpliftResult }[] } {
  const total = (holdout: boolean, month?: string) =>
    outcomes
      .filter((o) => o.holdout === holdout && (month === undefined || o.month === month))
      .reduce<GroupOutcome>(
        (sum, o) => ({
          customers: sum.customers + o.customers,
          converted: sum.converted + o.converted,
          revenue: sum.revenue + o.revenue,
          revenueSquares: sum.revenueSquares + o.revenueSquares,
        }),
        { customers: 0, converted: 0, revenue: 0, revenueSquares: 0 },
      );
  const months = [...new Set(outcomes.map((o) => o.month))].sort();
  return {
    result: uplift(total(false), total(true)),
    series: months.map((month) => ({ month, result: uplift(total(false, month), total(true, month)) })),
  };
}
