import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AdvisoryLock, lockForTransaction } from '../database/advisory-locks';
import { rowCount, rows } from '../database/sql';
import { CapacityService } from './capacity.service';
import { localDateIn } from './days';
import { decideHandovers, HandoverStaff } from './handover';
import * as sql from './handover.sql';

export interface HandoverResult {
  handedOver: number;
  handedBack: number;
}

/**
 * Applies the handover decision (handover.ts): inside a staff change's own transaction for that
 * staff member (an absence entered, changed or removed; made inactive or active again), and for
 * everyone on the task promoter's interval, which catches what time alone changes (an absence
 * that starts or ends today, an overdue task running into an absence). Every run takes the
 * handover's transaction lock, so a staff change and the sweep never decide on each other's
 * half-written state; running it twice moves nothing more.
 */
@Injectable()
export class HandoverService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly capacity: CapacityService,
  ) {}

  /** Everyone, now, in a transaction of its own. */
  run(now: Date, actorStaffId: string | null = null): Promise<HandoverResult> {
    return this.db.transaction((m) => this.reconcile(m, now, { actorStaffId }));
  }

  /** Everyone, on a connection that holds the handover lock already (the periodic sweep). */
  runHolding(q: QueryRunner, now: Date): Promise<HandoverResult> {
    return q.manager.transaction((m) => this.reconcile(m, now, { actorStaffId: null }));
  }

  /** In the caller's transaction; `staffId` narrows it to the tasks one staff member holds or owns. */
  async reconcile(m: EntityManager, now: Date, options: { staffId?: string; actorStaffId: string | null }): Promise<HandoverResult> {
    await lockForTransaction(m, AdvisoryLock.Handover);
    const staff = new Map<string, HandoverStaff>(
      (await rows<sql.HandoverStaffRow>(m, sql.HANDOVER_STAFF)).map((row) => [
        row.id,
        {
          id: row.id,
          active: row.active,
          awayFrom: row.away_from,
          awayUntil: row.away_until,
          backupStaffId: row.backup_staff_id,
          today: localDateIn(now, row.time_zone),
        },
      ]),
    );
    const tasks = await rows<sql.HandoverTaskRow>(m, sql.HANDOVER_CANDIDATES, [options.staffId ?? null]);
    const moves = decideHandovers(
      tasks.map((task) => ({
        id: task.id,
        assigneeStaffId: task.assignee_staff_id,
        dueDate: task.due_date,
        handedOverFrom: task.handed_over_from,
        worked: task.worked,
      })),
      staff,
    );
    if (moves.length === 0) return { handedOver: 0, handedBack: 0 };
    await rowCount(m, sql.APPLY_HANDOVERS, [JSON.stringify(moves), now, options.actorStaffId]);
    // Whoever received tasks keeps their days within capacity; anything moved says why.
    const receivers = [...new Set(moves.flatMap((move) => (move.to ? [move.to] : [])))];
    await this.capacity.rebalance(m, receivers, now);
    return {
      handedOver: moves.filter((move) => move.kind === 'handed_over').length,
      handedBack: moves.filter((move) => move.kind === 'handed_back').length,
    };
  }
}
