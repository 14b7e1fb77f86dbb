import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { DeliverySettings } from '../../config/settings';
import { firstRow, rows as sqlRows, run } from '../../database/sql';
import { eraseContent, eraseEventDetails } from '../../touches/ledger';
import * as sql from './erasure.sql';
import { ERASED, maskJson, maskText, PersonalRecord, personalValues } from './masking';

interface LockedCustomer extends PersonalRecord {
  id: string;
  anonymized: boolean;
}

/** What an erasure changed, for the audit log: counts only. */
export interface ErasureSummary {
  touches: number;
  events: number;
  tasks: number;
  suppressions: number;
  auditEntries: number;
  outboxFiles: number;
}

/**
 * Erasure (right to be forgotten) of one customer, everywhere their data was copied: the customer
 * row; the messages rendered for them; provider events, SMS replies and other timeline events;
 * task notes and talking points; suppressions (kept as a hash of the address); the audit log;
 * the outbox files of their messages. One transaction for the database; the outbox files, which
 * no transaction covers, after it commits. Repeating it is harmless: an erased customer's copies
 * are found by their customer id, and the outbox by touch id.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly delivery: DeliverySettings,
  ) {}

  /** Returns the customer's id; 404 for an unknown external id. */
  async erase(externalId: string, actorStaffId: string | null): Promise<string> {
    const now = this.clock.now();
    const { customerId, touchIds, summary } = await this.db.transaction(async (m) => {
      const customer = await firstRow<LockedCustomer>(m, sql.LOCK_CUSTOMER, [externalId]);
      if (!customer) throw new NotFoundError('Customer', externalId);
      // Once erased, the row holds nothing of the person to look for; ids still find every copy.
      const values = customer.anonymized ? [] : personalValues(customer);
      await run(m, sql.BLANK_CUSTOMER, [customer.id, now]);
      const touchIds = (await sqlRows<{ id: string }>(m, sql.TOUCH_IDS, [customer.id])).map((r) => r.id);
      await eraseContent(m, customer.id, (text) => (values.length === 0 ? text : maskText(text, values)));
      const summary: ErasureSummary = {
        touches: touchIds.length,
        events: await this.eraseEvents(m, customer.id, values),
        tasks: await this.eraseTasks(m, customer.id, values),
        suppressions: (await sqlRows<{ count: number }>(m, sql.HASH_SUPPRESSIONS, [customer.id, customer.email, customer.phone]))[0].count,
        auditEntries: await this.eraseAuditMentions(m, values),
        outboxFiles: 0,
      };
      if (customer.phone) await run(m, sql.FORGET_SMS_NOTICE, [customer.phone]);
      // A feedback comment is free text about the person, like a task note: it goes whole; the score stays for the reports.
      await run(m, sql.ERASE_FEEDBACK_COMMENTS, [customer.id, ERASED]);
      await this.audit.record(m, { actorStaffId, action: 'erase', entityType: 'customer', entityId: externalId, after: summary });
      return { customerId: customer.id, touchIds, summary };
    });
    summary.outboxFiles = await this.eraseOutbox(touchIds);
    if (summary.outboxFiles > 0) this.logger.log(`erasure of customer ${customerId}: ${summary.outboxFiles} outbox file(s) removed`);
    return customerId;
  }

  private eraseEvents(m: EntityManager, customerId: string, values: string[]): Promise<number> {
    return eraseEventDetails(m, customerId, (detail) => maskJson(detail, values));
  }

  private async eraseTasks(m: EntityManager, customerId: string, values: string[]): Promise<number> {
    const tasks = await sqlRows<{
      id: string;
      note: string | null;
      skip_reason: string | null;
      moved_reason: string | null;
      talking_points: unknown;
    }>(m, sql.TASKS, [customerId]);
    for (const task of tasks) {
      await run(m, sql.UPDATE_TASK, [
        task.id,
        // A note is free text about the person: it goes whole.
        task.note === null ? null : ERASED,
        task.skip_reason === null ? null : maskText(task.skip_reason, values),
        task.moved_reason === null ? null : maskText(task.moved_reason, values),
        JSON.stringify(maskJson(task.talking_points, values)),
      ]);
    }
    return tasks.length;
  }

  private async eraseAuditMentions(m: EntityManager, values: string[]): Promise<number> {
    if (values.length === 0) return 0;
    const rows = await sqlRows<{ id: string; before: unknown; after: unknown }>(m, sql.AUDIT_MENTIONS, [values]);
    for (const row of rows) {
      await run(m, sql.UPDATE_AUDIT, [
        row.id,
        row.before === null ? null : JSON.stringify(maskJson(row.before, values)),
        row.after === null ? null : JSON.stringify(maskJson(row.after, values)),
      ]);
    }
    return rows.length;
  }

  /** The outbox keeps each message as a file named after its touch; the customer's go. */
  private async eraseOutbox(touchIds: string[]): Promise<number> {
    if (touchIds.length === 0) return 0;
    const dir = join(this.delivery.dataDir, 'outbox');
    let files: string[];
    try {
      files = await readdir(dir);
    } catch {
      return 0;
    }
    const ids = new Set(touchIds);
    const mine = files.filter((file) => {
      const match = /-touch-(\d+)-/.exec(file);
      return match !== null && ids.has(match[1]);
    });
    await Promise.all(mine.map((file) => rm(join(dir, file), { force: true })));
    return mine.length;
  }
}
