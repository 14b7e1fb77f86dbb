import { refreshCustomerStats } from '../../src/crm/orders/customer-stats';
import { DryRunService } from '../../src/planner/dry-run.service';
import { isHeldOut } from '../../src/planner/holdout';
import { PlannerService } from '../../src/planner/planner.service';
import { markQueued, markSending, reschedule } from '../../src/touches/ledger';
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

/**
 * What the product promises about time: every trigger at the rule's local send time, a rule that
 * acts on today's customers once when switched on, top percent of paying customers, nothing sent
 * too late, and an edit that re-plans what is still pending.
 */

interface TouchRow {
  id: string;
  customer_id: string;
  occurrence: string;
  state: string;
  reason: string | null;
  scheduled_at: Date;
  expires_at: Date | null;
  rule_version: number;
}

describe('planner semantics', () => {
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
    await t.db.query('UPDATE rules SET enabled = false WHERE id = ANY($1::uuid[])', [rules]);
  });
  afterAll(() => t.close());

  async function rule(tag: string | null, overrides: Partial<RuleOverrides> = {}): Promise<string> {
    const conditions = tag === null ? null : { field: 'tags', op: 'contains', value: tag };
    const { id } = await createRule(t.db, { enabled: true, conditions, ...overrides });
    rules.push(id);
    return id;
  }
  const customer = (tag: string, overrides: Partial<CustomerOverrides> = {}) => createCustomer(t.db, { tags: [tag], ...overrides });
  const touches = (ruleId: string): Promise<TouchRow[]> =>
    t.db.query(
      `SELECT id::text AS id, customer_id::text AS customer_id, occurrence, state, reason, scheduled_at, expires_at, rule_version
         FROM touches WHERE rule_id = $1 ORDER BY scheduled_at, customer_id`,
      [ruleId],
    );
  const plan = async () => {
    const run = await planner.planOnce('manual');
    if (!run) throw new Error('the planner lock was taken');
    return run;
  };

  // First in the file: top percent counts over the whole database, which holds only this test's customers yet.
  it('takes top percent of paying customers: customers who never ordered are not in the denominator', async () => {
    const tag = uniqueId('top-pct');
    const paying: string[] = [];
    for (let i = 0; i < 20; i++) {
      const c = await customer(tag);
      paying.push(c.id);
      await t.db.query(`UPDATE customers SET lifetime_value = $2, last_order_at = '2026-04-01T12:00:00Z' WHERE id = $1`, [
        c.id,
        1000 + i * 100,
      ]);
    }
    // An import of people who never bought anything.
    for (let i = 0; i < 200; i++) await customer(uniqueId('never'));
    const ruleId = await rule(null, {
      trigger: { kind: 'lapse', audience: { topPercent: 10 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 1 },
      action: { channel: 'call', templateKey: 'checkin-call', sendAt: '10:00' },
    });
    t.clock.set('2026-06-10T12:00:00Z');
    await plan();
    // 10 % of the 20 paying customers: the 2 worth most, not 22 of 220.
    expect((await touches(ruleId)).map((row) => row.customer_id).sort()).toEqual([paying[19], paying[18]].sort());
  });

  it('draws the holdout before any other check, so the control group is like the treated one', async () => {
    const tag = uniqueId('holdout-first');
    const withdrawn = { email: { status: 'withdrawn' as const, at: '2025-01-01T00:00:00Z', source: 'test' } };
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push((await customer(tag, { birthMonth: 8, birthDay: 20, consent: withdrawn })).id);
    const ruleId = await rule(tag, { limits: { holdoutPercent: 50 } });
    t.clock.set('2026-08-19T12:00:00Z');
    await plan();
    const reasons = Object.fromEntries((await touches(ruleId)).map((row) => [row.customer_id, row.reason]));
    expect(reasons).toEqual(Object.fromEntries(ids.map((id) => [id, isHeldOut(ruleId, id, 50) ? 'holdout' : 'opted_out'])));
    expect(Object.values(reasons)).toContain('holdout');
  });

  it('celebrates the customer-since anniversary from the first year on, never on the day they joined', async () => {
    const tag = uniqueId('since');
    const old = await customer(tag, { customerSince: '2023-05-12', timeZone: 'Asia/Kathmandu' });
    const joined = await customer(tag, { customerSince: '2026-05-12' });
    const ruleId = await rule(tag, {
      trigger: { kind: 'date', field: 'customer_since', offsetDays: 0 },
      action: { channel: 'email', templateKey: 'anniversary-email', sendAt: '10:00' },
    });
    t.clock.set('2026-05-11T12:00:00Z');
    await plan();
    const rows = await touches(ruleId);
    expect(rows.map((row) => [row.customer_id, row.occurrence, row.scheduled_at.toISOString()])).toEqual([
      [old.id, 'customer_since:2026', '2026-05-12T04:15:00.000Z'], // 10:00 in Kathmandu, UTC+05:45
    ]);
    expect(rows.some((row) => row.customer_id === joined.id)).toBe(false);
  });

  it('keeps a cooldown on a date rule: a touch of the same rule 16 days before holds the next one back', async () => {
    const tag = uniqueId('date-cooldown');
    const c = await customer(tag, { customerSince: '2020-09-05' });
    const ruleId = await rule(tag, {
      trigger: { kind: 'date', field: 'customer_since', offsetDays: 0 },
      limits: { cooldownDays: 30 },
    });
    await t.db.query(
      `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at, local_date, state, created_at, updated_at)
       VALUES ($1, $2, 1, 'customer_since:earlier', 'email', 'birthday-email', 50, '2026-08-20T09:00:00Z', '2026-08-20', 'sent', now(), now())`,
      [c.id, ruleId],
    );
    t.clock.set('2026-09-04T12:00:00Z');
    await plan();
    expect((await touches(ruleId)).find((row) => row.occurrence === 'customer_since:2026')).toMatchObject({
      state: 'skipped',
      reason: 'cooldown',
    });
  });

  describe('order rules at the send time', () => {
    it('go at the first sendAt local time at or after the delay, in each customer zone', async () => {
      const tag = uniqueId('order-send-at');
      const chicago = await customer(tag, { timeZone: 'America/Chicago' });
      const singapore = await customer(tag, { timeZone: 'Asia/Singapore' });
      const ruleId = await rule(tag, {
        trigger: { kind: 'order', minTotal: '1000', currency: 'USD', delayHours: 48 },
        action: { channel: 'email', templateKey: 'thank-you', sendAt: '10:00' },
      });
      t.clock.set('2026-09-03T00:00:00Z');
      // Placed 2026-09-01 20:00 UTC: 15:00 in Chicago (ends after 10:00 two days later), 04:00 the
      // next day in Singapore (ends before 10:00 on its day).
      const a = await createOrder(t.db, chicago.id, { placedAt: '2026-09-01T20:00:00Z', total: '1000.00' });
      const b = await createOrder(t.db, singapore.id, { placedAt: '2026-09-01T20:00:00Z', total: '1500.00' });
      await plan();
      const rows = await touches(ruleId);
      const at = (orderId: string) => rows.find((row) => row.occurrence === `order:${orderId}`)?.scheduled_at.toISOString();
      expect(at(a.id)).toBe('2026-09-04T15:00:00.000Z'); // Sep 4 10:00 CDT: 15:00 on Sep 3 was after 10:00
      expect(at(b.id)).toBe('2026-09-04T02:00:00.000Z'); // Sep 4 10:00 SGT: the delay ended at 04:00 that day
    });

    it('an order that reaches us late goes at once when still timely, and expires when not', async () => {
      const tag = uniqueId('order-late');
      const c = await customer(tag, { timeZone: 'UTC' });
      const ruleId = await rule(tag, {
        trigger: { kind: 'order', minTotal: '100', currency: 'USD', delayHours: 0 },
        action: { channel: 'email', templateKey: 'thank-you', sendAt: '10:00' },
        limits: { expireAfterHours: 24 },
      });
      t.clock.set('2026-09-20T12:00:00Z');
      const timely = await createOrder(t.db, c.id, { placedAt: '2026-09-19T14:00:00Z', total: '200.00' }); // due Sep 20 10:00
      const stale = await createOrder(t.db, c.id, { placedAt: '2026-09-19T08:00:00Z', total: '200.00' }); // due Sep 19 10:00
      await plan();
      const rows = await touches(ruleId);
      const timelyRow = rows.find((row) => row.occurrence === `order:${timely.id}`);
      expect(timelyRow).toMatchObject({ state: 'planned' });
      expect(timelyRow?.scheduled_at.toISOString()).toBe('2026-09-20T12:00:00.000Z');
      expect(timelyRow?.expires_at?.toISOString()).toBe('2026-09-21T10:00:00.000Z');
      expect(rows.find((row) => row.occurrence === `order:${stale.id}`)).toMatchObject({ state: 'skipped', reason: 'expired' });
    });
  });

  describe('lapse rules catch up once', () => {
    async function lapsed(tag: string, daysAgo: number): Promise<string> {
      const c = await customer(tag, { tier: 'gold' });
      const placedAt = new Date(Date.parse('2026-07-01T12:00:00Z') - daysAgo * 86_400_000).toISOString();
      await createOrder(t.db, c.id, { placedAt, total: '5000.00' });
      await t.db.transaction((m) => refreshCustomerStats(m, [c.id], 'USD'));
      return c.id;
    }
    const goldLapse = (tag: string, extra: Record<string, unknown> = {}): Partial<RuleOverrides> => ({
      conditions: { field: 'tags', op: 'contains', value: tag },
      trigger: { kind: 'lapse', audience: { tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 2, ...extra },
      action: { channel: 'call', templateKey: 'checkin-call', sendAt: '10:00' },
    });

    it('gives a customer already past lapseDays one touch due now, counted as that occurrence', async () => {
      const tag = uniqueId('catch-up');
      t.clock.set('2026-07-01T12:00:00Z');
      const at67 = await lapsed(tag, 67);
      const at86 = await lapsed(tag, 86);
      const at100 = await lapsed(tag, 100);
      const at200 = await lapsed(tag, 200); // past every repeat: the lapse's touches are over
      const fresh = await lapsed(tag, 30);
      const ruleId = await rule(tag, goldLapse(tag));

      // The dry run says how many catch-up touches switching it on makes.
      const dry = await t.app.get(DryRunService).forSavedRule(ruleId, { from: '2026-07-01T12:00:00Z', to: '2026-07-03T12:00:00Z' });
      expect(dry.catchUp).toBe(3);

      const run = await plan();
      expect(run.counts).toMatchObject({ rules: { [ruleId]: { planned: 3, catchUp: 3 } } });
      const rows = await touches(ruleId);
      const of = (id: string) => rows.filter((row) => row.customer_id === id).map((row) => row.occurrence);
      // Day 67 and 86 are in the first period (60..89), day 100 in the second (90..119): one each.
      expect(of(at67)).toEqual([`lapse:${localDate(67, 60)}:1`]);
      expect(of(at86)).toEqual([`lapse:${localDate(86, 60)}:1`]);
      expect(of(at100)).toEqual([`lapse:${localDate(100, 60)}:2`]);
      expect(of(at200)).toEqual([]);
      expect(of(fresh)).toEqual([]);
      // Due now: the call is on today's list at once, at 12:00 (the first allowed time is now).
      expect(rows.find((row) => row.customer_id === at67)?.scheduled_at.toISOString()).toBe('2026-07-01T12:00:00.000Z');

      // Again: nothing more; the next repeat comes on its own day.
      expect((await plan()).counts).toMatchObject({ rules: { [ruleId]: { planned: 0 } } });
      t.clock.set('2026-07-04T00:00:00Z'); // the 86-day customer reaches day 90 on Jul 5, inside the window
      await plan();
      expect((await touches(ruleId)).filter((row) => row.customer_id === at86).map((row) => row.occurrence)).toEqual([
        `lapse:${localDate(86, 60)}:1`,
        `lapse:${localDate(86, 60)}:2`,
      ]);
    });

    it('does not catch up when the rule says so', async () => {
      const tag = uniqueId('no-catch-up');
      t.clock.set('2026-07-01T12:00:00Z');
      await lapsed(tag, 67);
      const ruleId = await rule(tag, goldLapse(tag, { catchUp: false }));
      await plan();
      expect(await touches(ruleId)).toEqual([]);
    });
  });

  describe('expiry', () => {
    it('expires what could not go out in time after an outage, and never sends it late', async () => {
      const tag = uniqueId('outage');
      const c = await customer(tag, { timeZone: 'Europe/Paris', birthMonth: 10, birthDay: 2 });
      const ruleId = await rule(tag);
      t.clock.set('2026-10-01T12:00:00Z');
      await plan();
      const [planned] = await touches(ruleId);
      expect(planned).toMatchObject({ customer_id: c.id, state: 'planned' });
      // The end of Oct 2 in Paris.
      expect(planned.expires_at?.toISOString()).toBe('2026-10-02T22:00:00.000Z');

      // The service was down for four days: the dispatcher does not queue it, the planner expires it.
      t.clock.set('2026-10-06T12:00:00Z');
      expect((await markQueued(t.db, t.clock.now(), 1000)).map((q) => q.id)).not.toContain(planned.id);
      const run = await plan();
      expect(run.counts).toMatchObject({ expired: expect.any(Number) });
      expect(((run.counts as { expired?: number }).expired ?? 0) >= 1).toBe(true);
      expect((await touches(ruleId))[0]).toMatchObject({ state: 'skipped', reason: 'expired' });
      const events = await t.db.query(`SELECT kind FROM touch_events WHERE touch_id = $1`, [planned.id]);
      expect(events).toEqual([{ kind: 'expired' }]);
    });

    it('skips a queued message past its expiry at the last check instead of sending it', async () => {
      const tag = uniqueId('queued-late');
      await customer(tag, { birthMonth: 10, birthDay: 12 });
      const ruleId = await rule(tag);
      t.clock.set('2026-10-11T12:00:00Z');
      await plan();
      const [planned] = await touches(ruleId);
      t.clock.set('2026-10-12T09:00:00Z');
      const queued = await markQueued(t.db, t.clock.now(), 1000);
      const mine = queued.find((q) => q.id === planned.id);
      expect(mine).toBeDefined();
      // The queue was backed up until after the birthday ended.
      t.clock.set('2026-10-13T01:00:00Z');
      const claimed = await markSending<{ id: string }>(
        t.db,
        [{ touchId: planned.id, attempt: mine!.attempts, retried: false }],
        t.clock.now(),
        new Date(0),
        'SELECT id::text AS id FROM claimed',
      );
      expect(claimed).toEqual([]);
      expect((await touches(ruleId))[0]).toMatchObject({ state: 'skipped', reason: 'expired' });
    });

    it('checks the frequency cap again for a touch the last check moved to a later time', async () => {
      const tag = uniqueId('moved-cap');
      const c = await customer(tag);
      const other = await createRule(t.db, { name: uniqueId('others') });
      const low = await createRule(t.db, { name: uniqueId('low'), priority: 5 });
      // Queued on Nov 2 while the week was quiet, then held for quiet hours to Nov 4, by when three
      // other touches went out that week (the cap is 3 in 7 days).
      const moved = await createTouch(t.db, c.id, low.id, {
        state: 'queued',
        scheduledAt: '2026-11-02T09:00:00Z',
        localDate: '2026-11-02',
      });
      t.clock.set('2026-11-02T09:00:00Z');
      expect(
        await markSending(t.db, [{ touchId: moved.id, attempt: 0, retried: false }], t.clock.now(), new Date(0), 'SELECT id FROM claimed'),
      ).toHaveLength(1);
      await reschedule(t.db, [{ id: moved.id, at: new Date('2026-11-04T09:00:00Z') }], t.clock.now());
      for (const day of ['02', '03', '04']) {
        await createTouch(t.db, c.id, other.id, { state: 'sent', scheduledAt: `2026-11-${day}T08:00:00Z`, localDate: `2026-11-${day}` });
      }
      t.clock.set('2026-11-03T12:00:00Z');
      await plan();
      expect((await touches(low.id))[0]).toMatchObject({ state: 'skipped', reason: 'capped' });
    });

    it('calls do not expire: they stay on the list, overdue', async () => {
      const tag = uniqueId('call-late');
      await customer(tag, { birthMonth: 10, birthDay: 22 });
      const ruleId = await rule(tag, { action: { channel: 'call', templateKey: 'birthday-call', sendAt: '10:00' } });
      t.clock.set('2026-10-21T12:00:00Z');
      await plan();
      t.clock.set('2026-10-30T12:00:00Z');
      await plan();
      expect((await touches(ruleId))[0]).toMatchObject({ state: 'planned', expires_at: null });
    });

    it('refuses an expiry below zero and a catch-up on a trigger without one, naming the field', async () => {
      const base = {
        name: uniqueId('bad'),
        trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
        action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
      };
      const negative = await t
        .http()
        .post('/rules')
        .set(admin.auth)
        .send({ ...base, limits: { expireAfterHours: -1 } })
        .expect(422);
      expect(JSON.stringify(negative.body)).toContain('limits.expireAfterHours');
      const catchUp = await t
        .http()
        .post('/rules')
        .set(admin.auth)
        .send({ ...base, trigger: { kind: 'order', minTotal: '10', currency: 'USD', delayHours: 1, catchUp: true } })
        .expect(422);
      expect(JSON.stringify(catchUp.body)).toContain('trigger.catchUp');
    });
  });

  it('re-plans pending touches when the rule is edited: moved, or cancelled as rule_changed; sent ones stay', async () => {
    const tag = uniqueId('edit');
    const stays = await customer(tag, { birthMonth: 11, birthDay: 6, tier: 'gold' });
    const leaves = await customer(tag, { birthMonth: 11, birthDay: 6, tier: 'silver' });
    const gone = await customer(tag, { birthMonth: 11, birthDay: 5, tier: 'gold' });
    const ruleId = await rule(tag);
    t.clock.set('2026-11-04T12:00:00Z');
    await plan();
    expect((await touches(ruleId)).map((row) => row.state)).toEqual(['planned', 'planned', 'planned']);
    // One went out already.
    const goneTouch = (await touches(ruleId)).find((row) => row.customer_id === gone.id)!;
    await t.db.query(`UPDATE touches SET state = 'sent' WHERE id = $1`, [goneTouch.id]);

    await t
      .http()
      .patch(`/rules/${ruleId}`)
      .set(admin.auth)
      .send({
        conditions: {
          all: [
            { field: 'tags', op: 'contains', value: tag },
            { field: 'tier', op: 'in', value: ['gold'] },
          ],
        },
        action: { channel: 'email', templateKey: 'birthday-email', sendAt: '11:00' },
      })
      .expect(200);
    // Re-planned within the edit's request: nothing can go out under the old version meanwhile.
    const rows = await touches(ruleId);
    const by = (id: string) => rows.find((row) => row.customer_id === id)!;
    expect(by(stays.id)).toMatchObject({ state: 'planned', rule_version: 2 });
    expect(by(stays.id).scheduled_at.toISOString()).toBe('2026-11-06T11:00:00.000Z');
    expect(by(leaves.id)).toMatchObject({ state: 'cancelled', reason: 'rule_changed', rule_version: 1 });
    expect(by(gone.id)).toMatchObject({ state: 'sent', rule_version: 1 });
    const [run] = await t.db.query(`SELECT trigger, counts FROM plan_runs WHERE trigger = 'rule_changed' ORDER BY started_at DESC LIMIT 1`);
    expect(run.counts).toMatchObject({ rules: { [ruleId]: { cancelled: 1 } } });
    expect(Object.keys(run.counts.rules)).toEqual([ruleId]);
    const events = await t.db.query(`SELECT kind FROM touch_events WHERE touch_id = $1`, [by(stays.id).id]);
    expect(events).toEqual([{ kind: 'replanned' }]);
    // The next run finds nothing left to do for the edit.
    await plan();
    expect(await touches(ruleId)).toEqual(rows);
  });

  it('does not re-plan on an edit that changes nothing, nor for a disabled rule', async () => {
    const tag = uniqueId('edit-noop');
    await customer(tag, { birthMonth: 11, birthDay: 6 });
    const ruleId = await rule(tag);
    t.clock.set('2026-11-04T12:00:00Z');
    const runs = async () => Number((await t.db.query(`SELECT count(*) AS n FROM plan_runs WHERE trigger = 'rule_changed'`))[0].n);
    const before = await runs();
    const [current] = await t.db.query(`SELECT name FROM rules WHERE id = $1`, [ruleId]);
    await t.http().patch(`/rules/${ruleId}`).set(admin.auth).send({ name: current.name }).expect(200);
    expect(await runs()).toBe(before);
    await t.http().post(`/rules/${ruleId}/disable`).set(admin.auth).expect(200);
    await t
      .http()
      .patch(`/rules/${ruleId}`)
      .set(admin.auth)
      .send({ action: { channel: 'email', templateKey: 'birthday-email', sendAt: '12:00' } })
      .expect(200);
    expect(await runs()).toBe(before);
    expect(await touches(ruleId)).toEqual([]);
  });
});

/** The local (UTC) date `lapseDays` after an order placed `daysAgo` days before 2026-07-01 12:00. */
function localDate(daysAgo: number, lapseDays: number): string {
  return new Date(Date.parse('2026-07-01T12:00:00Z') + (lapseDays - daysAgo) * 86_400_000).toISOString().slice(0, 10);
}

describe("cooldown among one run's own touches", () => {
  let t: TestApp;

  beforeAll(async () => {
    // Four days ahead: room for three daily thank-yous in one run.
    t = await createTestApp({ env: { APP_ROLE: 'api', PLAN_HORIZON_HOURS: '96', FREQUENCY_CAP: '100' } });
  });
  afterAll(() => t.close());

  it('measures from the last touch that goes, so a held-back one holds nothing back', async () => {
    const tag = uniqueId('cooldown-chain');
    const c = await createCustomer(t.db, { tags: [tag], timeZone: 'UTC' });
    const { id: ruleId } = await createRule(t.db, {
      enabled: true,
      conditions: { field: 'tags', op: 'contains', value: tag },
      trigger: { kind: 'order', minTotal: '100', currency: 'USD', delayHours: 0 },
      action: { channel: 'email', templateKey: 'thank-you', sendAt: '10:00' },
      limits: { cooldownDays: 2 },
    });
    t.clock.set('2026-09-01T09:00:00Z');
    // Due at 10:00 on Sept 1, 2 and 3: the second is inside the first's cooldown; the third is
    // exactly two days after the first, and goes.
    const orders = [];
    for (const placedAt of ['2026-09-01T08:00:00Z', '2026-09-01T12:00:00Z', '2026-09-02T12:00:00Z']) {
      orders.push(await createOrder(t.db, c.id, { placedAt, total: '500.00' }));
    }
    const run = await t.app.get(PlannerService).planOnce('manual');
    const rows: { occurrence: string; state: string; reason: string | null; scheduled_at: Date }[] = await t.db.query(
      'SELECT occurrence, state, reason, scheduled_at FROM touches WHERE rule_id = $1 ORDER BY scheduled_at',
      [ruleId],
    );
    expect(rows.map((r) => [r.occurrence, r.state, r.reason, r.scheduled_at.toISOString()])).toEqual([
      [`order:${orders[0].id}`, 'planned', null, '2026-09-01T10:00:00.000Z'],
      [`order:${orders[1].id}`, 'skipped', 'cooldown', '2026-09-02T10:00:00.000Z'],
      [`order:${orders[2].id}`, 'planned', null, '2026-09-03T10:00:00.000Z'],
    ]);
    expect(run?.counts.rules[ruleId]).toMatchObject({ planned: 2, skipped: { cooldown: 1 } });
  });
});
