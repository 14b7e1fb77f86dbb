import { createHash } from 'node:crypto';

/**
 * The holdout group: a stable share of customers per rule that gets nothing from it, so replies
 * and reorders can be compared with those who did. The bucket is a hash of rule and customer,
 * so every run (and the SQL in the planner) gives the same answer without storing anything.
 */
export const HOLDOUT_BUCKETS = 10_000;

export function holdoutBucket(ruleId: string, customerId: string): number {
  const hex = createHash('md5').update(`${ruleId}:${customerId}`).digest('hex').slice(0, 8);
  return parseInt(hex, 16) % HOLDOUT_BUCKETS;
}

export function isHeldOut(ruleId: string, customerId: string, percent: number): boolean {
  return percent > 0 && holdoutBucket(ruleId, customerId) < Math.round(percent * (HOLDOUT_BUCKETS / 100));
}

/** SQL for `holdoutBucket`, over a uuid rule expression and a bigint customer expression. */
export function holdoutBucketSql(ruleId: string, customerId: string): string {
  return `(('x' || substr(md5(${ruleId}::text || ':' || ${customerId}::text), 1, 8))::bit(32)::bigint % ${HOLDOUT_BUCKETS})`;
}
