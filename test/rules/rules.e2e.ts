import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, createTemplate, createTouch, StaffFixture, uniqueId } from '../factories';

/** Enabled rules here match no customer, so planners running in other test files never act on them. */
const nobody = () => ({ field: 'tags', op: 'contains', value: uniqueId('nobody') });

describe('rules', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let emailTemplate: string;
  let cardTemplate: string;

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: uniqueId('Birthday email'),
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    action: { channel: 'email', templateKey: emailTemplate, sendAt: '09:00' },
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    manager = await createStaff(t.db, { role: 'manager', name: 'Max Manager' });
    emailTemplate = (await createTemplate(t.db, { channel: 'email' })).key;
    cardTemplate = (await createTemplate(t.db, { channel: 'card' })).key;
  });
  afterAll(() => t.close());

  it('lets only admins read and write rules', async () => {
    const rule = await createRule(t.db);
    const routes: ['get' | 'post' | 'patch' | 'delete', string][] = [
      ['get', '/rules'],
      ['get', `/rules/${rule.id}`],
      ['post', '/rules'],
      ['patch', `/rules/${rule.id}`],
      ['delete', `/rules/${rule.id}`],
      ['post', `/rules/${rule.id}/enable`],
      ['post', `/rules/${rule.id}/disable`],
      ['get', `/rules/${rule.id}/versions`],
      ['post', `/rules/${rule.id}/cancel-pending`],
      ['get', '/rules/conditions/schema'],
    ];
    for (const [method, path] of routes) {
      await t.http()[method](path).expect(401);
      await t.http()[method](path).set(manager.auth).send({}).expect(403);
    }
  });

  it('creates a rule as version 1 and reads it back', async () => {
    const conditions = {
      any: [
        { field: 'tier', op: 'in', value: ['gold'] },
        { field: 'lifetimeValue', op: 'gte', value: '3000' },
      ],
    };
    const created = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ conditions, priority: 80, limits: { cooldownDays: 300, holdoutPercent: 5 } }))
      .expect(201);
    expect(created.body).toMatchObject({
      enabled: false,
      priority: 80,
      version: 1,
      conditions,
      updatedBy: admin.id,
      createdAt: '2026-06-15T12:00:00.000Z',
    });
    const got = await t.http().get(`/rules/${created.body.id}`).set(admin.auth).expect(200);
    expect(got.body).toMatchObject({ id: created.body.id, name: created.body.name, limits: { cooldownDays: 300, holdoutPercent: 5 } });
    const listed = await t.http().get('/rules').set(admin.auth).expect(200);
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const enabledOnly = await t.http().get('/rules?enabled=true').set(admin.auth).expect(200);
    expect(enabledOnly.body.every((r: { enabled: boolean }) => r.enabled)).toBe(true);
  });

  it('answers 400 for the wrong shape', async () => {
    const res = await t.http().post('/rules').set(admin.auth).send({ name: 5, trigger: 'birthday', action: [], extra: 1 }).expect(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['action', 'extra', 'name', 'trigger']);
    await t.http().get('/rules/not-a-uuid').set(admin.auth).expect(400);
    await t
      .http()
      .patch(`/rules/${(await createRule(t.db)).id}`)
      .set(admin.auth)
      .send({ enabled: true })
      .expect(400);
  });

  it('refuses a list filter that is not true or false instead of reading it as false', async () => {
    for (const value of ['maybe', '1', 'yes', '']) {
      const res = await t.http().get('/rules').query({ enabled: value }).set(admin.auth).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'enabled' })]);
    }
    const unknown = await t.http().get('/rules?enabeld=true').set(admin.auth).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'enabeld' })]);
    const disabled = await createRule(t.db, { enabled: false });
    const listed = await t.http().get('/rules?enabled=false').set(admin.auth).expect(200);
    expect(listed.body.every((r: { enabled: boolean }) => !r.enabled)).toBe(true);
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(disabled.id);
  });

  it('answers 422 naming each semantic problem by path', async () => {
    const res = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(
        body({
          trigger: { kind: 'date', field: 'birthday', offsetDays: 90 },
          conditions: { any: [{ field: 'firstName', op: 'gt', value: 'A' }] },
          action: { channel: 'email', templateKey: emailTemplate, sendAt: '25:00', dueOffsetDays: 2 },
          priority: 5000,
        }),
      )
      .expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'action.dueOffsetDays',
      'action.sendAt',
      'conditions.any.0.op',
      'priority',
      'trigger.offsetDays',
    ]);
    expect(res.body.statusCode).toBe(422);
  });

  it('refuses a template that does not exist or has another channel', async () => {
    const missing = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ action: { channel: 'email', templateKey: 'no-such-template', sendAt: '09:00' } }))
      .expect(422);
    expect(missing.body.errors).toEqual([{ field: 'action.templateKey', reason: expect.stringContaining('no email template') }]);
    await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ action: { channel: 'email', templateKey: cardTemplate, sendAt: '09:00' } }))
      .expect(422);
    await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ action: { channel: 'card', templateKey: cardTemplate, sendAt: '09:00', dueOffsetDays: 5 } }))
      .expect(201);
  });

  it('checks the template again when enabling, since it may have been deleted', async () => {
    const template = await createTemplate(t.db, { channel: 'sms' });
    const created = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ action: { channel: 'sms', templateKey: template.key, sendAt: '12:00' } }))
      .expect(201);
    await t.db.query(`DELETE FROM templates WHERE id = $1`, [template.id]);
    const res = await t.http().post(`/rules/${created.body.id}/enable`).set(admin.auth).expect(422);
    expect(res.body.errors).toEqual([{ field: 'action.templateKey', reason: `no sms template has the key ${template.key}` }]);
  });

  it('keeps names unique regardless of case (409)', async () => {
    const name = uniqueId('Thank you');
    await t.http().post('/rules').set(admin.auth).send(body({ name })).expect(201);
    const again = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(body({ name: name.toUpperCase() }))
      .expect(409);
    expect(again.body.errors).toEqual([{ field: 'name', reason: 'is already in use' }]);
    const other = await t.http().post('/rules').set(admin.auth).send(body()).expect(201);
    await t.http().patch(`/rules/${other.body.id}`).set(admin.auth).send({ name }).expect(409);
    // Renaming to itself in another case is no conflict.
    await t.http().patch(`/rules/${other.body.id}`).set(admin.auth).send({ name: other.body.name.toUpperCase() }).expect(200);
  });

  it('patches partially, validates the merged rule as a whole, and keeps every version with who and when', async () => {
    const other = await createStaff(t.db, { role: 'admin', name: 'Otto Other' });
    const created = await t.http().post('/rules').set(admin.auth).send(body()).expect(201);
    const id: string = created.body.id;

    t.clock.set('2026-06-16T08:00:00Z');
    const patched = await t
      .http()
      .patch(`/rules/${id}`)
      .set(other.auth)
      .send({ action: { sendAt: '10:30' }, priority: 70 })
      .expect(200);
    expect(patched.body).toMatchObject({
      version: 2,
      priority: 70,
      action: { channel: 'email', templateKey: emailTemplate, sendAt: '10:30' },
      updatedBy: other.id,
    });

    // A channel change alone leaves an email template on a card: the whole rule is checked again.
    const bad = await t
      .http()
      .patch(`/rules/${id}`)
      .set(admin.auth)
      .send({ action: { dueOffsetDays: 5 } })
      .expect(422);
    expect(bad.body.errors).toEqual([{ field: 'action.dueOffsetDays', reason: 'is only for call and card actions' }]);

    // Another trigger kind replaces the trigger; a bad one names its path.
    const wrongKind = await t
      .http()
      .patch(`/rules/${id}`)
      .set(admin.auth)
      .send({ trigger: { kind: 'order', minTotal: '500', currency: 'EURO', delayHours: 24 } })
      .expect(422);
    expect(wrongKind.body.errors).toEqual([{ field: 'trigger.currency', reason: expect.stringContaining('ISO 4217') }]);
    await t
      .http()
      .patch(`/rules/${id}`)
      .set(admin.auth)
      .send({ trigger: { kind: 'order', minTotal: '500', currency: 'EUR', delayHours: 24 } })
      .expect(200);

    // No change, no version.
    const same = await t.http().patch(`/rules/${id}`).set(admin.auth).send({ priority: 70 }).expect(200);
    expect(same.body.version).toBe(3);

    t.clock.set('2026-06-17T08:00:00Z');
    await t.http().post(`/rules/${id}/enable`).set(admin.auth).expect(200);
    await t.http().post(`/rules/${id}/enable`).set(admin.auth).expect(200);
    t.clock.set('2026-06-18T08:00:00Z');
    await t.http().post(`/rules/${id}/disable`).set(other.auth).expect(200);

    const versions = await t.http().get(`/rules/${id}/versions`).set(admin.auth).expect(200);
    expect(
      versions.body.map((v: { version: number; change: string; changedBy: { name: string }; changedAt: string }) => [
        v.version,
        v.change,
        v.changedBy.name,
        v.changedAt,
      ]),
    ).toEqual([
      [1, 'created', 'Ann Admin', '2026-06-15T12:00:00.000Z'],
      [2, 'updated', 'Otto Other', '2026-06-16T08:00:00.000Z'],
      [3, 'updated', 'Ann Admin', '2026-06-16T08:00:00.000Z'],
      [4, 'enabled', 'Ann Admin', '2026-06-17T08:00:00.000Z'],
      [5, 'disabled', 'Otto Other', '2026-06-18T08:00:00.000Z'],
    ]);
    expect(versions.body[1].snapshot).toMatchObject({ priority: 70, action: { sendAt: '10:30' }, trigger: { kind: 'date' }, version: 2 });
    expect(versions.body[2].snapshot).toMatchObject({ trigger: { kind: 'order', currency: 'EUR' } });
    expect(versions.body[4].snapshot).toMatchObject({ enabled: false });
    t.clock.set('2026-06-15T12:00:00Z');
  });

  it('disabling cancels planned and queued touches in the same step, and leaves the rest', async () => {
    const rule = await createRule(t.db, { enabled: true, conditions: nobody() });
    const otherRule = await createRule(t.db, { enabled: true, conditions: nobody() });
    const customer = await createCustomer(t.db);
    const planned = await createTouch(t.db, customer.id, rule.id, { state: 'planned' });
    const queued = await createTouch(t.db, customer.id, rule.id, { state: 'queued' });
    const sent = await createTouch(t.db, customer.id, rule.id, { state: 'sent' });
    const skipped = await createTouch(t.db, customer.id, rule.id, { state: 'skipped', reason: 'opted_out' });
    const untouched = await createTouch(t.db, customer.id, otherRule.id, { state: 'planned' });

    const res = await t.http().post(`/rules/${rule.id}/disable`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ rule: { id: rule.id, enabled: false, version: 2 }, cancelledTouches: 2 });
    const states = async (ids: string[]) =>
      (await t.db.query(`SELECT state, reason FROM touches WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids])).map(
        (r: { state: string; reason: string | null }) => `${r.state}:${r.reason}`,
      );
    expect(await states([planned.id, queued.id, sent.id, skipped.id])).toEqual([
      'cancelled:rule_disabled',
      'cancelled:rule_disabled',
      'sent:null',
      'skipped:opted_out',
    ]);
    expect(await states([untouched.id])).toEqual(['planned:null']);
  });

  it('rolls back the disable when cancelling fails, leaving nothing half-written', async () => {
    const rule = await createRule(t.db, { enabled: true, conditions: nobody() });
    const customer = await createCustomer(t.db);
    await createTouch(t.db, customer.id, rule.id, { state: 'planned' });
    // A trigger refusing the cancellation stands in for any failure inside the transaction.
    const fn = `refuse_${rule.id.replace(/-/g, '')}`;
    await t.db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.rule_id = '${rule.id}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER ${fn} BEFORE UPDATE ON touches FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await t.http().post(`/rules/${rule.id}/disable`).set(admin.auth).expect(500);
    } finally {
      await t.db.query(`DROP TRIGGER ${fn} ON touches`);
      await t.db.query(`DROP FUNCTION ${fn}()`);
    }
    const [row] = await t.db.query(`SELECT enabled, version FROM rules WHERE id = $1`, [rule.id]);
    expect(row).toEqual({ enabled: true, version: 1 });
    const versions = await t.db.query(`SELECT count(*)::int AS n FROM rule_versions WHERE rule_id = $1`, [rule.id]);
    expect(versions[0].n).toBe(1);
  });

  it('deletes a rule without history, and refuses one with pending or sent touches (409)', async () => {
    const customer = await createCustomer(t.db);
    const clean = await createRule(t.db);
    await createTouch(t.db, customer.id, clean.id, { state: 'cancelled', reason: 'cancelled_by_admin' });
    await createTouch(t.db, customer.id, clean.id, { state: 'skipped', reason: 'holdout' });
    await t.http().delete(`/rules/${clean.id}`).set(admin.auth).expect(204);
    await t.http().get(`/rules/${clean.id}`).set(admin.auth).expect(404);

    const used = await createRule(t.db);
    await createTouch(t.db, customer.id, used.id, { state: 'delivered' });
    const res = await t.http().delete(`/rules/${used.id}`).set(admin.auth).expect(409);
    expect(res.body.message).toContain('disable it instead');
    await t.http().get(`/rules/${used.id}`).set(admin.auth).expect(200);
  });

  it('answers 404 for unknown rules everywhere', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await t.http().get(`/rules/${unknown}`).set(admin.auth).expect(404);
    await t.http().patch(`/rules/${unknown}`).set(admin.auth).send({ priority: 1 }).expect(404);
    await t.http().delete(`/rules/${unknown}`).set(admin.auth).expect(404);
    await t.http().post(`/rules/${unknown}/enable`).set(admin.auth).expect(404);
    await t.http().post(`/rules/${unknown}/disable`).set(admin.auth).expect(404);
    await t.http().get(`/rules/${unknown}/versions`).set(admin.auth).expect(404);
    await t.http().post(`/rules/${unknown}/cancel-pending`).set(admin.auth).expect(404);
  });

  it('serves the condition language, and documents it in the API docs', async () => {
    const schema = await t.http().get('/rules/conditions/schema').set(admin.auth).expect(200);
    expect(schema.body.fields.find((f: { name: string }) => f.name === 'tags').operators.map((o: { op: string }) => o.op)).toEqual([
      'contains',
      'notContains',
      'containsAny',
    ]);
    const docs = await t.http().get('/docs/openapi.json').expect(200);
    expect(docs.body.paths['/rules'].post.description).toContain('lifetimeValue');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/rules/{id}/versions', '/rules/{id}/cancel-pending', '/touches']),
    );
  });
});
