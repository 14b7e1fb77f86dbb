import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { Channel, Role } from '../common/domain';
import { isBigintId, isPgUtcTimestamp } from '../common/ids';
import { firstRow, rowCount, rows } from '../database/sql';
import { cancel, cancelPendingOfRule } from './ledger';
import * as sql from './touches.sql';
import { TouchState } from './touch-states';

/** Who is asking: an admin sees every touch, a manager those of their own customers. */
export interface Viewer {
  staffId: string;
  role: Role;
}

export interface TouchSearch {
  customer?: string;
  ruleId?: string;
  state?: TouchState;
  channel?: Channel;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface TouchView {
  id: string;
  customer: { id: string; externalId: string; firstName: string; lastName: string };
  rule: { id: string; name: string };
  ruleVersion: number;
  occurrence: string;
  channel: Channel;
  templateKey: string;
  orderId: string | null;
  priority: number;
  scheduledAt: Date;
  localDate: string;
  dueDate: string | null;
  state: TouchState;
  reason: string | null;
  attempts: number;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TouchDetail = TouchView & { rendered: Record<string, unknown> | null };

export interface TouchPage {
  items: TouchView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

const DEFAULT_LIMIT = 50;

@Injectable()
export class TouchesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** One page of the ledger, keyset-paginated on (scheduled_at, id). */
  async search(query: TouchSearch, viewer: Viewer): Promise<TouchPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (viewer.role !== 'admin') where.push(`c.account_manager_id = ${bind(viewer.staffId)}::uuid`);
    if (query.customer !== undefined) where.push(`c.external_id = ${bind(query.customer)}`);
    if (query.ruleId !== undefined) where.push(`t.rule_id = ${bind(query.ruleId)}::uuid`);
    if (query.state !== undefined) where.push(`t.state = ${bind(query.state)}`);
    if (query.channel !== undefined) where.push(`t.channel = ${bind(query.channel)}`);
    if (query.from !== undefined) where.push(`t.scheduled_at >= ${bind(query.from)}::timestamptz`);
    if (query.to !== undefined) where.push(`t.scheduled_at < ${bind(query.to)}::timestamptz`);
    const descending = query.order === 'desc';
    if (query.cursor !== undefined) {
      const [at, id] = decodeCursor(query.cursor);
      where.push(`(t.scheduled_at, t.id) ${descending ? '<' : '>'} (${bind(at)}::timestamptz, ${bind(id)}::bigint)`);
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    const direction = descending ? 'DESC' : 'ASC';
    const found = await rows<sql.TouchRow>(this.db, sql.searchTouches(where, direction, bind(limit + 1)), params);
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: found.length > limit && last ? encodeCursor(last.scheduled_text, last.id) : null };
  }

  /** One touch with what was rendered for it; a manager's view of another's customer is a 404. */
  async get(id: string, viewer: Viewer): Promise<TouchDetail> {
    const row = await this.find(id);
    if (!row || (viewer.role !== 'admin' && !(await this.isManagerOf(viewer.staffId, row.customer_id)))) {
      throw new NotFoundError('Touch', id);
    }
    return { ...toView(row), rendered: row.rendered };
  }

  /** Cancels one pending touch; a touch already sent, sending or finished answers 409 naming its state. */
  async cancel(id: string): Promise<TouchDetail> {
    if (!(await cancel(this.db, id, 'cancelled_by_admin', this.clock.now()))) {
      const row = await firstRow<{ state: string }>(this.db, sql.STATE_OF_TOUCH, [id]);
      if (!row) throw new NotFoundError('Touch', id);
      throw new ConflictError(`Touch ${id} is ${row.state}; only planned or queued touches can be cancelled`, [
        { field: 'state', reason: `is ${row.state}` },
      ]);
    }
    const row = (await this.find(id))!;
    return { ...toView(row), rendered: row.rendered };
  }

  /** Cancels every pending touch of a rule (the rule stays as it is) and returns how many. */
  async cancelPendingOfRule(ruleId: string): Promise<{ cancelled: number }> {
    return this.db.transaction(async (manager) => {
      if ((await rowCount(manager, sql.RULE_EXISTS, [ruleId])) === 0) throw new NotFoundError('Rule', ruleId);
      return { cancelled: await cancelPendingOfRule(manager, ruleId, 'cancelled_by_admin', this.clock.now()) };
    });
  }

  private async find(id: string): Promise<sql.TouchRow | undefined> {
    return firstRow<sql.TouchRow>(this.db, sql.TOUCH_BY_ID, [id]);
  }

  private async isManagerOf(staffId: string, customerId: string): Promise<boolean> {
    return (await rowCount(this.db, sql.MANAGES_CUSTOMER, [customerId, staffId])) > 0;
  }
}

function toView(row: sql.TouchRow): TouchView {
  return {
    id: row.id,
    customer: { id: row.customer_id, externalId: row.external_id, firstName: row.first_name, lastName: row.last_name },
    rule: { id: row.rule_id, name: row.rule_name },
    ruleVersion: row.rule_version,
    occurrence: row.occurrence,
    channel: row.channel,
    templateKey: row.template_key,
    orderId: row.order_id,
    priority: row.priority,
    scheduledAt: row.scheduled_at,
    localDate: row.local_date,
    dueDate: row.due_date,
    state: row.state,
    reason: row.reason,
    attempts: row.attempts,
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** timestamptz as PostgreSQL prints it, e.g. `2026-06-20 09:00:00.123456+00`. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function encodeCursor(scheduledAt: string, id: string): string {
  return Buffer.from(JSON.stringify([scheduledAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      PG_TIMESTAMPTZ.test(value[0]) &&
      // The same date and time at UTC: a real instant (no month 13), whatever the offset printed.
      isPgUtcTimestamp(value[0].replace(/[+-]\d{2}(:\d{2})?$/, '+00')) &&
      typeof value[1] === 'string' &&
      isBigintId(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidInputError('Invalid cursor', [{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
}
