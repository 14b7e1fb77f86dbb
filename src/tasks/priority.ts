/**
 * A task's priority: the rule's priority plus a bonus for the customer's value,
 *
 *   priority = rule priority + min(60, floor(10 × log10(1 + lifetime value)))
 *
 * so lifetime value 0 adds 0, 9 adds 10, 99 adds 20, 999 adds 30, 9,999 adds 40, and the bonus
 * stops growing at 60 (lifetime value ≥ 999,999). The logarithm keeps a big spender from
 * burying every other customer: a rule ranked 10 points higher outweighs a customer ten times as
 * valuable. The promoter computes it in SQL with `taskPrioritySql`; both forms are one formula.
 */
export const VALUE_BONUS_CAP = 60;

export function valueBonus(lifetimeValue: number): number {
  if (!(lifetimeValue > 0)) return 0;
  return Math.min(VALUE_BONUS_CAP, Math.floor(10 * Math.log10(1 + lifetimeValue)));
}

export function taskPriority(rulePriority: number, lifetimeValue: number): number {
  return rulePriority + valueBonus(lifetimeValue);
}

/** The same formula over SQL expressions (numeric `log` is base 10 in PostgreSQL). */
export function taskPrioritySql(rulePriority: string, lifetimeValue: string): string {
  return `(${rulePriority} + least(${VALUE_BONUS_CAP}, floor(10 * log(1 + greatest(${lifetimeValue}, 0)::numeric)))::int)`;
}
