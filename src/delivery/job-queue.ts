import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PgBoss } from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../database/sql';

/** A job as a handler sees it. `retryCount` > 0: an earlier run of this job died or timed out. */
export interface QueueJob<T> {
  id: string;
  data: T;
  retryCount: number;
}

export interface EnqueueItem<T> {
  data: T;
  /** At most one waiting job per key: enqueueing the same key twice leaves one job. */
  key: string;
  /** Seconds from now (database time) before the job may run. */
  startAfterSeconds?: number;
}

export interface QueueSettings {
  /** A job running longer than this is taken to belong to a dead worker and runs again. */
  expireInSeconds: number;
  /** How many times a job whose worker died (or whose handler threw) runs again. */
  retryLimit: number;
  /** Where a job goes once its retries are spent, so that someone deals with it. */
  deadLetter?: string;
  /**
   * A running job whose worker stops renewing it for this long (at least 10 s) is taken to belong
   * to a dead worker and runs again, long before `expireInSeconds`. Workers renew it on their own.
   */
  heartbeatSeconds?: number;
}

export interface WorkSettings {
  batchSize: number;
  /** Batches this process works on at once. */
  concurrency: number;
  pollingIntervalSeconds: number;
}

/**
 * The durable queue shared by every instance, behind an injectable so the app, tests and benchmarks
 * use the same one. Jobs can be enqueued inside a caller's TypeORM transaction, so a state change
 * and its job commit or roll back together.
 */
export abstract class JobQueue {
  abstract ensureQueue(name: string, settings: QueueSettings): Promise<void>;
  /** Returns how many jobs were added (keys already waiting are not added again). */
  abstract enqueue<T extends object>(queue: string, items: EnqueueItem<T>[], tx?: EntityManager): Promise<number>;
  abstract work<T>(queue: string, settings: WorkSettings, handler: (jobs: QueueJob<T>[]) => Promise<void>): Promise<void>;
  /** Stops fetching, waits for running handlers (up to `timeoutMs`), closes connections. */
  abstract stop(timeoutMs?: number): Promise<void>;
}

/**
 * pg-boss on the application's database, in its own `pgboss` schema that pg-boss creates and
 * migrates itself. Started on first use, so processes that never queue anything (the api role,
 * other features' tests) open no connections for it.
 */
@Injectable()
export class PgBossJobQueue extends JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private boss: Promise<PgBoss> | null = null;
  private readonly queues = new Set<string>();

  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const url = (this.db.options as { url?: string }).url;
      if (!url) throw new Error('JobQueue needs the database URL');
      const boss = new PgBoss({
        connectionString: url,
        max: 4,
        application_name: 'touchpoint-queue',
        // pg-boss looks for jobs past their timeout or heartbeat in a queue's monitor pass, at most
        // once per monitor interval: with a 10 s heartbeat, a dead worker's fetched jobs run again
        // 10–15 s after it stopped. The same pass also counts the queue's jobs by state, so it
        // runs six times as often as at 30 s.
        superviseIntervalSeconds: 2,
        monitorIntervalSeconds: 5,
        registerInstance: false,
        options: '-c timezone=UTC',
      });
      boss.on('error', (error: Error) => this.logger.error(`pg-boss: ${error.message}`));
      await boss.start();
      return boss;
    })();
    return this.boss;
  }

  async ensureQueue(name: string, settings: QueueSettings): Promise<void> {
    if (this.queues.has(name)) return;
    const boss = await this.started();
    const options = {
      // At most one waiting job per key; running, finished and retried jobs do not count.
      policy: 'short' as const,
      expireInSeconds: settings.expireInSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 60,
      deleteAfterSeconds: 24 * 3600,
      ...(settings.deadLetter ? { deadLetter: settings.deadLetter } : {}),
      ...(settings.heartbeatSeconds ? { heartbeatSeconds: settings.heartbeatSeconds } : {}),
    };
    const existing = await boss.getQueue(name);
    if (!existing) {
      // Two processes starting together may both try; the loser's error is the winner's queue.
      await boss.createQueue(name, options).catch(async (error: Error) => {
        if (!(await boss.getQueue(name))) throw error;
      });
    } else if (
      existing.expireInSeconds !== settings.expireInSeconds ||
      existing.retryLimit !== settings.retryLimit ||
      (existing.deadLetter ?? undefined) !== settings.deadLetter ||
      (existing.heartbeatSeconds ?? undefined) !== settings.heartbeatSeconds
    ) {
      // null clears a dead-letter queue or a heartbeat (pg-boss documents it; its types only say
      // string and number).
      await boss.updateQueue(name, {
        expireInSeconds: settings.expireInSeconds,
        retryLimit: settings.retryLimit,
        deadLetter: settings.deadLetter ?? null,
        heartbeatSeconds: settings.heartbeatSeconds ?? null,
      } as Parameters<PgBoss['updateQueue']>[1]);
    }
    this.queues.add(name);
  }

  async enqueue<T extends object>(queue: string, items: EnqueueItem<T>[], tx?: EntityManager): Promise<number> {
    if (items.length === 0) return 0;
    const boss = await this.started();
    const runner = tx?.queryRunner;
    if (tx && !runner) throw new Error('JobQueue.enqueue needs a transaction manager');
    const db = runner
      ? { executeSql: async (text: string, values?: unknown[]) => ({ rows: await rows(runner, text, values) }) }
      : undefined;
    const ids = await boss.insert(
      queue,
      items.map((item) => ({
        data: item.data,
        singletonKey: item.key,
        ...(item.startAfterSeconds ? { startAfter: item.startAfterSeconds } : {}),
      })),
      { db, returnId: true },
    );
    return ids?.length ?? 0;
  }

  async work<T>(queue: string, settings: WorkSettings, handler: (jobs: QueueJob<T>[]) => Promise<void>): Promise<void> {
    const boss = await this.started();
    await boss.work<T>(
      queue,
      {
        batchSize: settings.batchSize,
        localConcurrency: settings.concurrency,
        pollingIntervalSeconds: settings.pollingIntervalSeconds,
        burstWhenBatchFull: settings.batchSize > 1,
      },
      async (jobs) => handler(jobs.map((job) => ({ id: job.id, data: job.data, retryCount: job.retryCount }))),
    );
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.boss) return;
    const boss = await this.boss.catch(() => null);
    this.boss = null;
    this.queues.clear();
    if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
