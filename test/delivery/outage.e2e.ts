import { DataSource } from 'typeorm';
import { PromoterService } from '../../src/delivery/promoter.service';
import { createTestApp, TestApp } from '../app';
import { ProviderStub, startProviderStub } from '../stubs/provider-stub';
import { cancelLeftovers, createTemplates, DISPATCH_NOW, dueTouch, enabledRule, providerEnv, waitForStates } from './helpers';

/**
 * A provider outage of a whole minute. Backoff is shortened by configuration (1–8 s instead of
 * the default 5 s–1 h) so the test ends soon after the providers come back.
 */
describe('a provider outage', () => {
  let stub: ProviderStub;
  let t: TestApp;
  let db: DataSource;
  let ruleId: string;

  beforeAll(async () => {
    stub = await startProviderStub({ keepBodies: false });
    t = await createTestApp({
      now: DISPATCH_NOW,
      env: providerEnv(stub, {
        DELIVERY_BACKOFF_BASE_MS: '1000',
        DELIVERY_BACKOFF_MAX_MS: '8000',
        DELIVERY_MAX_ATTEMPTS: '30',
        DELIVERY_TIMEOUT_MS: '5000',
      }),
    });
    db = t.db;
    ruleId = await enabledRule(db);
  });

  afterAll(async () => {
    await cancelLeftovers(db, [ruleId]);
    await t.close();
    await stub.close();
  });

  it('ends with everything delivered once', async () => {
    const templates = await createTemplates(db);
    const emails = await Promise.all(Array.from({ length: 150 }, () => dueTouch(db, ruleId, 'email', templates)));
    const sms = await Promise.all(Array.from({ length: 20 }, () => dueTouch(db, ruleId, 'sms', templates)));
    const outageStart = Date.now();
    stub.outage({ forMs: 60_000 });
    await t.app.get(PromoterService).promoteDue();
    const ids = [...emails, ...sms].map((x) => x.touchId);
    await waitForStates(db, ids, ['sent'], 90_000);
    expect(Date.now() - outageStart).toBeGreaterThanOrEqual(60_000);

    expect(emails.map((e) => stub.acceptedByTouch.get(e.touchId)).filter((n) => n !== 1)).toEqual([]);
    expect(sms.map((s) => stub.acceptedByRecipient.get(s.phone)).filter((n) => n !== 1)).toEqual([]);
    expect(stub.requests.filter((r) => r.status === 'outage').length).toBeGreaterThan(ids.length);
    const attempts = await db.query(`SELECT min(attempts)::int AS min, max(attempts)::int AS max FROM touches WHERE id = ANY($1)`, [ids]);
    expect(attempts[0].min).toBeGreaterThan(1);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM touch_events WHERE touch_id = ANY($1) AND kind = 'retry' AND detail->>'reason' LIKE '%:network'`,
      [ids],
    );
    expect(n).toBeGreaterThan(ids.length);
  }, 120_000);
});
