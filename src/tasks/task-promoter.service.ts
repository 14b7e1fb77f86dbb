import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AdvisoryLock, tryLock } from '../database/advisory-locks';
import { rows } from '../database/sql';
import { CapacityService } from './capacity.service';
import { TalkingPointsService } from './talking-points.service';
import * as sql from './tasks.sql';

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
 * One instance at a time: the task promoter's advisory lock, and a unique touch_id besides.
 */
@Injectable()
export class TaskPromoterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly talkingPoints: TalkingPointsService,
    private readonly capacity: CapacityService,
  ) {}

  async promote(now: Date): Promise<PromotionResult> {
    const locked = await tryLock(this.db, AdvisoryLock.TaskPromoter, (q) => this.promoteHolding(q, now));
    return locked.acquired ? locked.value : { ran: false, created: 0, skipped: {}, moved: 0 };
  }

  /** Promotes everything due at `now`, batch by batch, on a connection that holds the task promoter's lock. */
  async promoteHolding(q: QueryRunner, now: Date): Promise<PromotionResult> {
    const total: PromotionResult = { ran: true, created: 0, skipped: {}, moved: 0 };
    for (;;) {
      const batch = await this.promoteBatch(q, now);
      total.created += batch.created;
      total.moved += batch.moved;
      for (const [reason, count] of Object.entries(batch.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + count;
      if (batch.touches < PROMOTION_BATCH) return total;
    }
  }

  /** One batch in one transaction. */
  private async promoteBatch(q: QueryRunner, now: Date): Promise<PromotionResult & { touches: number }> {
    return q.manager.transaction(async (manager) => {
      const promoted = await rows<PromotedRow>(manager, sql.PROMOTE_DUE, [now, PROMOTION_BATCH]);
      const taskIds = promoted.flatMap((row) => (row.task_id ? [row.task_id] : []));
      const skipped: Record<string, number> = {};
      for (const row of promoted) if (row.skip_reason) skipped[row.skip_reason] = (skipped[row.skip_reason] ?? 0) + 1;
      await this.talkingPoints.refresh(manager, taskIds, now);
      const assignees = [...new Set(promoted.flatMap((row) => (row.assignee_staff_id ? [row.assignee_staff_id] : [])))];
      const moves = await this.capacity.rebalance(manager, assignees, now);
      return { ran: true, created: taskIds.length, skipped, moved: moves.length, touches: promoted.length };
    });
  }
}
