import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { JobsSettings } from '../config/settings';
import { AdvisoryLock, tryLock } from './advisory-locks';

/** A job that runs every so often on worker instances, one instance at a time. */
export interface PeriodicJobSpec<T> {
  /** Names the interval and the job in the log. */
  name: string;
  /** Seconds between runs; 0 runs it only when asked (`tick`). */
  intervalSeconds: number;
  /** Held for each run: a run that finds another instance holding it does nothing. */
  lock: AdvisoryLock;
  /** Also run once as soon as the application has started. */
  runAtStart?: boolean;
  /** The work, given the connection that holds the lock. */
  run: (q: QueryRunner) => Promise<T>;
  /** What the log says after a run; null says nothing (a run that found nothing to do). */
  report?: (result: T) => string | null;
}

/** How one tick went. A tick never throws: a failure is logged and answered here. */
export type TickOutcome<T> =
  | { status: 'ran'; result: T }
  /** The previous tick of this process was still running. */
  | { status: 'overlap' }
  /** Another instance held the job's lock. */
  | { status: 'locked' }
  | { status: 'failed'; error: Error };

/**
 * One periodic job: its interval, no overlap within the process, its advisory lock across
 * instances, and one log line per failure so that the interval keeps going.
 */
export class PeriodicJob<T> {
  private readonly logger: Logger;
  private running: Promise<TickOutcome<T>> | null = null;
  private started = false;

  constructor(
    private readonly spec: PeriodicJobSpec<T>,
    private readonly db: DataSource,
    private readonly registry: SchedulerRegistry,
    /** False on instances that only serve the API: the job then runs only when asked. */
    private readonly ticksHere: boolean,
  ) {
    this.logger = new Logger(spec.name);
  }

  /** Starts the interval (worker instances, positive interval only). */
  start(): void {
    if (this.started || !this.ticksHere || this.spec.intervalSeconds <= 0) return;
    this.started = true;
    this.registry.addInterval(
      this.spec.name,
      setInterval(() => void this.tick(), this.spec.intervalSeconds * 1000),
    );
    if (this.spec.runAtStart) void this.tick();
  }

  /** Stops the interval and waits for a running tick to end. */
  async stop(): Promise<void> {
    if (this.started && this.registry.doesExist('interval', this.spec.name)) this.registry.deleteInterval(this.spec.name);
    this.started = false;
    await this.running;
  }

  /** Runs the job now unless a run of this process is still going or another instance holds the lock. */
  tick(): Promise<TickOutcome<T>> {
    if (this.running) {
      this.logger.warn(`${this.spec.name} skipped: the previous run is still going`);
      return Promise.resolve({ status: 'overlap' });
    }
    const running = this.runOnce().finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }

  private async runOnce(): Promise<TickOutcome<T>> {
    try {
      const locked = await tryLock(this.db, this.spec.lock, this.spec.run);
      if (!locked.acquired) {
        this.logger.log(`${this.spec.name} skipped: another instance is running it`);
        return { status: 'locked' };
      }
      const line = this.spec.report?.(locked.value);
      if (line) this.logger.log(line);
      return { status: 'ran', result: locked.value };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.logger.error(`${this.spec.name} failed: ${error.message}`);
      return { status: 'failed', error };
    }
  }
}

/** Makes periodic jobs; the one place that decides which instances tick. */
@Injectable()
export class PeriodicJobs {
  private readonly ticksHere: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: SchedulerRegistry,
    settings: JobsSettings,
  ) {
    this.ticksHere = settings.ticksHere;
  }

  /** A job, not yet started: its owner starts it when the application has started and stops it on shutdown. */
  define<T>(spec: PeriodicJobSpec<T>): PeriodicJob<T> {
    return new PeriodicJob(spec, this.db, this.registry, this.ticksHere);
  }
}
