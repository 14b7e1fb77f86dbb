import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { DeliverySettings } from '../config/settings';
import { AdvisoryLock, tryLock } from '../database/advisory-locks';
import * as ledger from '../touches/ledger';
import { DispatchJob, jobKey, queueName } from './dispatch.service';
import { JobQueue } from './job-queue';

/** Bounds one pass; a larger backlog is taken by the next passes. */
const LIMIT = 5_000;

/**
 * The recovery sweep: what a dead worker (or one cut off from the database) left in `sending`
 * once its lease ran out. A touch whose message never left is queued again with a new job, in
 * the same transaction; one whose message may have left becomes `unknown` and is never sent
 * again by itself: the provider's events settle it, or after the grace period it fails as
 * `outcome_unknown` for an admin to re-drive.
 */
@Injectable()
export class RecoveryService {
  private readonly logger = new Logger('Dispatch');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
    private readonly queue: JobQueue,
  ) {}

  /** Runs one pass now unless another instance is running one (then answers null). */
  async recover(): Promise<ledger.Recovered | null> {
    const locked = await tryLock(this.db, AdvisoryLock.DispatchRecovery, (q) => this.recoverHolding(q));
    return locked.acquired ? locked.value : null;
  }

  /** One pass, on a connection that holds the recovery lock. */
  recoverHolding(q: QueryRunner): Promise<ledger.Recovered> {
    return q.manager.transaction(async (tx) => {
      const now = this.clock.now();
      const found = await ledger.recoverExpiredClaims(tx, now, new Date(now.getTime() - this.settings.unknownGraceSeconds * 1000), LIMIT);
      for (const channel of ['email', 'sms'] as const) {
        const items = found.requeued
          .filter((row) => row.channel === channel)
          .map((row) => ({ data: { touchId: row.id, attempt: row.attempts } satisfies DispatchJob, key: jobKey(row.id, row.attempts) }));
        await this.queue.enqueue(queueName(channel), items, tx);
      }
      if (found.unknown > 0)
        this.logger.warn(`${found.unknown} touch(es) whose worker died after handing them to the provider are now unknown`);
      if (found.failedUnknown > 0)
        this.logger.warn(
          `${found.failedUnknown} unknown outcome(s) not settled by the provider failed as outcome_unknown; check and re-drive`,
        );
      return found;
    });
  }
}

/** What the log says after a pass; null when it found nothing. */
export function recoveryReport(found: ledger.Recovered): string | null {
  return found.requeued.length > 0 ? `queued again ${found.requeued.length} touch(es) of a worker that stopped before sending them` : null;
}
