import { EntityManager } from 'typeorm';
import { PENDING_STATES } from './touch.entity';

/** Why a pending touch was cancelled; stored in `touches.reason`. */
export type CancelReason = 'cancelled_by_admin' | 'rule_disabled';

/**
 * Cancels every pending (planned, queued) touch of a rule and returns how many. Runs on the
 * caller's manager so that a rule change and its cancellations commit together. Touches already
 * handed to a worker (`sending`) or finished are left alone.
 */
export async function cancelPendingTouchesOfRule(manager: EntityManager, ruleId: string, reason: CancelReason, now: Date): Promise<number> {
  const [{ count }] = await manager.query(
    `WITH cancelled AS (
       UPDATE touches SET state = 'cancelled', reason = $2, updated_at = $3
       WHERE rule_id = $1 AND state = ANY($4::text[])
       RETURNING 1)
     SELECT count(*)::int AS count FROM cancelled`,
    [ruleId, reason, now, PENDING_STATES],
  );
  return count;
}
