import { createRule, createStaff, StaffFixture } from '../factories';
import { createTestApp, TestApp } from '../app';

const UNSTORABLE = 'must be valid Unicode text without NUL characters';

describe('bad input answers 400 naming the field', () => {
  let t: TestApp;
  let admin: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  describe('text PostgreSQL cannot store (NUL, a lone surrogate)', () => {
    it('in a body field, and nothing is written', async () => {
      const email = `nul-${Date.now()}@example.test`;
      const res = await t
        .http()
        .post('/staff')
        .set(admin.auth)
        .send({ name: 'Nul Person', email, role: 'manager', timeZone: 'UTC', emailSignature: 'Best,\u0000Nul' })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'bad request', errors: [{ field: 'emailSignature', reason: UNSTORABLE }] });
      const rows = await t.db.query('SELECT 1 FROM staff WHERE email = $1', [email]);
      expect(rows).toHaveLength(0);
    });

    it('deep in a JSON field stored as jsonb', async () => {
      const name = `Surrogate rule ${Date.now()}`;
      const res = await t
        .http()
        .post('/rules')
        .set(admin.auth)
        .send({
          name,
          trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
          action: { channel: 'email', templateKey: 'any-template', sendAt: '09:00' },
          conditions: { all: [{ field: 'tier', op: 'eq', value: 'gold\ud800' }] },
        })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'conditions.all.0.value', reason: UNSTORABLE }]);
      const rows = await t.db.query('SELECT 1 FROM rules WHERE name = $1', [name]);
      expect(rows).toHaveLength(0);
    });

    it('in a query parameter', async () => {
      const res = await t.http().get('/customers').query({ q: 'a\u0000' }).set(admin.auth).expect(400);
      expect(res.body.errors).toEqual([{ field: 'q', reason: UNSTORABLE }]);
    });

    it('in a path parameter', async () => {
      const res = await t.http().get('/customers/a%00b').set(admin.auth).expect(400);
      expect(res.body.errors).toEqual([{ field: 'externalId', reason: UNSTORABLE }]);
    });

    it("in a bulk row is still that row's rejection, the others written", async () => {
      const res = await t
        .http()
        .post('/customers/bulk')
        .set(admin.auth)
        .send({
          customers: [
            { externalId: `nul-row-${Date.now()}`, firstName: 'A\u0000' },
            { externalId: `ok-row-${Date.now()}`, firstName: 'Ok' },
          ],
        })
        .expect(200);
      expect(res.body).toMatchObject({ inserted: 1, rejected: [{ index: 0, errors: [{ field: 'firstName', reason: UNSTORABLE }] }] });
    });
  });
  describe('ids and paging numbers out of range', () => {
    it.each([
      ['GET', '/rules/not-a-uuid'],
      ['GET', '/staff/123'],
      ['PATCH', '/staff/-1'],
      ['DELETE', '/tokens/..%2F..%2Fetc'],
      ['GET', '/planner/runs/99999999999999999999'],
      ['POST', '/rules/1e5/cancel-pending'],
    ])('%s %s names the id', async (method, path) => {
      const res = await t.http()[method.toLowerCase() as 'get'](path).set(admin.auth).send({}).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'bad request', errors: [{ field: 'id', reason: 'must be a UUID' }] });
    });

    it('refuses an offset past what the database can count', async () => {
      const runs = await t.http().get('/planner/runs').query({ offset: '99999999999999999999' }).set(admin.auth).expect(400);
      expect(runs.body.errors).toEqual([expect.objectContaining({ field: 'offset' })]);
      const rule = await createRule(t.db);
      const dryRun = await t
        .http()
        .post(`/rules/${rule.id}/dry-run`)
        .set(admin.auth)
        .send({ from: '2026-06-15T00:00:00Z', to: '2026-06-16T00:00:00Z', offset: 1e20 })
        .expect(400);
      expect(dryRun.body.errors).toEqual([expect.objectContaining({ field: 'offset' })]);
    });
  });
  describe('a body the API cannot read', () => {
    it('answers 415 naming Content-Type, and writes nothing', async () => {
      const email = `plain.${Date.now()}@example.test`;
      const json = JSON.stringify({ name: 'Plain Text', email, role: 'manager', timeZone: 'UTC' });
      const res = await t.http().post('/staff').set(admin.auth).set('Content-Type', 'text/plain').send(json).expect(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'unsupported media type',
        message: 'The API reads JSON bodies only',
        errors: [{ field: 'Content-Type', reason: 'is text/plain; send the body as application/json' }],
      });
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM staff WHERE email = $1`, [email]);
      expect(count).toBe(0);
      await t.http().post('/staff').set(admin.auth).set('Content-Type', 'application/json').send(json).expect(201);
    });

    it('still takes requests with no body in any type', async () => {
      const rule = await createRule(t.db);
      await t.http().post(`/rules/${rule.id}/disable`).set(admin.auth).type('form').expect(200);
    });
  });
});
