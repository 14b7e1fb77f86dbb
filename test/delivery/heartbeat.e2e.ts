import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { DispatchService, queueName } from '../../src/delivery/dispatch.service';
import { PromoterService } from '../../src/delivery/promoter.service';
import { createTestApp, TestApp, testDatabaseUrl } from '../app';
import { ProviderStub, startProviderStub } from '../stubs/provider-stub';
import { cancelLeftovers, createTemplates, DISPATCH_NOW, dueTouch, enabledRule, providerEnv, touchRow, waitForStates } from './helpers';

/**
 * A worker that fetched a batch of jobs and died before claiming their touches leaves those
 * touches `queued` under jobs the queue thinks are running. No lease covers them yet, so the
 * recovery sweep cannot see them; the queue's heartbeat hands the jobs out again. Without it they
 * would wait for the job timeout (300 s by default).
 */
describe('jobs of a worker that died before claiming', () => {
  let stub: ProviderStub;
  let api: TestApp;
  let worker: TestApp | null = null;
  let db: DataSource;
  let ruleId: string;

  beforeAll(async () => {
    stub = await startProviderStub({ keepBodies: false });
    // An instance that queues but does not dispatch, so the dead worker below is the first to fetch.
    api = await createTestApp({ now: DISPATCH_NOW, env: providerEnv(stub, { APP_ROLE: 'api' }) });
    db = api.db;
    ruleId = await enabledRule(db);
  });

  afterAll(async () => {
    await cancelLeftovers(db, [ruleId]);
    await worker?.close();
    await api.close();
    await stub.close();
  });

  it('are handed out again within seconds, not after the job timeout, and sent once', async () => {
    const templates = await createTemplates(db);
    const touches = await Promise.all(Array.from({ length: 3 }, () => dueTouch(db, ruleId, 'email', templates)));
    const ids = touches.map((x) => x.touchId);
    await api.app.get(DispatchService).ensureQueues();
    expect(await api.app.get(PromoterService).promoteDue()).toBe(3);

    // The worker that dies: it takes the jobs and is gone before it claims anything.
    const dead = new PgBoss({ connectionString: testDatabaseUrl(), max: 1, supervise: false, schedule: false });
    await dead.start();
    const fetched = await dead.fetch(queueName('email'), { batchSize: 10 });
    expect(fetched?.length).toBe(3);
    await dead.stop({ graceful: false, close: true });
    const diedAt = Date.now();
    for (const id of ids) expect((await touchRow(db, id)).state).toBe('queued');

    // The default job timeout stays in force: only the heartbeat can bring the jobs back this soon.
    worker = await createTestApp({ now: DISPATCH_NOW, env: providerEnv(stub, { DELIVERY_JOB_TIMEOUT_SECONDS: '300' }) });
    await waitForStates(db, ids, ['sent'], 45_000);
    const tookMs = Date.now() - diedAt;
    // Not before the heartbeat ran out (10 s): until then the jobs were the dead worker's.
    expect(tookMs).toBeGreaterThanOrEqual(9_000);
    expect(tookMs).toBeLessThan(30_000);
    for (const id of ids) expect(stub.acceptedByTouch.get(id)).toBe(1);
    for (const id of ids) expect((await touchRow(db, id)).attempts).toBe(1);
  }, 90_000);
});
