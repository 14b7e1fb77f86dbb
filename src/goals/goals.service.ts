import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { UnprocessableError } from '../common/errors';
import { Db, firstRow, run } from '../database/sql';
import { DEFAULT_GOALS, mergeGoals, ServiceGoals } from './goals';
import * as sql from './goals.sql';

export interface GoalsView extends ServiceGoals {
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface GoalsRow {
  reply_within_minutes: number | null;
  satisfaction_at_least: number | null;
  workday_start: string;
  workday_end: string;
  updated_at: Date;
  updated_by: string | null;
}

/** Reads and changes the service goals; every change is audited in its own transaction. */
@Injectable()
export class GoalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  get(db: Db = this.db): Promise<GoalsView> {
    return read(db, sql.GOALS);
  }

  async update(change: unknown, actorStaffId: string): Promise<GoalsView> {
    return this.db.transaction(async (m) => {
      const before = await read(m, sql.GOALS_FOR_UPDATE);
      const merged = mergeGoals(before, change);
      if ('errors' in merged) throw new UnprocessableError('Invalid service goals', merged.errors);
      const goals = merged.goals;
      const now = this.clock.now();
      await run(m, sql.SAVE_GOALS, [
        goals.replyWithinMinutes,
        goals.satisfactionAtLeast,
        goals.workdayStart,
        goals.workdayEnd,
        now,
        actorStaffId,
      ]);
      await this.audit.record(m, {
        actorStaffId,
        action: 'update',
        entityType: 'service_goals',
        entityId: null,
        before: goalsOnly(before),
        after: goals,
      });
      return { ...goals, updatedAt: now, updatedBy: actorStaffId };
    });
  }
}

async function read(db: Db, statement: string): Promise<GoalsView> {
  const row = await firstRow<GoalsRow>(db, statement);
  if (!row) return { ...DEFAULT_GOALS, updatedAt: null, updatedBy: null };
  return {
    replyWithinMinutes: row.reply_within_minutes,
    satisfactionAtLeast: row.satisfaction_at_least,
    workdayStart: row.workday_start,
    workdayEnd: row.workday_end,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function goalsOnly(view: GoalsView): ServiceGoals {
  const { replyWithinMinutes, satisfactionAtLeast, workdayStart, workdayEnd } = view;
  return { replyWithinMinutes, satisfactionAtLeast, workdayStart, workdayEnd };
}
