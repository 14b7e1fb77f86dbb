import { PlannerService } from '../../src/planner/planner.service';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, StaffFixture, uniqueId } from '../factories';

interface Planned {
  customerId: string;
  occurrence: string;
  scheduledAt: string;
  localTime: string;
  channel: string;
  templateKey: string;
}

describe('dry run', () => {
  let t: TestApp;
  let admin: StaffFixture;
  const rules: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { APP_ROLE: 'api' }, now: '2026-04-09T06:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(async () => {
    await t.db.query('UPDATE rules SET enabled = false WHERE id = ANY($1::uuid[])', [rules]);
    await t.close();
  });

  /** A mixed crowd: zones, consent, no phone, and enough people for the holdout to bite. */
  async function crowd(tag: string): Promise<void> {
    const zones = ['Asia/Bangkok', 'America/New_York', 'Pacific/Kiritimati', 'Europe/Moscow'];
    for (let i = 0; i < 16; i++) {
      await createCustomer(t.db, {
        tags: [tag],
        birthMonth: 4,
        birthDay: 10,
        timeZone: zones[i % zones.length],
        phone: i === 3 ? null : '+14155550123',
        ...(i === 5 ? { consent: {} } : {}),
      });
    }
  }

  const body = (tag: string) => ({
    name: 'Birthday SMS',
    priority: 60,
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    conditions: { field: 'tags', op: 'contains', value: tag },
    action: { channel: 'sms', templateKey: 'birthday-sms', sendAt: '07:30' },
    limits: { holdoutPercent: 30 },
  });

  it('answers who, when and who not, for an unsaved rule, and writes nothing', async () => {
    const tag = uniqueId('dry');
    await crowd(tag);
    const [{ touches: before, rules: rulesBefore, runs: runsBefore }] = await t.db.query(
      'SELECT (SELECT count(*) FROM touches) AS touches, (SELECT count(*) FROM rules) AS rules, (SELECT count(*) FROM plan_runs) AS runs',
    );
    const res = await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      // No holdout here: it is drawn first, and an unsaved rule's draw differs each time.
      .send({ rule: { ...body(tag), limits: {} }, from: '2026-04-09T06:00:00Z', to: '2026-04-11T06:00:00Z', limit: 5 })
      .expect(200);
    expect(res.body.rule).toEqual({ id: null, name: 'Birthday SMS' });
    expect(res.body.planned.items).toHaveLength(5);
    expect(res.body.planned.items[0]).toMatchObject({
      channel: 'sms',
      templateKey: 'birthday-sms',
      occurrence: 'birthday:2026',
      localDate: '2026-04-10',
    });
    // 07:30 is in quiet hours: 08:00 local.
    expect(res.body.planned.items.every((item: Planned) => item.localTime.slice(11, 16) === '08:00')).toBe(true);
    expect(res.body.skipped.byReason).toMatchObject({ no_address: 1, opted_out: 1 });
    expect(res.body.skipped.examples.no_address).toHaveLength(1);
    expect(res.body.planned.total + res.body.skipped.total).toBe(16);
    // Rendered samples: this rule's template does not exist, and the sample says so.
    expect(res.body.samples).toHaveLength(3);
    expect(res.body.samples[0]).toMatchObject({ templateKey: 'birthday-sms', error: expect.stringContaining('birthday-sms') });

    const [after] = await t.db.query(
      'SELECT (SELECT count(*) FROM touches) AS touches, (SELECT count(*) FROM rules) AS rules, (SELECT count(*) FROM plan_runs) AS runs',
    );
    expect(after).toEqual({ touches: before, rules: rulesBefore, runs: runsBefore });
  });

  it('matches what the planner then does with the same rule over the same window', async () => {
    const tag = uniqueId('same');
    await crowd(tag);
    const { id } = await createRule(t.db, { ...body(tag), enabled: true });
    rules.push(id);
    const dry = await t
      .http()
      .post(`/rules/${id}/dry-run`)
      .set(admin.auth)
      .send({ from: '2026-04-09T06:00:00Z', to: '2026-04-11T06:00:00Z', limit: 500 })
      .expect(200);

    const run = await t.app.get(PlannerService).planOnce('manual'); // now = 2026-04-09T06:00Z, 48-hour horizon
    expect(run).not.toBeNull();
    const ledger: { customer_id: string; occurrence: string; scheduled_at: Date; state: string; reason: string | null }[] =
      await t.db.query('SELECT customer_id, occurrence, scheduled_at, state, reason FROM touches WHERE rule_id = $1', [id]);
    const planned = ledger
      .filter((row) => row.state === 'planned')
      .map((row) => `${row.customer_id} ${row.occurrence} ${row.scheduled_at.toISOString()}`)
      .sort();
    expect(dry.body.planned.items.map((item: Planned) => `${item.customerId} ${item.occurrence} ${item.scheduledAt}`).sort()).toEqual(
      planned,
    );
    const reasons: Record<string, number> = {};
    for (const row of ledger) if (row.reason) reasons[row.reason] = (reasons[row.reason] ?? 0) + 1;
    expect(dry.body.skipped.byReason).toEqual(reasons);
    expect(reasons.holdout).toBeGreaterThan(0);

    // Now that the planner has run, the dry run says so instead of repeating it.
    const again = await t
      .http()
      .post(`/rules/${id}/dry-run`)
      .set(admin.auth)
      .send({ from: '2026-04-09T06:00:00Z', to: '2026-04-11T06:00:00Z' })
      .expect(200);
    expect(again.body.planned.total).toBe(0);
    expect(again.body.alreadyInLedger).toBe(16);
  });

  it("renders the first few touches with the shipped template in the customer's language", async () => {
    const tag = uniqueId('sample');
    await createCustomer(t.db, { tags: [tag], birthMonth: 4, birthDay: 10, locale: 'vi', firstName: 'Lan', timeZone: 'Asia/Ho_Chi_Minh' });
    const res = await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      .send({
        rule: { ...body(tag), limits: {}, action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' } },
        from: '2026-04-09T06:00:00Z',
        to: '2026-04-11T06:00:00Z',
      })
      .expect(200);
    expect(res.body.samples).toHaveLength(1);
    expect(res.body.samples[0]).toMatchObject({ templateKey: 'birthday-email', locale: 'vi' });
    expect(res.body.samples[0].parts.text).toContain('Lan');
  });

  it('refuses bad windows and bad rules with the field, and unknown rules with 404', async () => {
    const bad = await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      .send({
        rule: { ...body('x'), action: { channel: 'fax', templateKey: 'x', sendAt: '25:00' } },
        from: '2026-04-09T00:00:00Z',
        to: '2026-04-10T00:00:00Z',
      })
      .expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['rule.action.channel', 'rule.action.sendAt']),
    );
    const backwards = await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      .send({ rule: body('x'), from: '2026-04-10T00:00:00Z', to: '2026-04-09T00:00:00Z' })
      .expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', reason: 'must be after from' }]);
    await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      .send({ rule: body('x'), from: 'yesterday', to: '2026-04-09T00:00:00Z' })
      .expect(400);
    await t
      .http()
      .post('/rules/00000000-0000-4000-8000-000000000000/dry-run')
      .set(admin.auth)
      .send({ from: '2026-04-09T00:00:00Z', to: '2026-04-10T00:00:00Z' })
      .expect(404);
    const manager = await createStaff(t.db, { role: 'manager' });
    await t
      .http()
      .post('/rules/dry-run')
      .set(manager.auth)
      .send({ rule: body('x'), from: '2026-04-09T00:00:00Z', to: '2026-04-10T00:00:00Z' })
      .expect(403);
  });
});
