import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/options';
import { PlannerService } from '../../src/planner/planner.service';
import { PlannerScheduler } from '../../src/planner/planner.scheduler';
import { planRule } from '../../src/planner/plan-steps';
import { createTestApp, TestApp, testDatabaseUrl } from '../app';
import { createCustomer, createRule, createStaff, uniqueId } from '../factories';

/** Two instances against one database: every touch exists once, whoever plans it. */
describe('planning on two instances at once', () => {
  let a: TestApp;
  let b: TestApp;
  const rules: string[] = [];

  beforeAll(async () => {
    // Narrower quiet hours on both, to see configuration reach the query.
    const env = { APP_ROLE: 'api', QUIET_HOURS_START: '10:00', QUIET_HOURS_END: '20:00' };
    [a, b] = await Promise.all([createTestApp({ env, now: '2026-05-20T00:00:00Z' }), createTestApp({ env, now: '2026-05-20T00:00:00Z' })]);
  });
  afterAll(async () => {
    await a.db.query('UPDATE rules SET enabled = false WHERE id = ANY($1::uuid[])', [rules]);
    await Promise.all([a.close(), b.close()]);
  });

  async function setUp(count: number): Promise<{ ruleId: string; tag: string }> {
    const tag = uniqueId('twice');
    for (let i = 0; i < count; i++) {
      await createCustomer(a.db, { tags: [tag], birthMonth: 5, birthDay: 21, timeZone: i % 2 ? 'Asia/Bangkok' : 'America/New_York' });
    }
    const { id } = await createRule(a.db, {
      enabled: true,
      conditions: { field: 'tags', op: 'contains', value: tag },
      action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '09:00' },
    });
    rules.push(id);
    return { ruleId: id, tag };
  }

  it('plans each touch once when two planners run together; one of them stands back', async () => {
    const { ruleId } = await setUp(30);
    const runs = await Promise.all([a.app.get(PlannerService).planOnce('cron'), b.app.get(PlannerService).planOnce('cron')]);
    const again = await Promise.all([a.app.get(PlannerService).planOnce('cron'), b.app.get(PlannerService).planOnce('cron')]);

    const [{ total, distinct }] = await a.db.query(
      `SELECT count(*)::int AS total, count(DISTINCT (customer_id, occurrence))::int AS distinct FROM touches WHERE rule_id = $1`,
      [ruleId],
    );
    expect(total).toBe(30);
    expect(distinct).toBe(30);
    const planned = [...runs, ...again].reduce(
      (sum, run) => sum + ((run?.counts as { rules: Record<string, { planned: number }> } | undefined)?.rules[ruleId]?.planned ?? 0),
      0,
    );
    expect(planned).toBe(30);
    // 09:00 local is before the configured 10:00 start: moved to 10:00 local.
    const times = await a.db.query(
      `SELECT DISTINCT to_char(scheduled_at AT TIME ZONE c.time_zone, 'HH24:MI') AS local FROM touches t JOIN customers c ON c.id = t.customer_id WHERE rule_id = $1`,
      [ruleId],
    );
    expect(times).toEqual([{ local: '10:00' }]);
  });

  it('inserts each touch once even when the same statement runs on two connections without the lock', async () => {
    const { ruleId } = await setUp(40);
    const [rule] = await a.db.query('SELECT id, version, priority, trigger, conditions, action, limits FROM rules WHERE id = $1', [ruleId]);
    const [{ id: runId }] = await a.db.query(
      `INSERT INTO plan_runs (trigger, started_at, window_start, window_end, status) VALUES ('manual', $1, $1, $2, 'succeeded') RETURNING id`,
      ['2026-05-20T00:00:00Z', '2026-05-22T00:00:00Z'],
    );
    const other = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 2), logging: false });
    await other.initialize();
    try {
      const ctx = {
        rule,
        runId,
        now: new Date('2026-05-20T00:00:00Z'),
        windowStart: new Date('2026-05-20T00:00:00Z'),
        windowEnd: new Date('2026-05-22T00:00:00Z'),
        quiet: { phone: { start: '08:00', end: '21:00' }, email: { start: '07:00', end: '22:00' } },
      };
      const results = await Promise.all([planRule(a.db, ctx), planRule(other, ctx), planRule(b.db, ctx)]);
      expect(results.reduce((sum, r) => sum + r.planned, 0)).toBe(40);
    } finally {
      await other.destroy();
    }
    const [{ total }] = await a.db.query('SELECT count(*)::int AS total FROM touches WHERE rule_id = $1', [ruleId]);
    expect(total).toBe(40);
  });

  it('skips a tick while another instance holds the lock, and a tick overlapping one in this process', async () => {
    const runner = b.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(7311002)');
      expect(await a.app.get(PlannerService).planOnce('cron')).toBeNull();
      const admin = await createStaff(a.db, { role: 'admin' });
      const busy = await a.http().post('/planner/run').set(admin.auth).expect(409);
      expect(busy.body.message).toMatch(/in progress/);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7311002)');
      await runner.release();
    }
    const scheduler = a.app.get(PlannerScheduler);
    const [{ n: before }] = await a.db.query(`SELECT count(*)::int AS n FROM plan_runs WHERE trigger = 'cron'`);
    await Promise.all([scheduler.tick(), scheduler.tick()]);
    const [{ n: after }] = await a.db.query(`SELECT count(*)::int AS n FROM plan_runs WHERE trigger = 'cron'`);
    expect(after - before).toBe(1);
  });
});
