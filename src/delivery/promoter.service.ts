import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DispatchChannel, DispatchJob, jobKey, queueName } from './dispatch.service';
import * as sql from './dispatch.sql';
import { JobQueue } from './job-queue';

/** Any constant works; every instance must use the same one. */
export const DISPATCH_LOCK = 7_311_003;
const CHUNK = 5_000;
/** Bounds one tick, so a huge backlog does not keep one transaction after another busy forever. */
const MAX_CHUNKS_PER_TICK = 40;

/**
 * Moves due touches onto the queue: planned → queued and one job per touch, in the same
 * transaction, so a touch is never due without a job nor a job left without its touch. Only one
 * instance promotes at a time (a transaction-scoped advisory lock).
 */
@Injectable()
export class PromoterService {
  private readonly logger = new Logger('Dispatch');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
  ) {}

  /** Queues everything due now; returns how many touches were queued (0 when another instance holds the lock). */
  async promoteDue(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_CHUNKS_PER_TICK; i += 1) {
      const moved = await this.promoteChunk();
      total += moved;
      if (moved < CHUNK) break;
    }
    if (total > 0) this.logger.log(`queued ${total} due touches`);
    return total;
  }

  private promoteChunk(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ locked }]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [DISPATCH_LOCK]);
      if (!locked) return 0;
      const now = this.clock.now();
      const rows: { id: string; channel: DispatchChannel; attempts: number }[] = await tx.query(sql.PROMOTE_DUE, [now, CHUNK]);
      for (const channel of ['email', 'sms'] as const) {
        const items = rows
          .filter((row) => row.channel === channel)
          .map((row) => ({ data: { touchId: row.id, attempt: row.attempts } satisfies DispatchJob, key: jobKey(row.id, row.attempts) }));
        await this.queue.enqueue(queueName(channel), items, tx);
      }
      return rows.length;
    });
  }
}
