import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, createTemplate, StaffFixture, uniqueId } from '../factories';

interface AuditItem {
  id: string;
  at: string;
  actorStaffId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Enabled rules here match no customer, so planners running in other test files never act on them. */
const nobody = () => ({ field: 'tags', op: 'contains', value: uniqueId('nobody') });

describe('audit log', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-15T12:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    manager = await createStaff(t.db, { role: 'manager', name: 'Max Manager' });
  });
  afterAll(() => t.close());

  async function entries(query: Record<string, string>): Promise<AuditItem[]> {
    const res = await t
      .http()
      .get('/audit')
      .query({ limit: '500', ...query })
      .set(admin.auth)
      .expect(200);
    return res.body.items as AuditItem[];
  }

  it('is for admins only: 401 without a token, 403 for a manager', async () => {
    await t.http().get('/audit').expect(401);
    const refused = await t.http().get('/audit').set(manager.auth).expect(403);
    expect(refused.body.statusCode).toBe(403);
  });

  it('records staff changes with who, when, before and after', async () => {
    const email = `${uniqueId('new')}@example.test`;
    const created = await t
      .http()
      .post('/staff')
      .set(admin.auth)
      .send({ name: 'Nia New', email, role: 'manager', timeZone: 'Europe/Berlin' })
      .expect(201);
    await t.http().patch(`/staff/${created.body.id}`).set(admin.auth).send({ dailyCapacity: 7 }).expect(200);
    const log = await entries({ entityType: 'staff', entityId: created.body.id });
    expect(log.map((e) => e.action)).toEqual(['update', 'create']);
    expect(log[1]).toMatchObject({ actorStaffId: admin.id, after: { name: 'Nia New', email, role: 'manager' }, before: null });
    expect(log[0]).toMatchObject({ before: { dailyCapacity: 20 }, after: { dailyCapacity: 7 } });
    expect(new Date(log[0].at).toISOString()).toBe(t.clock.now().toISOString());
    // A refused change leaves no entry: it is written in the change's own transaction.
    await t.http().post('/staff').set(admin.auth).send({ name: 'Nia Again', email, role: 'manager', timeZone: 'UTC' }).expect(409);
    expect(await entries({ entityType: 'staff', entityId: created.body.id })).toHaveLength(2);
  });

  it('records token issue and revoke, never the token or its hash', async () => {
    const issued = await t.http().post(`/staff/${manager.id}/tokens`).set(admin.auth).send({ name: 'laptop' }).expect(201);
    await t.http().delete(`/tokens/${issued.body.id}`).set(admin.auth).expect(204);
    const log = await entries({ entityType: 'api_token', entityId: issued.body.id });
    expect(log.map((e) => e.action)).toEqual(['revoke', 'issue']);
    expect(log[1]).toMatchObject({ actorStaffId: admin.id, after: { staffId: manager.id, name: 'laptop', prefix: issued.body.prefix } });
    const [{ hash }] = await t.db.query(`SELECT token_hash AS hash FROM api_tokens WHERE id = $1`, [issued.body.id]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE before::text LIKE $1 OR after::text LIKE $1 OR before::text LIKE $2 OR after::text LIKE $2`,
      [`%${issued.body.token}%`, `%${hash}%`],
    );
    expect(n).toBe(0);
  });

  it('records rule changes: create, update, enable, disable, delete', async () => {
    const template = (await createTemplate(t.db, { channel: 'email' })).key;
    const rule = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send({
        name: uniqueId('Audited rule'),
        trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
        conditions: nobody(),
        action: { channel: 'email', templateKey: template, sendAt: '09:00' },
      })
      .expect(201);
    await t.http().patch(`/rules/${rule.body.id}`).set(admin.auth).send({ priority: 70 }).expect(200);
    await t.http().post(`/rules/${rule.body.id}/enable`).set(admin.auth).expect(200);
    await t.http().post(`/rules/${rule.body.id}/disable`).set(admin.auth).expect(200);
    await t.http().delete(`/rules/${rule.body.id}`).set(admin.auth).expect(204);
    const log = await entries({ entityType: 'rule', entityId: rule.body.id });
    expect(log.map((e) => e.action)).toEqual(['delete', 'disable', 'enable', 'update', 'create']);
    expect(log.every((e) => e.actorStaffId === admin.id)).toBe(true);
    expect(log[3]).toMatchObject({ before: { priority: 50 }, after: { priority: 70 } });
    expect(log[0].before).toMatchObject({ name: rule.body.name });
  });

  it('records template changes', async () => {
    const key = uniqueId('audited')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    await t
      .http()
      .post('/templates')
      .set(admin.auth)
      .send({ key, channel: 'sms', variants: { default: { text: 'Hi {{customer.firstName}}' } } })
      .expect(201);
    await t.http().patch(`/templates/${key}`).set(admin.auth).send({ description: 'now described' }).expect(200);
    await t.http().put(`/templates/${key}/variants/vi`).set(admin.auth).send({ text: 'Chào {{customer.firstName}}' }).expect(200);
    await t.http().delete(`/templates/${key}`).set(admin.auth).expect(204);
    const log = await entries({ entityType: 'template', entityId: key });
    expect(log.map((e) => e.action)).toEqual(['delete', 'put_variant', 'update', 'create']);
    expect(log[2]).toMatchObject({ before: { description: '' }, after: { description: 'now described' } });
  });

  it('records suppressions added and lifted, and CSV exports, by actor', async () => {
    const address = `${uniqueId('sup')}@example.test`;
    const added = await t.http().post('/suppressions').set(admin.auth).send({ channel: 'email', address }).expect(201);
    await t.http().delete(`/suppressions/${added.body.id}`).set(admin.auth).expect(204);
    const log = await entries({ entityType: 'suppression', entityId: added.body.id });
    expect(log.map((e) => e.action)).toEqual(['lift', 'add']);
    expect(log[1].after).toMatchObject({ channel: 'email', address });
    expect(log[0].before).toMatchObject({ channel: 'email', address });

    await t.http().get('/reports/staff?format=csv').set(manager.auth).expect(200);
    await t.http().get('/reports/staff').set(manager.auth).expect(200);
    const exports = await entries({ entityType: 'report', actor: manager.id });
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ action: 'export', entityId: 'staff', after: { format: 'csv', rows: 1 } });
  });

  it('records erasures without the erased data', async () => {
    const customer = await createCustomer(t.db, { firstName: 'Ottoline', email: `${uniqueId('ottoline')}@example.test` });
    await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
    const [entry] = await entries({ entityType: 'customer', entityId: customer.externalId });
    expect(entry).toMatchObject({ action: 'erase', actorStaffId: admin.id, after: { touches: 0, tasks: 0 } });
    expect(JSON.stringify(entry)).not.toContain('Ottoline');
  });

  it('filters by since and pages with a cursor; a forged cursor or bad filter is a 400', async () => {
    // Other test files share the database and its log: this test reads its own admin's entries only.
    const pager = await createStaff(t.db, { role: 'admin', name: 'Paula Pager' });
    const addStaff = (name: string) =>
      t
        .http()
        .post('/staff')
        .set(pager.auth)
        .send({ name, email: `${uniqueId('page')}@example.test`, role: 'manager', timeZone: 'UTC' })
        .expect(201);
    await addStaff('Before');
    t.clock.advance(86_400_000);
    const since = t.clock.now().toISOString();
    for (let i = 0; i < 3; i++) await addStaff(`Page ${i}`);
    const all = await entries({ since, actor: pager.id });
    expect(all.map((e) => e.after?.name)).toEqual(['Page 2', 'Page 1', 'Page 0']);
    expect((await entries({ actor: pager.id })).map((e) => e.after?.name)).toEqual(['Page 2', 'Page 1', 'Page 0', 'Before']);
    const first = await t.http().get('/audit').query({ since, actor: pager.id, limit: '2' }).set(admin.auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t
      .http()
      .get('/audit')
      .query({ since, actor: pager.id, limit: '2', cursor: first.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(second.body).toEqual({ items: [all[2]], nextCursor: null });

    for (const cursor of ['x', 'a0', 'a99999999999999999999', "a1' OR '1'='1"]) {
      const res = await t.http().get('/audit').query({ cursor }).set(admin.auth).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    for (const [field, value] of [
      ['entityType', 'planet'],
      ['actor', 'not-a-uuid'],
      ['since', 'yesterday'],
      ['limit', '0'],
      ['since', '0000-01-01T00:00:00Z'],
      ['since', '+275760-09-13T00:00:00Z'],
    ]) {
      const res = await t
        .http()
        .get('/audit')
        .query({ [field]: value })
        .set(admin.auth)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await t.http().get('/docs/openapi.json').expect(200);
    const get = doc.body.paths['/audit'].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['entityType', 'entityId', 'actor', 'since', 'cursor', 'limit']),
    );
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});
