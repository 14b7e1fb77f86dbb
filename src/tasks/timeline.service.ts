import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { Principal } from '../common/domain';
import { firstRow, rows as rowsOf } from '../database/sql';
import { decodeTimelineCursor, encodeTimelineCursor, TimelineEntryType } from './timeline-cursor';
import * as sql from './timeline.sql';

export interface TimelineEntry {
  type: TimelineEntryType;
  id: string;
  at: Date;
  /** order: its status; touch: its channel; event: the event kind (sent, reply, task_completed, note…). */
  kind: string;
  /** The staff member behind an event (task actions, notes). */
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface TimelinePage {
  customer: { externalId: string; name: string };
  entries: TimelineEntry[];
  nextCursor: string | null;
}

interface EntryRow {
  type: TimelineEntryType;
  id: string;
  at: Date;
  at_key: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown>;
}

export const TIMELINE_DEFAULT_LIMIT = 50;
export const TIMELINE_MAX_LIMIT = 200;

/**
 * A customer's history in one list, newest first: orders, every touch with its state, what was
 * sent and its task (outcome, note), and every touch event (delivery, replies, task actions,
 * notes). One UNION query; each branch reads its own (customer_id, time) index up to the page
 * size, and the keyset (at, type, id) pages without offsets.
 */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forCustomer(principal: Principal, externalId: string, options: { limit?: string; cursor?: string } = {}): Promise<TimelinePage> {
    const limit = options.limit === undefined ? TIMELINE_DEFAULT_LIMIT : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > TIMELINE_MAX_LIMIT) {
      throw new InvalidInputError('Invalid limit', [{ field: 'limit', reason: `must be a whole number from 1 to ${TIMELINE_MAX_LIMIT}` }]);
    }
    const after = options.cursor ? decodeTimelineCursor(options.cursor) : null;
    const customer = await firstRow<{ id: string; first_name: string; last_name: string; mine: boolean }>(this.db, sql.TIMELINE_CUSTOMER, [
      externalId,
      principal.staffId,
    ]);
    // Another manager's customer answers as an unknown one, so external ids cannot be probed.
    // A backup who holds one of the customer's tasks needs the history to make the call.
    if (!customer || (principal.role !== 'admin' && !customer.mine)) throw new NotFoundError('Customer', externalId);

    const rows = await rowsOf<EntryRow>(this.db, sql.TIMELINE_ENTRIES, [
      customer.id,
      after?.at ?? 'infinity',
      after?.type ?? '',
      after?.id ?? '0',
      limit + 1,
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      customer: { externalId, name: [customer.first_name, customer.last_name].filter(Boolean).join(' ') },
      entries: page.map((row) => ({ type: row.type, id: row.id, at: row.at, kind: row.kind, actor: row.actor, detail: row.detail })),
      nextCursor: rows.length > limit && last ? encodeTimelineCursor({ at: last.at_key, type: last.type, id: last.id }) : null,
    };
  }
}
