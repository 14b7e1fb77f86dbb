import { createTestApp, TestApp } from '../app';
import { upliftOutcomes } from '../../src/reports/reports.sql';
import { createCustomer, createOrder, createRule, createStaff, createTask, createTouch, StaffFixture } from '../factories';

const LOWEST_ID = '-9223372036854775808';
const HIGHEST_ID = '9223372036854775807';

/**
 * A hand-computed scenario: 40 customers got the rule's email on 2026-05-10 and 10 of them
 * ordered $100 within 30 days; one more was selected too but capped and failed (no order); 40
 * were held out and 4 of them ordered $100. Uplift is intention to treat: 41 against 40.
 */
describe('reports', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let ruleId: string;
  const touchedAt = '2026-05-10T09:00:00Z';
  const period = 'from=2026-05-01&to=2026-06-01';

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-15T12:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
    ruleId = (await createRule(t.db, { priority: 40 })).id;

    for (let i = 0; i < 40; i++) {
      // The manager owns the first 20 touched customers only.
      const customer = await createCustomer(t.db, { accountManagerId: i < 20 ? manager.id : null });
      const touch = await createTouch(t.db, customer.id, ruleId, { state: i < 5 ? 'delivered' : 'sent', scheduledAt: touchedAt });
      if (i < 10) await createOrder(t.db, customer.id, { placedAt: '2026-05-20T10:00:00Z', total: '100.00' });
      if (i < 3) await event(customer.id, touch.id, 'opened');
      if (i === 39) await event(customer.id, touch.id, 'bounced');
    }
    for (let i = 0; i < 40; i++) {
      const customer = await createCustomer(t.db);
      await createTouch(t.db, customer.id, ruleId, { state: 'skipped', reason: 'holdout', scheduledAt: touchedAt });
      if (i < 4) await createOrder(t.db, customer.id, { placedAt: '2026-05-11T10:00:00Z', total: '100.00' });
      // Neither an order before the touch, nor one after the window, nor a cancelled one counts.
      if (i === 10) await createOrder(t.db, customer.id, { placedAt: '2026-05-01T10:00:00Z', total: '100.00' });
      if (i === 11) await createOrder(t.db, customer.id, { placedAt: '2026-06-12T10:00:00Z', total: '100.00' });
      if (i === 12) await createOrder(t.db, customer.id, { placedAt: '2026-05-12T10:00:00Z', total: '100.00', status: 'cancelled' });
    }
    const other = await createCustomer(t.db);
    await createTouch(t.db, other.id, ruleId, { state: 'skipped', reason: 'capped', scheduledAt: touchedAt });
    await createTouch(t.db, other.id, ruleId, { state: 'failed', reason: 'provider:500', scheduledAt: touchedAt });
  });
  afterAll(() => t.close());

  async function event(customerId: string, touchId: string, kind: string) {
    await t.db.query(`INSERT INTO touch_events (customer_id, touch_id, kind, at) VALUES ($1, $2, $3, $4)`, [
      customerId,
      touchId,
      kind,
      touchedAt,
    ]);
  }

  it('counts the funnel per rule', async () => {
    const res = await t.http().get(`/reports/rules?${period}&ruleId=${ruleId}`).set(admin.auth).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        ruleId,
        channel: 'email',
        planned: 41,
        sent: 40,
        delivered: 5,
        opened: 3,
        bounced: 1,
        clicked: 0,
        replies: 0,
        skipped: { holdout: 40, capped: 1 },
        failed: { 'provider:500': 1 },
      }),
    ]);
  });

  it('computes uplift as intention to treat against the holdout with 95% intervals', async () => {
    const res = await t.http().get(`/reports/uplift?${period}&ruleId=${ruleId}&days=30`).set(admin.auth).expect(200);
    const [row] = res.body;
    expect(row.result.enough).toBe(true);
    // The capped-and-failed customer stays in the treated group: 10 of 41, not 10 of 40.
    expect(row.result.touched).toEqual({ customers: 41, conversionRate: 10 / 41, revenuePerCustomer: 1000 / 41 });
    expect(row.result.holdout).toEqual({ customers: 40, conversionRate: 0.1, revenuePerCustomer: 10 });
    // 0.14390 ± 1.96 × sqrt(.2439·.7561/41 + .1·.9/40) = 0.14390 ± 0.16100
    expect(row.result.conversionUplift.estimate).toBeCloseTo(10 / 41 - 0.1, 10);
    expect(row.result.conversionUplift.low).toBeCloseTo(-0.0171, 4);
    expect(row.result.conversionUplift.high).toBeCloseTo(0.3049, 4);
    // 14.390 ± 1.96 × sqrt(1890.24/41 + 923.08/40) = 14.390 ± 16.302
    expect(row.result.revenueUplift.estimate).toBeCloseTo(1000 / 41 - 10, 8);
    expect(row.result.revenueUplift.low).toBeCloseTo(-1.9117, 3);
    expect(row.series).toEqual([{ month: '2026-05', result: row.result }]);
  });

  it('counts each customer once, from their first touch in the period to the end of its window, revenue in the base currency only', async () => {
    const rule = (await createRule(t.db, { priority: 41 })).id;
    const at = '2026-05-10T09:00:00Z';
    const touched = [];
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      await createTouch(t.db, customer.id, rule, { state: 'sent', scheduledAt: at });
      touched.push(customer.id);
    }
    // Not after the touch; the window's last instant; two orders (one observation); another currency.
    await createOrder(t.db, touched[0], { placedAt: at, total: '100.00' });
    await createOrder(t.db, touched[1], { placedAt: '2026-06-09T09:00:00Z', total: '100.00' });
    await createOrder(t.db, touched[2], { placedAt: '2026-05-11T09:00:00Z', total: '100.00' });
    await createOrder(t.db, touched[2], { placedAt: '2026-05-12T09:00:00Z', total: '50.00' });
    await createOrder(t.db, touched[3], { placedAt: '2026-05-11T09:00:00Z', total: '100.00', currency: 'EUR' });
    // A second touch in June: still one customer, observed from the first (the order is within its 30 days).
    await createTouch(t.db, touched[4], rule, { state: 'delivered', scheduledAt: '2026-06-02T09:00:00Z' });
    await createOrder(t.db, touched[4], { placedAt: '2026-06-05T09:00:00Z', total: '100.00' });
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      await createTouch(t.db, customer.id, rule, { state: 'skipped', reason: 'holdout', scheduledAt: at });
      if (i === 0) await createOrder(t.db, customer.id, { placedAt: '2026-05-20T10:00:00Z', total: '100.00' });
    }

    const res = await t.http().get(`/reports/uplift?from=2026-05-01&to=2026-07-01&ruleId=${rule}&days=30`).set(admin.auth).expect(200);
    const [row] = res.body;
    expect(row.result.touched).toEqual({ customers: 30, conversionRate: 4 / 30, revenuePerCustomer: 350 / 30 });
    expect(row.result.holdout).toEqual({ customers: 30, conversionRate: 1 / 30, revenuePerCustomer: 100 / 30 });
    expect(row.series.map((s: { month: string }) => s.month)).toEqual(['2026-05']);
  });

  it('counts touches on either side of the middle of the period once, with orders past the middle', async () => {
    // Windows of touches just before and at 2026-05-02T00:00:00Z, and orders at their edges.
    const rule = (await createRule(t.db, { priority: 42 })).id;
    const middle = '2026-05-02T00:00:00.000Z';
    const justBefore = '2026-05-01T23:59:59.999Z';
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      await createTouch(t.db, customer.id, rule, { state: 'sent', scheduledAt: middle });
      if (i < 5) await createOrder(t.db, customer.id, { placedAt: '2026-05-02T01:00:00Z', total: '100.00' });
    }
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      await createTouch(t.db, customer.id, rule, { state: 'skipped', reason: 'holdout', scheduledAt: justBefore });
      // At the middle and at the window's last instant: both count; at the touch's instant: not.
      if (i === 0) await createOrder(t.db, customer.id, { placedAt: middle, total: '100.00' });
      if (i === 1) await createOrder(t.db, customer.id, { placedAt: '2026-05-31T23:59:59.999Z', total: '100.00' });
      if (i === 2) await createOrder(t.db, customer.id, { placedAt: justBefore, total: '100.00' });
    }

    const res = await t.http().get(`/reports/uplift?from=2026-05-01&to=2026-05-03&ruleId=${rule}&days=30`).set(admin.auth).expect(200);
    const [row] = res.body;
    expect(row.result.touched).toEqual({ customers: 30, conversionRate: 5 / 30, revenuePerCustomer: 500 / 30 });
    expect(row.result.holdout).toEqual({ customers: 30, conversionRate: 2 / 30, revenuePerCustomer: 200 / 30 });
  });

  it('puts a customer in the group of their first touch; at one instant, a held-out touch decides', async () => {
    const rule = (await createRule(t.db, { priority: 43 })).id;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      ids.push(customer.id);
      await createTouch(t.db, customer.id, rule, { state: 'sent', scheduledAt: '2026-05-10T09:00:00Z', occurrence: 'a' });
      // The holdout changed after the first touch: still treated.
      if (i < 2)
        await createTouch(t.db, customer.id, rule, {
          state: 'skipped',
          reason: 'holdout',
          scheduledAt: '2026-05-20T09:00:00Z',
          occurrence: 'b',
        });
    }
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(t.db);
      ids.push(customer.id);
      await createTouch(t.db, customer.id, rule, {
        state: 'skipped',
        reason: 'holdout',
        scheduledAt: '2026-05-10T09:00:00Z',
        occurrence: 'a',
      });
      // Sent at the same instant as the held-out touch: held out.
      if (i < 3) await createTouch(t.db, customer.id, rule, { state: 'sent', scheduledAt: '2026-05-10T09:00:00Z', occurrence: 'b' });
      if (i < 6) await createOrder(t.db, customer.id, { placedAt: '2026-05-12T09:00:00Z', total: '10.00' });
    }
    await createOrder(t.db, ids[0], { placedAt: '2026-05-11T09:00:00Z', total: '25.00' });
    await createOrder(t.db, ids[0], { placedAt: '2026-05-21T09:00:00Z', total: '5.00' });
    const res = await t.http().get(`/reports/uplift?from=2026-05-01&to=2026-06-01&ruleId=${rule}&days=30`).set(admin.auth).expect(200);
    expect(res.body[0].result.touched).toEqual({ customers: 30, conversionRate: 1 / 30, revenuePerCustomer: 30 / 30 });
    expect(res.body[0].result.holdout).toEqual({ customers: 30, conversionRate: 6 / 30, revenuePerCustomer: 60 / 30 });

    // The report runs per share of the customer ids; cut the same customers anywhere, the shares
    // add up to the whole, customers with two orders included.
    const run = async (from: string, to: string) =>
      (await t.db.query(upliftOutcomes({ join: '', sql: '' }), [
        '2026-05-01T00:00:00Z',
        '2026-06-01T00:00:00Z',
        rule,
        30,
        'USD',
        from,
        to,
      ])) as { holdout: boolean; customers: number; converted: number; revenue: number; revenue_squares: number }[];
    const total = (rows: Awaited<ReturnType<typeof run>>) =>
      [false, true].map((holdout) =>
        rows
          .filter((r) => r.holdout === holdout)
          .reduce((sum, r) => [sum[0] + r.customers, sum[1] + r.converted, sum[2] + r.revenue, sum[3] + r.revenue_squares], [0, 0, 0, 0]),
      );
    const whole = total(await run(LOWEST_ID, HIGHEST_ID));
    expect(whole).toEqual([
      [30, 1, 30, 900],
      [30, 6, 60, 600],
    ]);
    for (const cut of [ids[0], ids[1], ids[29], ids[31], ids[59]]) {
      expect(total([...(await run(LOWEST_ID, cut)), ...(await run(cut, HIGHEST_ID))])).toEqual(whole);
    }
  });

  it('says "not enough data yet" for a manager\'s small slice', async () => {
    const res = await t.http().get(`/reports/uplift?${period}&ruleId=${ruleId}`).set(manager.auth).expect(200);
    expect(res.body[0].result).toMatchObject({
      enough: false,
      reason: expect.stringContaining('not enough data yet'),
      touched: { customers: 20 },
      holdout: { customers: 0 },
    });
    const funnel = await t.http().get(`/reports/rules?${period}&ruleId=${ruleId}`).set(manager.auth).expect(200);
    expect(funnel.body[0]).toMatchObject({ planned: 20, sent: 20, skipped: {} });
  });

  it('counts tasks done by outcome, once the task is completed', async () => {
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    const task = await createTask(t.db, customer.id, { assigneeStaffId: manager.id });
    const [{ rule_id: rule }] = await t.db.query(`SELECT rule_id FROM touches WHERE id = $1`, [task.touchId]);
    const report = () => t.http().get(`/reports/rules?from=2026-06-01&to=2026-07-01&ruleId=${rule}`).set(admin.auth).expect(200);
    expect((await report()).body[0].tasksDone).toEqual({});
    await t.http().post(`/tasks/${task.id}/complete`).set(manager.auth).send({ outcome: 'left_voicemail' }).expect(200);
    expect((await report()).body[0]).toMatchObject({ channel: 'call', planned: 1, tasksDone: { left_voicemail: 1 } });
  });

  it('exports CSV', async () => {
    const res = await t.http().get(`/reports/rules?${period}&ruleId=${ruleId}&format=csv`).set(admin.auth).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, line] = res.text.trim().split('\r\n');
    expect(header).toBe('rule,channel,planned,sent,delivered,bounced,opened,clicked,replies,tasksDone,skipped,failed');
    expect(line).toContain(',email,41,40,5,1,3,0,0,,holdout=40;capped=1,provider:500=1');
    const uplift = await t.http().get(`/reports/uplift?${period}&ruleId=${ruleId}&format=csv`).set(admin.auth).expect(200);
    expect(uplift.text.split('\r\n')[1]).toMatch(/,41,40,0.2439,0.1,0.1439,-0.0171,0.3049,14.3902,-1.9117,30.6922,$/);
  });

  it('reports staff work, a manager seeing only their own line', async () => {
    const all = await t.http().get(`/reports/staff?${period}`).set(admin.auth).expect(200);
    expect(all.body.some((row: { staffId: string }) => row.staffId === manager.id)).toBe(true);
    const mine = await t.http().get(`/reports/staff?${period}`).set(manager.auth).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ staffId: manager.id, done: 0, overdue: 0, averageDaysLate: null })]);
  });

  it('refuses a bad period or parameter with the field named', async () => {
    const reversed = await t.http().get('/reports/rules?from=2026-06-01&to=2026-05-01').set(admin.auth).expect(400);
    expect(reversed.body.errors).toEqual([{ field: 'from', reason: 'must be before to' }]);
    const days = await t.http().get('/reports/uplift?days=0').set(admin.auth).expect(400);
    expect(days.body.errors[0].field).toBe('days');
    await t.http().get('/reports/rules?ruleId=nope').set(admin.auth).expect(400);
    await t.http().get('/reports/rules').expect(401);
  });
});
