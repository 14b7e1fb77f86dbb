import { DataSource } from 'typeorm';
import { AdvisoryLock, lockForTransaction, tryLock, withLock } from '../../src/database/advisory-locks';
import { dataSourceOptions } from '../../src/database/options';
import { firstRow } from '../../src/database/sql';
import { testDatabaseUrl } from '../app';

/** A lock of these tests' own: the registry's real ones belong to jobs other test files run. */
const TEST_LOCK = 7_311_999 as AdvisoryLock;

async function heldElsewhere(db: DataSource, lock: number): Promise<boolean> {
  // A session of its own tries the lock: false when someone else holds it.
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const row = await firstRow<{ locked: boolean }>(runner, 'SELECT pg_try_advisory_lock($1) AS locked', [lock]);
    if (row?.locked) await runner.query('SELECT pg_advisory_unlock($1)', [lock]);
    return !row?.locked;
  } finally {
    await runner.release();
  }
}

describe('advisory locks', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 6), logging: false });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('gives every lock of the registry its own number', () => {
    const values = Object.values(AdvisoryLock).filter((v) => typeof v === 'number');
    expect(values.length).toBeGreaterThanOrEqual(5);
    expect(new Set(values).size).toBe(values.length);
  });

  it('holds the lock while the work runs, on the connection it hands over, and releases it after', async () => {
    const result = await tryLock(db, TEST_LOCK, async (q) => {
      expect(await heldElsewhere(db, TEST_LOCK)).toBe(true);
      const [{ mine }] = await q.query(
        'SELECT count(*)::int AS mine FROM pg_locks WHERE locktype = $1 AND objid = $2 AND pid = pg_backend_pid()',
        ['advisory', TEST_LOCK],
      );
      expect(mine).toBe(1);
      return 'done';
    });
    expect(result).toEqual({ acquired: true, value: 'done' });
    expect(await heldElsewhere(db, TEST_LOCK)).toBe(false);
  });

  it('tryLock gives up at once while another session holds the lock; withLock waits for it', async () => {
    let release!: () => void;
    const holding = withLock(db, TEST_LOCK, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let ran = false;
    expect(await tryLock(db, TEST_LOCK, async () => (ran = true))).toEqual({ acquired: false });
    expect(ran).toBe(false);

    const order: string[] = [];
    const waiting = withLock(db, TEST_LOCK, async () => order.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first released');
    release();
    await holding;
    await waiting;
    expect(order).toEqual(['first released', 'second']);
  });

  it('releases the lock when the work throws', async () => {
    await expect(withLock(db, TEST_LOCK, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await heldElsewhere(db, TEST_LOCK)).toBe(false);
  });

  it('gives up waiting after the timeout, naming the lock timeout', async () => {
    let release!: () => void;
    const holding = withLock(db, TEST_LOCK, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(withLock(db, TEST_LOCK, async () => 'never', { timeout: '200ms' })).rejects.toThrow(/lock timeout/);
    release();
    await holding;
  });

  it('a transaction-scoped lock keeps a second transaction waiting until the first commits', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = db.transaction(async (tx) => {
      await lockForTransaction(tx, TEST_LOCK);
      order.push('first locked');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first done');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = db.transaction(async (tx) => {
      await lockForTransaction(tx, TEST_LOCK);
      order.push('second locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first done', 'second locked']);
  });
});
