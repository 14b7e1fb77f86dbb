import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { DispatchService, GAVE_UP_QUEUE, queueName } from '../../src/delivery/dispatch.service';
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
describe("the dispatch queues' heartbeat", () => {
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

  it('a dispatch queue made before the heartbeat existed gets it when a worker starts', async () => {
    const boss = new PgBoss({ connectionString: testDatabaseUrl(), max: 1, supervise: false, schedule: false });
    await boss.start();
    try {
      // As the previous version made them: everything the same but the heartbeat.
      await boss.createQueue(GAVE_UP_QUEUE, { expireInSeconds: 60, retryLimit: 50 });
      await boss.createQueue(queueName('sms'), { expireInSeconds: 300, retryLimit: 50, deadLetter: GAVE_UP_QUEUE });
      expect((await boss.getQueue(queueName('sms')))?.heartbeatSeconds ?? null).toBeNull();
      await api.app.get(DispatchService).ensureQueues();
      const upgraded = await boss.getQueue(queueName('sms'));
      expect(upgraded?.heartbeatSeconds).toBe(10);
      expect(upgraded?.expireInSeconds).toBe(300);
      expect(upgraded?.deadLetter).toBe(GAVE_UP_QUEUE);
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  });

  it('hands out the jobs of a worker that died before claiming within seconds, not after the job timeout; each is sent once', async () => {
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
