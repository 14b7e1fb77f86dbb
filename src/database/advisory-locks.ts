import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { firstRow, rows } from './sql';

/**
 * Every PostgreSQL advisory lock the service takes, in one place so that no two features pick
 * the same number. The values are arbitrary but fixed: every instance must use the same ones,
 * and running instances of the previous release take them too during a rolling deploy.
 */
export enum AdvisoryLock {
  /** Instances booting together take turns at running migrations. */
  Migrations = 7_311_001,
  /** One plan run at a time, whatever started it (the tick, an admin, a new order). */
  Planner = 7_311_002,
  /** One instance moves due email and SMS touches onto the queue at a time. */
  DispatchPromoter = 7_311_003,
  /** One instance recovers the touches of dead workers (expired leases, unknown outcomes) at a time. */
  DispatchRecovery = 7_311_004,
  /** One instance turns due call and card touches into tasks at a time. */
  TaskPromoter = 7_311_090,
  /** One instance retries the forwards of email replies to managers at a time. */
  ReplyForwards = 7_311_120,
  /** Handovers and hand-backs are decided by one transaction at a time (a staff change or the sweep). */
  Handover = 7_311_091,
  /** Instances booting together insert the default rules once. */
  DefaultRules = 7_311_401,
}

/** What `tryLock` answers: the work's result, or that another session held the lock. */
export type Locked<T> = { acquired: true; value: T } | { acquired: false };

export interface WaitOptions {
  /** How long to wait for the lock before failing (a PostgreSQL interval, e.g. `30s`); unbounded when absent. */
  timeout?: string;
}

/**
 * Runs `work` on a connection of its own holding the session lock, waiting for it if another
 * session holds it; the lock is released when the work ends, however it ends. The work gets the
 * connection: statements that must run under the lock go through it.
 */
export async function withLock<T>(
  db: DataSource,
  lock: AdvisoryLock,
  work: (q: QueryRunner) => Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  const wait = async (runner: QueryRunner): Promise<boolean> => {
    if (!options.timeout) {
      await runner.query('SELECT pg_advisory_lock($1)', [lock]);
      return true;
    }
    await runner.query(`SELECT set_config('lock_timeout', $1, false)`, [options.timeout]);
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [lock]);
    } finally {
      await runner.query('RESET lock_timeout');
    }
    return true;
  };
  const locked = await holding(db, wait, lock, work);
  // Waiting either takes the lock or throws (a lock timeout).
  if (!locked.acquired) throw new Error(`advisory lock ${lock} was not taken`);
  return locked.value;
}

/** Like `withLock`, but gives up at once when another session holds the lock. */
export async function tryLock<T>(db: DataSource, lock: AdvisoryLock, work: (q: QueryRunner) => Promise<T>): Promise<Locked<T>> {
  return holding(
    db,
    async (runner) => (await firstRow<{ locked: boolean }>(runner, 'SELECT pg_try_advisory_lock($1) AS locked', [lock]))?.locked === true,
    lock,
    work,
  );
}

/** Waits for a lock held until the caller's transaction ends. */
export async function lockForTransaction(tx: EntityManager, lock: AdvisoryLock): Promise<void> {
  await rows(tx, 'SELECT pg_advisory_xact_lock($1)', [lock]);
}

async function holding<T>(
  db: DataSource,
  acquire: (runner: QueryRunner) => Promise<boolean>,
  lock: AdvisoryLock,
  work: (q: QueryRunner) => Promise<T>,
): Promise<Locked<T>> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    if (!(await acquire(runner))) return { acquired: false };
    try {
      return { acquired: true, value: await work(runner) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lock]);
    }
  } finally {
    await runner.release();
  }
}
