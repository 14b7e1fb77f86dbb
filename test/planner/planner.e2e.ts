import { refreshCustomerStats } from '../../src/crm/orders/customer-stats';
import { isHeldOut } from '../../src/planner/holdout';
import { PlannerService } from '../../src/planner/planner.service';
import { createTestApp, TestApp } from '../app';
import {
  createCustomer,
  CustomerOverrides,
  createOrder,
  createRule,
  createStaff,
  createTouch,
  RuleOverrides,
  StaffFixture,
  uniqueId,
} from '../factories';

interface TouchRow {
  id: string;
  customer_id: string;
  rule_id: string;
  occurrence: string;
  channel: string;
  state: string;
  reason: string | null;
  scheduled_at: Date;
  local_date: string;
  due_date: string | null;
  order_id: string | null;
  plan_run_id: string | null;
}

describe('planner', () => {
  let t: TestApp;
  let planner: PlannerService;
  let admin: StaffFixture;
  const rules: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { APP_ROLE: 'api' } });
    planner = t.app.get(PlannerService);
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterEach(async () => {
    // Rules of one test must not plan for the next one's customers.
    await t.db.query('UPDATE rules SET enabled = false WHERE id = ANY($1::uuid[])', [rules]);
  });
  afterAll(() => t.close());

  /** An enabled rule that only sees customers carrying `tag`. */
  async function rule(tag: string, overrides: Partial<RuleOverrides> = {}): Promise<string> {
    const { id } = await createRule(t.db, { enabled: true, conditions: { field: 'tags', op: 'contains', value: tag }, ...overrides });
    rules.push(id);
    return id;
  }
  const customer = (tag: string, overrides: Partial<CustomerOverrides> = {}) => createCustomer(t.db, { tags: [tag], ...overrides });
  async function touches(ruleId: string): Promise<TouchRow[]> {
    return t.db.query(
      `SELECT id, customer_id, rule_id, occurrence, channel, state, reason, scheduled_at, to_char(local_date, 'YYYY-MM-DD') AS local_date,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, order_id, plan_run_id
         FROM touches WHERE rule_id = $1 ORDER BY scheduled_at, customer_id`,
      [ruleId],
    );
  }
  const plan = async () => {
    const run = await planner.planOnce('manual');
    if (!run) throw new Error('the planner lock was taken');
    return run;
  };

  it('sends at 09:00 local on both sides of the date line', async () => {
    const tag = uniqueId('zones');
    t.clock.set('2026-06-15T00:00:00Z');
    const zones: [string, number, string | null][] = [
      ['Pacific/Kiritimati', 16, '2026-06-15T19:00:00.000Z'], // UTC+14
      ['Pacific/Pago_Pago', 16, '2026-06-16T20:00:00.000Z'], // UTC-11
      ['Asia/Bangkok', 16, '2026-06-16T02:00:00.000Z'],
      ['America/New_York', 16, '2026-06-16T13:00:00.000Z'],
      ['Europe/Moscow', 16, '2026-06-16T06:00:00.000Z'],
      ['Pacific/Kiritimati', 15, null], // 09:00 on the 15th in Kiritimati was already past
      ['Pacific/Pago_Pago', 17, null], // beyond the 48-hour horizon
    ];
    const ids = [];
    for (const [timeZone, birthDay] of zones) ids.push((await customer(tag, { timeZone, birthMonth: 6, birthDay })).id);
    const ruleId = await rule(tag, { action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' } });

    const run = await plan();
    const planned = await touches(ruleId);
    for (const [i, [, , expected]] of zones.entries()) {
      const touch = planned.find((row) => row.customer_id === ids[i]);
      if (expected === null) {
        expect(touch).toBeUndefined();
      } else {
        expect(touch).toMatchObject({ state: 'planned', occurrence: 'birthday:2026', channel: 'email', plan_run_id: run.id });
        expect(touch?.scheduled_at.toISOString()).toBe(expected);
        expect(touch?.local_date).toBe(`2026-06-${zones[i][1]}`);
      }
    }
    expect(run.status).toBe('succeeded');
    expect(run.planned).toBeGreaterThanOrEqual(5);
  });

  it('keeps 09:00 local on the days clocks change', async () => {
    const tag = uniqueId('dst');
    const ny = await customer(tag, { timeZone: 'America/New_York', birthMonth: 3, birthDay: 8 });
    const berlin = await customer(tag, { timeZone: 'Europe/Berlin', birthMonth: 10, birthDay: 25 });
    const ruleId = await rule(tag);
    t.clock.set('2026-03-07T12:00:00Z');
    await plan();
    t.clock.set('2026-10-24T12:00:00Z');
    await plan();
    const byCustomer = new Map((await touches(ruleId)).map((row) => [row.customer_id, row.scheduled_at.toISOString()]));
    expect(byCustomer.get(ny.id)).toBe('2026-03-08T13:00:00.000Z'); // EDT, the clocks went forward at 02:00
    expect(byCustomer.get(berlin.id)).toBe('2026-10-25T08:00:00.000Z'); // CET, the clocks went back at 03:00
  });

  it('celebrates Feb 29 on Feb 28 in common years, and offsets cross the year end', async () => {
    const tag = uniqueId('leap');
    const leap = await customer(tag, { birthMonth: 2, birthDay: 29 });
    const ruleId = await rule(tag);
    t.clock.set('2027-02-27T12:00:00Z');
    await plan();
    t.clock.set('2028-02-27T12:00:00Z'); // window reaches Feb 29 12:00 of the leap year
    await plan();
    const rows = (await touches(ruleId)).filter((row) => row.customer_id === leap.id);
    expect(rows.map((row) => [row.occurrence, row.local_date, row.scheduled_at.toISOString()])).toEqual([
      ['birthday:2027', '2027-02-28', '2027-02-28T09:00:00.000Z'],
      ['birthday:2028', '2028-02-29', '2028-02-29T09:00:00.000Z'],
    ]);

    // A card rule acting five days before a Jan 2 birthday, due three days before that: Dec 25.
    const cardTag = uniqueId('card');
    const january = await customer(cardTag, {
      birthMonth: 1,
      birthDay: 2,
      timeZone: 'Asia/Bangkok',
      address: { line1: '1 Sukhumvit Rd', city: 'Bangkok', country: 'TH' },
    });
    const cardRule = await rule(cardTag, {
      trigger: { kind: 'date', field: 'birthday', offsetDays: -5 },
      action: { channel: 'card', templateKey: 'birthday-card', sendAt: '10:00', dueOffsetDays: 3 },
    });
    t.clock.set('2026-12-24T12:00:00Z');
    await plan();
    const [card] = await touches(cardRule);
    expect(card).toMatchObject({
      customer_id: january.id,
      occurrence: 'birthday:2027',
      local_date: '2027-01-02',
      due_date: '2026-12-25',
      state: 'planned',
    });
    expect(card.scheduled_at.toISOString()).toBe('2026-12-25T03:00:00.000Z');
  });

  it('moves SMS and email out of quiet hours to the next allowed local time', async () => {
    const tag = uniqueId('quiet');
    const c = await customer(tag, { timeZone: 'Asia/Bangkok', birthMonth: 7, birthDay: 1 });
    // A day's grace: by default a birthday message expires with the local birthday.
    const late = await rule(tag, {
      action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '22:30' },
      limits: { expireAfterHours: 24 },
    });
    const early = await rule(tag, { action: { channel: 'email', templateKey: 'birthday-email', sendAt: '06:00' } });
    t.clock.set('2026-06-30T12:00:00Z');
    await plan();
    const [sms] = await touches(late);
    const [email] = await touches(early);
    expect(sms).toMatchObject({ customer_id: c.id, local_date: '2026-07-01', state: 'planned' });
    expect(sms.scheduled_at.toISOString()).toBe('2026-07-02T01:00:00.000Z'); // 08:00 the next morning in Bangkok
    expect(email.scheduled_at.toISOString()).toBe('2026-07-01T00:00:00.000Z'); // 07:00, the email window's start
  });

  it('skips touches without consent, address or behind a suppression, with the reason', async () => {
    const tag = uniqueId('consent');
    const at = '2025-01-01T00:00:00Z';
    const granted = { status: 'granted' as const, at, source: 'test' };
    const withdrawn = { status: 'withdrawn' as const, at, source: 'test' };
    const base = { birthMonth: 8, birthDay: 2 };
    const ok = await customer(tag, base);
    const withdrew = await customer(tag, { ...base, consent: { email: withdrawn, sms: granted, call: withdrawn } });
    const never = await customer(tag, { ...base, consent: {} });
    const noEmail = await customer(tag, { ...base, email: null });
    const suppressed = await customer(tag, { ...base, email: `Blocked.${uniqueId('x')}@Example.com` });
    const badPhone = await customer(tag, base);
    await t.db.query('UPDATE customers SET phone_invalid = true WHERE id = $1', [badPhone.id]);
    const [{ email }] = await t.db.query('SELECT email FROM customers WHERE id = $1', [suppressed.id]);
    await t.db.query(
      `INSERT INTO suppressions (channel, address, reason, source, created_at) VALUES ('email', lower($1), 'unsubscribe', 'test', now())`,
      [email],
    );
    const emailRule = await rule(tag);
    const smsRule = await rule(tag, { action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '10:00' } });
    const callRule = await rule(tag, { action: { channel: 'call', templateKey: 'birthday-call', sendAt: '10:00' } });
    const cardRule = await rule(tag, { action: { channel: 'card', templateKey: 'birthday-card', sendAt: '10:00' } });
    t.clock.set('2026-08-01T12:00:00Z');
    const run = await plan();

    const outcome = async (ruleId: string) =>
      Object.fromEntries((await touches(ruleId)).map((row) => [row.customer_id, row.state === 'planned' ? 'planned' : row.reason]));
    expect(await outcome(emailRule)).toEqual({
      [ok.id]: 'planned',
      [withdrew.id]: 'opted_out',
      [never.id]: 'opted_out',
      [noEmail.id]: 'no_address',
      [suppressed.id]: 'suppressed',
      [badPhone.id]: 'planned',
    });
    const sms = await outcome(smsRule);
    expect([sms[withdrew.id], sms[never.id], sms[badPhone.id], sms[ok.id]]).toEqual(['planned', 'opted_out', 'no_address', 'planned']);
    const call = await outcome(callRule);
    expect([call[withdrew.id], call[ok.id]]).toEqual(['opted_out', 'planned']);
    // Cards need a postal address, which none of them has.
    expect(new Set(Object.values(await outcome(cardRule)))).toEqual(new Set(['no_address']));
    expect(run.counts).toMatchObject({ rules: { [emailRule]: { planned: 2, skipped: { opted_out: 2, no_address: 1, suppressed: 1 } } } });
    expect(run.skipped).toBeGreaterThanOrEqual(4 + 2 + 1 + 6);
  });

  it('caps touches per customer across rules: the higher priority wins, the loser is recorded', async () => {
    const tag = uniqueId('cap');
    const c = await customer(tag, { birthMonth: 9, birthDay: 10 });
    const other = await createRule(t.db, { name: uniqueId('sent-before') });
    // Two touches already went out this week; the cap is 3 in 7 days.
    await createTouch(t.db, c.id, other.id, { state: 'sent', scheduledAt: '2026-09-07T09:00:00Z', localDate: '2026-09-07' });
    await createTouch(t.db, c.id, other.id, { state: 'delivered', scheduledAt: '2026-09-08T09:00:00Z', localDate: '2026-09-08' });
    const low = await rule(tag, { priority: 10, action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '10:00' } });
    t.clock.set('2026-09-09T00:00:00Z');
    await plan();
    expect((await touches(low))[0]).toMatchObject({ state: 'planned' });

    // A higher-priority rule arrives later: it takes the last slot, the planned low one is pushed out.
    const high = await rule(tag, { priority: 90 });
    const run = await plan();
    expect((await touches(high))[0]).toMatchObject({ state: 'planned' });
    expect((await touches(low))[0]).toMatchObject({ state: 'skipped', reason: 'capped' });
    expect(run.counts).toMatchObject({ cappedEarlier: 1 });

    // Within one run, the lower priority loses and is counted under its rule.
    const tag2 = uniqueId('cap');
    const d = await customer(tag2, { birthMonth: 9, birthDay: 10 });
    for (const day of [7, 8]) {
      await createTouch(t.db, d.id, other.id, { state: 'sent', scheduledAt: `2026-09-0${day}T09:00:00Z`, localDate: `2026-09-0${day}` });
    }
    const a = await rule(tag2, { priority: 20, action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '10:00' } });
    const b = await rule(tag2, { priority: 80, action: { channel: 'email', templateKey: 'birthday-email', sendAt: '11:00' } });
    const second = await plan();
    expect((await touches(a))[0]).toMatchObject({ state: 'skipped', reason: 'capped' });
    expect((await touches(b))[0]).toMatchObject({ state: 'planned' });
    expect(second.counts).toMatchObject({ rules: { [a]: { planned: 0, skipped: { capped: 1 } }, [b]: { planned: 1 } } });
  });

  it('holds out a stable share per rule and records it', async () => {
    const tag = uniqueId('holdout');
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await customer(tag, { birthMonth: 10, birthDay: 5 })).id);
    const ruleId = await rule(tag, { limits: { holdoutPercent: 50 } });
    t.clock.set('2026-10-04T12:00:00Z');
    await plan();
    const first = await touches(ruleId);
    const expected = Object.fromEntries(ids.map((id) => [id, isHeldOut(ruleId, id, 50) ? 'holdout' : null]));
    expect(Object.fromEntries(first.map((row) => [row.customer_id, row.reason]))).toEqual(expected);
    expect(first.some((row) => row.reason === 'holdout')).toBe(true);
    expect(first.some((row) => row.state === 'planned')).toBe(true);

    // Same answer from scratch.
    await t.db.query('DELETE FROM touches WHERE rule_id = $1', [ruleId]);
    await plan();
    expect(Object.fromEntries((await touches(ruleId)).map((row) => [row.customer_id, row.reason]))).toEqual(expected);
  });

  it('thanks for large orders after the delay, once per order, with a cooldown per customer', async () => {
    const tag = uniqueId('orders');
    const c = await customer(tag, { timeZone: 'Europe/Moscow' });
    const seen = await customer(tag);
    const ruleId = await rule(tag, {
      trigger: { kind: 'order', minTotal: '500', currency: 'USD', delayHours: 2 },
      action: { channel: 'email', templateKey: 'thank-you', sendAt: '09:00' },
      limits: { cooldownDays: 30 },
    });
    t.clock.set('2026-11-10T10:00:00Z');
    const big = await createOrder(t.db, c.id, { placedAt: '2026-11-10T09:00:00Z', total: '750.00' });
    const second = await createOrder(t.db, c.id, { placedAt: '2026-11-10T09:30:00Z', total: '900.00' });
    await createOrder(t.db, c.id, { placedAt: '2026-11-10T09:10:00Z', total: '499.99' }); // below the threshold
    await createOrder(t.db, c.id, { placedAt: '2026-11-10T09:20:00Z', total: '800.00', currency: 'EUR' }); // another currency
    await createOrder(t.db, c.id, { placedAt: '2026-11-10T09:40:00Z', total: '800.00', status: 'cancelled' });
    const later = await createOrder(t.db, seen.id, { placedAt: '2026-11-10T08:00:00Z', total: '600.00' });
    await createTouch(t.db, seen.id, ruleId, {
      occurrence: 'order:earlier',
      state: 'sent',
      scheduledAt: '2026-11-01T09:00:00Z',
      localDate: '2026-11-01',
    });
    await plan();
    await plan();

    const rows = await touches(ruleId);
    const forC = rows.filter((row) => row.customer_id === c.id);
    expect(forC.map((row) => [row.occurrence, row.state, row.reason, row.scheduled_at.toISOString()])).toEqual([
      // Two hours after the order is 14:00 in Moscow: the first 09:00 after that is the next morning.
      [`order:${big.id}`, 'planned', null, '2026-11-11T06:00:00.000Z'],
      [`order:${second.id}`, 'skipped', 'cooldown', '2026-11-11T06:00:00.000Z'],
    ]);
    expect(rows.find((row) => row.occurrence === `order:${later.id}`)).toMatchObject({
      state: 'skipped',
      reason: 'cooldown',
      order_id: later.id,
    });
  });

  it('plans an order placed through the API within its request', async () => {
    const tag = uniqueId('api-order');
    const c = await customer(tag, { timeZone: 'Asia/Bangkok' });
    const ruleId = await rule(tag, {
      trigger: { kind: 'order', minTotal: '300', currency: 'USD', delayHours: 1 },
      action: { channel: 'email', templateKey: 'thank-you', sendAt: '09:00' },
    });
    t.clock.set('2026-11-20T05:00:00Z');
    const externalId = uniqueId('shop');
    await t
      .http()
      .post('/orders/bulk')
      .set(admin.auth)
      .send({
        orders: [{ externalId, customerExternalId: c.externalId, placedAt: '2026-11-20T04:55:00Z', total: '450.00', currency: 'USD' }],
      })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const [{ id: orderId }] = await t.db.query('SELECT id FROM orders WHERE external_id = $1', [externalId]);
    const rows = await touches(ruleId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrence: `order:${orderId}`, order_id: orderId, state: 'planned', local_date: '2026-11-20' });
    expect(rows[0].scheduled_at.toISOString()).toBe('2026-11-21T02:00:00.000Z'); // 09:00 in Bangkok the next day
    const [run] = await t.db.query('SELECT trigger, status FROM plan_runs WHERE id = $1', [rows[0].plan_run_id]);
    expect(run).toEqual({ trigger: 'order', status: 'succeeded' });
  });

  it('checks in on a lapsed top customer, repeats while the lapse lasts, and stops when they order', async () => {
    const tag = uniqueId('lapse');
    const c = await customer(tag);
    await createOrder(t.db, c.id, { placedAt: '2026-05-01T10:00:00Z', total: '2000.00' });
    await t.db.transaction((m) => refreshCustomerStats(m, [c.id], 'USD'));
    const ruleId = await rule(tag, {
      conditions: null,
      trigger: { kind: 'lapse', audience: { tag }, lapseDays: 30, repeatEveryDays: 7, maxRepeats: 2 },
      action: { channel: 'call', templateKey: 'check-in', sendAt: '10:00', dueOffsetDays: 0 },
    });
    const occurrences = async () =>
      (await touches(ruleId)).map((row) => `${row.occurrence} ${row.state}${row.reason ? ':' + row.reason : ''}`);

    for (const day of ['2026-05-30', '2026-06-06', '2026-06-13', '2026-06-20']) {
      t.clock.set(`${day}T12:00:00Z`);
      await plan();
    }
    // The first check-in and two repeats a week apart, no more.
    expect(await occurrences()).toEqual(['lapse:2026-05-31:1 planned', 'lapse:2026-05-31:2 planned', 'lapse:2026-05-31:3 planned']);

    // A new lapse: the repeat still pending when they order is cancelled at once.
    const d = await customer(tag);
    await createOrder(t.db, d.id, { placedAt: '2026-05-01T10:00:00Z', total: '2000.00' });
    await t.db.transaction((m) => refreshCustomerStats(m, [d.id], 'USD'));
    for (const day of ['2026-05-30', '2026-06-06']) {
      t.clock.set(`${day}T12:00:00Z`);
      await plan();
    }
    const [d2] = (await touches(ruleId)).filter((row) => row.customer_id === d.id && row.occurrence.endsWith(':2'));
    expect(d2).toMatchObject({ state: 'planned' });
    await t
      .http()
      .post('/orders/bulk')
      .set(admin.auth)
      .send({
        orders: [
          {
            externalId: uniqueId('shop'),
            customerExternalId: d.externalId,
            placedAt: '2026-06-06T11:00:00Z',
            total: '20.00',
            currency: 'USD',
          },
        ],
      })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const after = (await touches(ruleId)).filter((row) => row.customer_id === d.id);
    expect(after.map((row) => `${row.occurrence} ${row.state}${row.reason ? ':' + row.reason : ''}`)).toEqual([
      // Whatever of the old lapse is still pending goes, even the first call if nobody made it yet.
      'lapse:2026-05-31:1 cancelled:ordered',
      'lapse:2026-05-31:2 cancelled:ordered',
    ]);
    // The next lapse counts from the new order.
    t.clock.set('2026-07-05T12:00:00Z');
    await plan();
    const next = (await touches(ruleId)).filter((row) => row.customer_id === d.id).map((row) => row.occurrence);
    expect(next).toContain('lapse:2026-07-06:1');
  });

  it('takes the top N by lifetime value, and makes a lapse task due ahead of its day', async () => {
    const tag = uniqueId('top');
    const [first, second, third] = [await customer(tag), await customer(tag), await customer(tag)];
    for (const [c, value] of [
      [first, '900000000000'],
      [second, '800000000000'],
      [third, '1000'],
    ] as const) {
      await t.db.query(`UPDATE customers SET lifetime_value = $2, last_order_at = '2026-03-01T12:00:00Z' WHERE id = $1`, [c.id, value]);
    }
    const ruleId = await rule(tag, {
      trigger: { kind: 'lapse', audience: { topN: 2 }, lapseDays: 90, repeatEveryDays: 30, maxRepeats: 1 },
      action: { channel: 'call', templateKey: 'checkin-call', sendAt: '10:00', dueOffsetDays: 2 },
    });
    t.clock.set('2026-05-27T12:00:00Z');
    await plan();
    const rows = await touches(ruleId);
    // The lapse begins 90 days after Mar 1 (May 30); the call is due two days earlier.
    expect(rows.map((row) => [row.customer_id, row.occurrence, row.due_date, row.scheduled_at.toISOString()]).sort()).toEqual(
      [
        [first.id, 'lapse:2026-05-30:1', '2026-05-28', '2026-05-28T10:00:00.000Z'],
        [second.id, 'lapse:2026-05-30:1', '2026-05-28', '2026-05-28T10:00:00.000Z'],
      ].sort(),
    );
  });

  it('plans nothing for disabled rules, and nothing twice', async () => {
    const tag = uniqueId('disabled');
    await customer(tag, { birthMonth: 12, birthDay: 1 });
    const ruleId = await rule(tag);
    await t.db.query('UPDATE rules SET enabled = false WHERE id = $1', [ruleId]);
    t.clock.set('2026-11-30T12:00:00Z');
    await plan();
    expect(await touches(ruleId)).toEqual([]);

    await t.db.query('UPDATE rules SET enabled = true WHERE id = $1', [ruleId]);
    const first = await plan();
    const second = await plan();
    expect(first.counts).toMatchObject({ rules: { [ruleId]: { planned: 1 } } });
    expect(second.counts).toMatchObject({ rules: { [ruleId]: { planned: 0, skipped: {} } } });
    expect(await touches(ruleId)).toHaveLength(1);
  });

  it('serves plan runs to admins', async () => {
    const manager = await createStaff(t.db, { role: 'manager' });
    t.clock.set('2030-01-01T00:00:00Z'); // after every other run here, so it lists first
    await t.http().post('/planner/run').set(manager.auth).expect(403);
    const run = await t.http().post('/planner/run').set(admin.auth).expect(200);
    expect(run.body).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      counts: { rules: expect.any(Object), reasons: expect.any(Object) },
    });
    const list = await t.http().get('/planner/runs?limit=2').set(admin.auth).expect(200);
    expect(list.body).toMatchObject({ limit: 2, offset: 0, total: expect.any(Number) });
    expect(list.body.items[0].id).toBe(run.body.id);
    const one = await t.http().get(`/planner/runs/${run.body.id}`).set(admin.auth).expect(200);
    expect(one.body.windowEnd).toBe(new Date(t.clock.now().getTime() + 48 * 3_600_000).toISOString());
    await t.http().get('/planner/runs/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    await t.http().get('/planner/runs?limit=0').set(admin.auth).expect(400);
  });
});
