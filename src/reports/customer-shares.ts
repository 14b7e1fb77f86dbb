/** A range of customer ids, `from` inclusive and `to` exclusive (bigints as decimal strings). */
export interface CustomerShare {
  from: string;
  to: string;
}

/** Below and above every customer id: customer ids are positive bigints. */
const LOWEST = '-9223372036854775808';
const HIGHEST = '9223372036854775807';

/**
 * Cuts the customer ids into `parts` ranges holding about as many touches each, from the ledger's
 * `customer_id` histogram (PostgreSQL's equal-frequency bounds, from `pg_stats`). The ranges
 * cover every id exactly once whatever the histogram says, so figures counted per range add up;
 * the histogram only decides where the cuts fall. Without one (a ledger never analyzed) or with
 * fewer bounds than parts, it is one range.
 */
export function customerShares(histogram: string[] | null, parts: number): CustomerShare[] {
  const bounds = (histogram ?? []).map(BigInt);
  if (parts < 2 || bounds.length < parts + 1) return [{ from: LOWEST, to: HIGHEST }];
  const cuts = Array.from({ length: parts - 1 }, (_, i) => bounds[Math.round(((i + 1) * (bounds.length - 1)) / parts)]);
  const distinct = [...new Set(cuts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  const edges = [LOWEST, ...distinct, HIGHEST];
  return edges.slice(1).map((to, i) => ({ from: edges[i], to }));
}
