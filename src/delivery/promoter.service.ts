import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { AdvisoryLock, tryLock } from '../database/advisory-locks';
import { markQueued } from '../touches/ledger';
import { DispatchJob, jobKey, queueName } from './dispatch.service';
import { JobQueue } from './job-queue';

const CHUNK = 5_000;
/** Bounds one tick, so a huge backlog does not keep one transaction after another busy forever. */
const MAX_CHUNKS_PER_TICK = 40;

/**
 * Moves due touches onto the queue: planned → queued and one job per touch, in the same
 * transaction, so a touch is never due without a job nor a job left without its touch. Only one
 * instance promotes at a time (the dispatch promoter's advisory lock).
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
    const locked = await tryLock(this.db, AdvisoryLock.DispatchPromoter, (q) => this.promoteHolding(q));
    return locked.acquired ? locked.value : 0;
  }

  /** Queues everything due now, on a connection that holds the dispatch promoter's lock. */
  async promoteHolding(q: QueryRunner): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_CHUNKS_PER_TICK; i += 1) {
      const moved = await this.promoteChunk(q);
      total += moved;
      if (moved < CHUNK) break;
    }
    if (total > 0) this.logger.log(`queued ${total} due touches`);
    return total;
  }

  private promoteChunk(q: QueryRunner): Promise<number> {
    return q.manager.transaction(async (tx) => {
      const rows = await markQueued(tx, this.clock.now(), CHUNK);
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
