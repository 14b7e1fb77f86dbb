import { PlannerService } from '../../src/planner/planner.service';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, StaffFixture, uniqueId } from '../factories';

/**
 * One rule the database cannot plan (a value saved before today's checks, say a year-0 date)
 * must not stop the others: it plans nothing, the run and the rule say why, the dry run answers
 * 422 naming the bad value, and fixing the rule clears the error.
 */
describe('planner: one failing rule', () => {
  let t: TestApp;
  let planner: PlannerService;
  let admin: StaffFixture;

  beforeAll(async () => {
    // 2026-06-15 12:00Z; customers born on June 16 get their email at 09:00 UTC tomorrow.
    t = await createTestApp({ env: { APP_ROLE: 'api' } });
    planner = t.app.get(PlannerService);
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  const plan = async () => {
    const run = await planner.planOnce('manual');
    if (!run) throw new Error('the planner lock was taken');
    return run;
  };

  it('plans every other rule, records the error on the run and the rule, and clears it once fixed', async () => {
    const tag = uniqueId('iso');
    const customer = await createCustomer(t.db, { tags: [tag], timeZone: 'UTC', birthMonth: 6, birthDay: 16 });
    const byTag = { field: 'tags', op: 'contains', value: tag };
    const broken = await createRule(t.db, {
      enabled: true,
      priority: 90,
      conditions: { all: [byTag, { field: 'customerSince', op: 'before', value: '0000-01-01' }] },
    });
    const healthy = await createRule(t.db, { enabled: true, priority: 10, conditions: byTag });

    const run = await plan();
    expect(run.status).toBe('succeeded');
    expect(run.counts.rules[healthy.id]).toMatchObject({ planned: 1 });
    expect(run.counts.rules[broken.id]).toMatchObject({ planned: 0, error: expect.any(String) });
    expect(run.error).toContain(broken.name);
    const touches = await t.db.query('SELECT rule_id FROM touches WHERE customer_id = $1', [customer.id]);
    expect(touches).toEqual([{ rule_id: healthy.id }]);

    const shown = await t.http().get(`/rules/${broken.id}`).set(admin.auth).expect(200);
    expect(shown.body.lastPlanError).toEqual(expect.any(String));
    expect(new Date(shown.body.lastPlanErrorAt).toISOString()).toBe(t.clock.now().toISOString());
    const fine = await t.http().get(`/rules/${healthy.id}`).set(admin.auth).expect(200);
    expect(fine.body).toMatchObject({ lastPlanError: null, lastPlanErrorAt: null });

    const dry = await t
      .http()
      .post(`/rules/${broken.id}/dry-run`)
      .set(admin.auth)
      .send({ from: '2026-06-15T00:00:00Z', to: '2026-06-20T00:00:00Z' })
      .expect(422);
    expect(dry.body.errors).toEqual([{ field: 'conditions.all.1.value', reason: expect.stringContaining('between 1900 and 2100') }]);

    await t.db.query(`UPDATE rules SET conditions = $2 WHERE id = $1`, [broken.id, JSON.stringify(byTag)]);
    const again = await plan();
    expect(again.error).toBeNull();
    expect(again.counts.rules[broken.id]).toMatchObject({ planned: 1 });
    const fixed = await t.http().get(`/rules/${broken.id}`).set(admin.auth).expect(200);
    expect(fixed.body).toMatchObject({ lastPlanError: null, lastPlanErrorAt: null });
  });
});
