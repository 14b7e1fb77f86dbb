import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { firstRow } from '../database/sql';
import { redrive } from './ledger';
import { STATE_AND_CHANNEL_OF_TOUCH } from './touches.sql';

export interface RedriveFilter {
  ruleId?: string;
  from?: string;
  to?: string;
}

/**
 * Re-drive: failed email and SMS touches go back to planned with their attempts reset; the next
 * dispatch tick queues them again, and the last check before sending applies as always.
 */
@Injectable()
export class RedriveService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async redriveTouch(id: string, staffId: string | null): Promise<{ id: string; state: 'planned' }> {
    if (!/^\d{1,18}$/.test(id)) throw new InvalidInputError('Invalid touch id', [{ field: 'id', reason: 'must be a touch id (digits)' }]);
    const redriven = await redrive(this.db, 't.id = $3', this.clock.now(), staffId, [id]);
    if (redriven.length === 1) return { id, state: 'planned' };
    const found = await firstRow<{ state: string; channel: string }>(this.db, STATE_AND_CHANNEL_OF_TOUCH, [id]);
    if (!found) throw new NotFoundError('Touch', id);
    throw new ConflictError(
      found.channel === 'email' || found.channel === 'sms'
        ? `Touch ${id} is ${found.state}; only failed touches can be re-driven`
        : `Touch ${id} is a ${found.channel} task; only email and SMS touches are re-driven`,
    );
  }

  async redriveMany(filter: RedriveFilter, staffId: string | null): Promise<{ redriven: number }> {
    if (!filter.ruleId && !filter.from && !filter.to) {
      throw new InvalidInputError('Say which failed touches to re-drive', [{ field: 'ruleId', reason: 'give ruleId, from or to' }]);
    }
    if (filter.from && filter.to && new Date(filter.from) >= new Date(filter.to)) {
      throw new InvalidInputError('Empty time range', [{ field: 'to', reason: 'must be after from' }]);
    }
    // $1 and $2 are the ledger's (now, staff member); the filter's values follow.
    const values: unknown[] = [];
    const where: string[] = [];
    if (filter.ruleId) where.push(`t.rule_id = $${values.push(filter.ruleId) + 2}`);
    if (filter.from) where.push(`t.scheduled_at >= $${values.push(new Date(filter.from)) + 2}`);
    if (filter.to) where.push(`t.scheduled_at < $${values.push(new Date(filter.to)) + 2}`);
    const redriven = await redrive(this.db, where.join(' AND '), this.clock.now(), staffId, values);
    return { redriven: redriven.length };
  }
}
