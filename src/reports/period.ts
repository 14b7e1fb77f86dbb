/** A reporting period: from inclusive, to exclusive. */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * Cuts a period into `parts` consecutive slices of (nearly) equal length that together cover it
 * exactly: each instant of the period falls in one slice only, so figures counted per slice add
 * up to the period's.
 */
export function splitPeriod(period: Period, parts: number): Period[] {
  const start = period.from.getTime();
  const length = period.to.getTime() - start;
  const cuts = Array.from({ length: parts + 1 }, (_, i) => (i === parts ? period.to : new Date(start + Math.floor((length * i) / parts))));
  return cuts
    .slice(1)
    .map((to, i) => ({ from: cuts[i], to }))
    .filter((slice) => slice.from < slice.to);
}
