import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assigneeSql } from './assignment';
import { CapacityService } from './capacity.service';
import { taskPrioritySql } from './priority';
import { TalkingPointsService } from './talking-points.service';

// Any constant works; it only has to be the same for every instance.
const PROMOTER_LOCK = 7_311_090;
/** Touches promoted per transaction, so a large backlog never holds one huge transaction. */
export const PROMOTION_BATCH = 500;

export interface PromotionResult {
  /** False when another instance held the lock; nothing was done here. */
  ran: boolean;
  created: number;
  /** Call and card touches skipped instead (suppressed, no phone or address), by reason. */
  skipped: Record<string, number>;
  /** Tasks moved to a later day for capacity. */
  moved: number;
}

interface PromotedRow {
  task_id: string | null;
  assignee_staff_id: string | null;
  skip_reason: string | null;
}

/**
 * Turns due call and card touches into tasks. One statement per batch decides, for every due
 * touch at once, whether it can be carried out (a call needs a usable, unsuppressed phone with
 * consent; a card a mailing address), who gets it (assignment.ts) and its priority
 * (priority.ts), inserts the tasks, queues or skips the touches and writes timeline events.
 * Then talking points are written and the new assignees' days are balanced (capacity.ts).
 * One instance at a time: a transaction-scoped advisory lock, and a unique touch_id besides.
 */
@Injectable()
export class TaskPromoterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly talkingPoints: TalkingPointsService,
    private readonly capacity: CapacityService,
  ) {}

  async promote(now: Date): Promise<PromotionResult> {
    const total: PromotionResult = { ran: true, created: 0, skipped: {}, moved: 0 };
    for (let first = true; ; first = false) {
      const batch = await this.promoteBatch(now);
      if (!batch) return first ? { ...total, ran: false } : total;
      total.created += batch.created;
      total.moved += batch.moved;
      for (const [reason, count] of Object.entries(batch.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + count;
      if (batch.touches < PROMOTION_BATCH) return total;
    }
  }

  /** One batch in one transaction; null when another instance holds the lock. */
  private async promoteBatch(now: Date): Promise<(PromotionResult & { touches: number }) | null> {
    return this.db.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PROMOTER_LOCK]);
      if (!locked) return null;
      const rows: PromotedRow[] = await manager.query(
        `WITH due AS (
           SELECT t.id, t.customer_id, t.channel, t.priority, COALESCE(t.due_date, t.local_date) AS due_date,
                  c.lifetime_value, c.account_manager_id,
                  CASE
                    WHEN t.channel = 'call' AND (c.consent->'call'->>'status' = 'withdrawn'
                         OR EXISTS (SELECT 1 FROM suppressions s WHERE s.channel = 'call' AND s.address IN (c.phone, erased_address_hash(c.phone)))) THEN 'opted_out'
                    WHEN t.channel = 'call' AND (c.phone IS NULL OR c.phone_invalid) THEN 'no_address'
                    WHEN t.channel = 'card' AND c.address IS NULL THEN 'no_address'
                  END AS skip_reason
             FROM touches t JOIN customers c ON c.id = t.customer_id
            WHERE t.state = 'planned' AND t.channel IN ('call', 'card') AND t.scheduled_at <= $1
            ORDER BY t.scheduled_at, t.id
            LIMIT $2
            FOR UPDATE OF t SKIP LOCKED
         ), inserted AS (
           INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, created_at, updated_at)
           SELECT d.customer_id, d.id, ${assigneeSql('m', 'b', 'd.due_date')}, d.channel, d.due_date, d.due_date,
                  ${taskPrioritySql('d.priority', 'd.lifetime_value')}, $1, $1
             FROM due d
             LEFT JOIN staff m ON m.id = d.account_manager_id
             LEFT JOIN staff b ON b.id = m.backup_staff_id
            WHERE d.skip_reason IS NULL
           ON CONFLICT (touch_id) DO NOTHING
           RETURNING id, touch_id, customer_id, assignee_staff_id
         ), touched AS (
           UPDATE touches t
              SET state = CASE WHEN d.skip_reason IS NULL THEN 'queued' ELSE 'skipped' END,
                  reason = d.skip_reason, updated_at = $1
             FROM due d WHERE t.id = d.id
         ), events AS (
           INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
           SELECT customer_id, touch_id, 'task_created', $1,
                  jsonb_build_object('taskId', id::text, 'assigneeStaffId', assignee_staff_id)
             FROM inserted
           UNION ALL
           SELECT customer_id, id, 'skipped', $1, jsonb_build_object('reason', skip_reason)
             FROM due WHERE skip_reason IS NOT NULL
         )
         SELECT i.id AS task_id, i.assignee_staff_id, NULL AS skip_reason FROM inserted i
         UNION ALL
         SELECT NULL, NULL, d.skip_reason FROM due d WHERE d.skip_reason IS NOT NULL`,
        [now, PROMOTION_BATCH],
      );
      const taskIds = rows.flatMap((row) => (row.task_id ? [row.task_id] : []));
      const skipped: Record<string, number> = {};
      for (const row of rows) if (row.skip_reason) skipped[row.skip_reason] = (skipped[row.skip_reason] ?? 0) + 1;
      await this.talkingPoints.refresh(manager, taskIds, now);
      const assignees = [...new Set(rows.flatMap((row) => (row.assignee_staff_id ? [row.assignee_staff_id] : [])))];
      const moves = await this.capacity.rebalance(manager, assignees, now);
      return { ran: true, created: taskIds.length, skipped, moved: moves.length, touches: rows.length };
    });
  }
}
