import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { validateEnv } from '../../src/config/env';
import { JobsSettings } from '../../src/config/settings';
import { AdvisoryLock, withLock } from '../../src/database/advisory-locks';
import { dataSourceOptions } from '../../src/database/options';
import { PeriodicJobs, PeriodicJobSpec } from '../../src/database/periodic-job';
import { firstRow } from '../../src/database/sql';
import { testDatabaseUrl } from '../app';

/** A lock of these tests' own: the registry's real ones belong to jobs other test files run. */
const TEST_LOCK = 7_311_998 as AdvisoryLock;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('periodic jobs', () => {
  let db: DataSource;
  let registry: SchedulerRegistry;
  const jobs = (role: 'api' | 'worker' | 'all') => new PeriodicJobs(db, registry, JobsSettings.fromEnv(validateEnv({ APP_ROLE: role })));
  const spec = (overrides: Partial<PeriodicJobSpec<number>>): PeriodicJobSpec<number> => ({
    name: `test-job-${Math.random().toString(36).slice(2, 8)}`,
    intervalSeconds: 0,
    lock: TEST_LOCK,
    run: async () => 1,
    ...overrides,
  });

  beforeAll(async () => {
    // The skips and failures below are logged on purpose; the outcomes are what is checked.
    Logger.overrideLogger(false);
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 4), logging: false });
    await db.initialize();
  });
  beforeEach(() => {
    registry = new SchedulerRegistry();
  });
  afterAll(async () => {
    Logger.overrideLogger(['error']);
    await db.destroy();
  });

  it('runs the work holding its advisory lock, on the connection that holds it', async () => {
    const job = jobs('worker').define(
      spec({
        run: async (q) => {
          const held = `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND pid = pg_backend_pid()`;
          return (await firstRow<{ n: number }>(q, held, [TEST_LOCK]))!.n;
        },
      }),
    );
    expect(await job.tick()).toEqual({ status: 'ran', result: 1 });
  });

  it('skips a tick that overlaps a running one in this process', async () => {
    let runs = 0;
    let release!: () => void;
    const job = jobs('worker').define(
      spec({
        run: () =>
          new Promise<number>((resolve) => {
            runs += 1;
            release = () => resolve(runs);
          }),
      }),
    );
    const first = job.tick();
    await sleep(100);
    expect(await job.tick()).toEqual({ status: 'overlap' });
    release();
    expect(await first).toEqual({ status: 'ran', result: 1 });
    expect(runs).toBe(1);
  });

  it('skips a tick while another instance holds the lock', async () => {
    let ran = false;
    const job = jobs('worker').define(
      spec({
        run: async () => {
          ran = true;
          return 1;
        },
      }),
    );
    const outcome = await withLock(db, TEST_LOCK, () => job.tick());
    expect(outcome).toEqual({ status: 'locked' });
    expect(ran).toBe(false);
  });

  it('answers a failure instead of throwing, and runs again at the next tick', async () => {
    let runs = 0;
    const job = jobs('worker').define(
      spec({
        run: async () => {
          runs += 1;
          if (runs === 1) throw new Error('boom');
          return runs;
        },
      }),
    );
    const failed = await job.tick();
    expect(failed.status).toBe('failed');
    expect(failed.status === 'failed' && failed.error.message).toBe('boom');
    expect(await job.tick()).toEqual({ status: 'ran', result: 2 });
  });

  it('ticks on its own on worker instances, and stop() ends it after the running tick', async () => {
    let runs = 0;
    const job = jobs('all').define(spec({ intervalSeconds: 0.05, run: async () => (runs += 1) }));
    job.start();
    await sleep(400);
    await job.stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(2);
    await sleep(200);
    expect(runs).toBe(seen);
  });

  it('runs once at start when asked', async () => {
    let runs = 0;
    const job = jobs('worker').define(spec({ intervalSeconds: 3600, runAtStart: true, run: async () => (runs += 1) }));
    job.start();
    await sleep(200);
    await job.stop();
    expect(runs).toBe(1);
  });

  it('does not tick on an API-only instance, nor with an interval of 0; it still runs when asked', async () => {
    let runs = 0;
    const api = jobs('api').define(spec({ name: 'api-job', intervalSeconds: 0.05, runAtStart: true, run: async () => (runs += 1) }));
    const off = jobs('worker').define(spec({ name: 'off-job', intervalSeconds: 0, runAtStart: true, run: async () => (runs += 1) }));
    api.start();
    off.start();
    await sleep(200);
    expect(runs).toBe(0);
    expect(registry.getIntervals()).toEqual([]);
    expect((await api.tick()).status).toBe('ran');
    expect(runs).toBe(1);
  });
});
