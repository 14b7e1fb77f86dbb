import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/errors';
import { rows, run } from '../database/sql';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { AuditEntityType, AuditEntry, redactSecrets } from './audit-entry';
import * as sql from './audit.sql';

export interface AuditRecordView {
  id: string;
  at: Date;
  actorStaffId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  entityType?: AuditEntityType;
  entityId?: string;
  actor?: string;
  since?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  items: AuditRecordView[];
  nextCursor: string | null;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_staff_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The audit log: one row per admin action. `record` takes the transaction of the change, so the
 * entry is written with it or not at all; secrets are redacted before anything is stored.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await run(manager, sql.INSERT_AUDIT, [
      this.clock.now(),
      entry.actorStaffId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(redactSecrets(entry.before)),
      entry.after === undefined ? null : JSON.stringify(redactSecrets(entry.after)),
    ]);
  }

  /** For actions with no transaction of their own (exports): the entry alone. */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.record(this.db.manager, entry);
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actor) add('actor_staff_id = ?::uuid', query.actor);
    if (query.since) add('at >= ?::timestamptz', checkedSince(query.since));
    if (query.cursor) add('id < ?::bigint', decodeAuditCursor(query.cursor));
    params.push(limit + 1);
    const found = await rows<AuditRow>(this.db, sql.listAudit(where, params.length), params);
    const page = found.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at,
        actorStaffId: r.actor_staff_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
      })),
      nextCursor: found.length > limit ? encodeAuditCursor(page[page.length - 1].id) : null,
    };
  }
}

/** An ISO 8601 instant PostgreSQL can hold (it has no year 0): anything else is a 400, not a 500. */
function checkedSince(since: string): Date {
  const at = new Date(since);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999) {
    throw new InvalidInputError('Invalid since', [{ field: 'since', reason: 'must be an instant between the years 1 and 9999' }]);
  }
  return at;
}
