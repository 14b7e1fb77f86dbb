import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp, testDatabaseUrl } from '../app';
import { ProviderStub, startProviderStub } from '../stubs/provider-stub';
import {
  cancelLeftovers,
  createTemplates,
  DISPATCH_NOW,
  DUE_AT,
  enabledRule,
  providerEnv,
  stopWorker,
  trackWorker,
  waitFor,
} from './helpers';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * Real worker processes (`node dist/main.js`, APP_ROLE=worker) on the run's database, sharing the
 * queue: three at once over 10,000 touches. Workers killed mid-dispatch: faults.e2e.ts.
 */
describe('worker processes', () => {
  let stub: ProviderStub;
  let t: TestApp;
  let db: DataSource;
  let templates: { email: string; sms: string };
  let dataDir: string;
  const rules: string[] = [];
  const children = new Set<ChildProcess>();
  const started = Date.now();

  /** Every process on one timeline starting at DISPATCH_NOW, so claims compare across processes. */
  const clockStart = () => new Date(Date.parse(DISPATCH_NOW) + (Date.now() - started)).toISOString();

  function spawnWorker(extra: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        APP_ROLE: 'worker',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: testDatabaseUrl(),
        DATA_DIR: dataDir,
        DEMO_DATA: 'off',
        LOG_LEVEL: 'warn',
        PLANNER_INTERVAL_SECONDS: '0',
        DEFAULT_RULES: 'off',
        CLOCK_START: clockStart(),
        // A generous provider timeout: the stub shares a busy process, and a timed-out request the
        // stub did take would be retried, which is a repeat these tests count.
        ...providerEnv(stub, { DISPATCH_INTERVAL_SECONDS: '1', DELIVERY_TIMEOUT_MS: '15000', ...extra }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return trackWorker(child, children);
  }

  const stop = stopWorker;

  /** Customers and one due email touch each, written set-based. */
  async function dueEmails(count: number, tag: string, ruleId: string): Promise<string[]> {
    const now = new Date(DISPATCH_NOW);
    await db.query(
      `INSERT INTO customers (external_id, first_name, email, time_zone, locale, consent, created_at, updated_at)
       SELECT $1 || g, 'Guest', $1 || g || '@example.com', 'UTC', 'en',
              '{"email": {"status": "granted", "at": "2021-01-01T00:00:00Z", "source": "test"}}', $3, $3
         FROM generate_series(1, $2) g`,
      [`${tag}-`, count, now],
    );
    const rows: { id: string }[] = await db.query(
      `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at, local_date, state, created_at, updated_at)
       SELECT c.id, $2, 1, 'bench', 'email', $3, 50, $4, '2021-03-10', 'planned', $5, $5
         FROM customers c WHERE c.external_id LIKE $1 || '%'
       RETURNING id::text AS id`,
      [`${tag}-`, ruleId, templates.email, DUE_AT, now],
    );
    return rows.map((r) => r.id);
  }

  const sentCount = async (ids: string[]): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM touches WHERE id = ANY($1) AND state = 'sent'`, [ids]))[0].n;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: npm test builds it first (pretest)');
    stub = await startProviderStub({ keepBodies: false });
    t = await createTestApp({ now: DISPATCH_NOW });
    db = t.db;
    templates = await createTemplates(db);
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-workers-'));
  });

  afterAll(async () => {
    await Promise.all([...children].map((child) => stop(child, 'SIGKILL')));
    await cancelLeftovers(db, rules);
    await t.close();
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('three workers on one database send 10,000 touches, none twice', async () => {
    const ruleId = await enabledRule(db);
    rules.push(ruleId);
    const ids = await dueEmails(10_000, `three-${started}`, ruleId);
    const before = stub.requests.length;
    const workers = [1, 2, 3].map(() => spawnWorker({ DELIVERY_CONCURRENCY: '32', DELIVERY_JOB_TIMEOUT_SECONDS: '60' }));
    await waitFor('10,000 touches to be sent', async () => (await sentCount(ids)) === ids.length, 100_000, 500);
    await Promise.all(workers.map((w) => stop(w)));

    const mine = new Set(ids);
    const requests = stub.requests.slice(before).filter((r) => r.touchId !== null && mine.has(r.touchId));
    expect(requests).toHaveLength(10_000);
    expect(new Set(requests.map((r) => r.touchId)).size).toBe(10_000);
    expect(ids.every((id) => stub.acceptedByTouch.get(id) === 1)).toBe(true);
    // All three took a share.
    const [{ n }] = await db.query(`SELECT count(DISTINCT provider_message_id)::int AS n FROM touches WHERE id = ANY($1)`, [ids]);
    expect(n).toBe(10_000);
  }, 150_000);
});
