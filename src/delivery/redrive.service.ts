import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';

export interface RedriveFilter {
  ruleId?: string;
  from?: string;
  to?: string;
}

const REDRIVE = `
  WITH u AS (
    UPDATE touches t SET state = 'planned', attempts = 0, reason = NULL, updated_at = $1
     WHERE t.state = 'failed' AND t.channel IN ('email', 'sms') AND %WHERE%
    RETURNING t.id, t.customer_id
  ), e AS (
    INSERT INTO touch_events (customer_id, touch_id, kind, at, actor_staff_id, detail)
    SELECT customer_id, id, 'redriven', $1, $2, '{}'::jsonb FROM u
  )
  SELECT id::text AS id FROM u`;

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
    const rows: { id: string }[] = await this.db.query(REDRIVE.replace('%WHERE%', 't.id = $3'), [this.clock.now(), staffId, id]);
    if (rows.length === 1) return { id, state: 'planned' };
    const found: { state: string; channel: string }[] = await this.db.query('SELECT state, channel FROM touches WHERE id = $1', [id]);
    if (found.length === 0) throw new NotFoundError('Touch', id);
    throw new ConflictError(
      found[0].channel === 'email' || found[0].channel === 'sms'
        ? `Touch ${id} is ${found[0].state}; only failed touches can be re-driven`
        : `Touch ${id} is a ${found[0].channel} task; only email and SMS touches are re-driven`,
    );
  }

  async redriveMany(filter: RedriveFilter, staffId: string | null): Promise<{ redriven: number }> {
    if (!filter.ruleId && !filter.from && !filter.to) {
      throw new InvalidInputError('Say which failed touches to re-drive', [{ field: 'ruleId', reason: 'give ruleId, from or to' }]);
    }
    if (filter.from && filter.to && new Date(filter.from) >= new Date(filter.to)) {
      throw new InvalidInputError('Empty time range', [{ field: 'to', reason: 'must be after from' }]);
    }
    const values: unknown[] = [this.clock.now(), staffId];
    const where: string[] = [];
    if (filter.ruleId) where.push(`t.rule_id = $${values.push(filter.ruleId)}`);
    if (filter.from) where.push(`t.scheduled_at >= $${values.push(new Date(filter.from))}`);
    if (filter.to) where.push(`t.scheduled_at < $${values.push(new Date(filter.to))}`);
    const rows: { id: string }[] = await this.db.query(REDRIVE.replace('%WHERE%', where.join(' AND ')), values);
    return { redriven: rows.length };
  }
}
