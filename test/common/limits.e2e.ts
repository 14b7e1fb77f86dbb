import { gzipSync } from 'node:zlib';
import { signUnsubscribe } from '../../src/consent/unsubscribe-link';
import { DEV_SIGNING_SECRET } from '../../src/config/env';
import { MAX_JSON_DEPTH } from '../../src/common/json-depth';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';

const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
/** A body nested 5,000 levels deep: recursion over it, in parsing or validation, is what broke before. */
const DEEP = '['.repeat(5_000) + ']'.repeat(5_000);

describe('input that used to reach a 500', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let customer: { externalId: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db);
    customer = await createCustomer(t.db, { accountManagerId: manager.id });
  });
  afterAll(() => t.close());

  it('refuses JSON nested 5,000 levels deep with 400 naming the limit, on every JSON endpoint', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    };
    const jsonOperations = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody?.content?.['application/json'])
        .map(([method, _op]) => ({ method, path: path.replace(/\{[^}]+\}/g, '1') })),
    );
    expect(jsonOperations.length).toBeGreaterThan(15);
    for (const { method, path } of jsonOperations) {
      for (const who of [admin, manager]) {
        const res = await t.http()[method as 'post'](path).set(who.auth).set('Content-Type', 'application/json').send(DEEP);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 400 });
        expect(res.body).toMatchObject({
          statusCode: 400,
          errors: [{ field: 'body', reason: `nests deeper than the limit of ${MAX_JSON_DEPTH} levels of arrays and objects` }],
        });
      }
    }
  });

  it('still takes a rule whose conditions nest as deep as the language allows', async () => {
    let conditions: unknown = { field: 'tier', op: 'eq', value: 'gold' };
    for (let i = 0; i < 7; i++) conditions = { all: [conditions] };
    const res = await t
      .http()
      .post('/rules/dry-run')
      .set(admin.auth)
      .send({
        rule: {
          name: 'Deep',
          trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
          action: { channel: 'card', templateKey: 'none', sendAt: '09:00' },
          conditions,
        },
      });
    expect(res.status).not.toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('nests deeper than the limit');
  });

  describe('forged cursors answer 400 naming cursor', () => {
    const forged = [
      cursorOf(['9999999999999999999']),
      cursorOf(['2026-13-45 10:00:00+00', '1']),
      cursorOf(['2026-06-01 10:00:00+00', '9223372036854775808']),
      cursorOf(['2026-06-31 24:00:00+00', 'order', '1']),
      Buffer.from('99999999999999999999').toString('base64url'),
      Buffer.from('9223372036854775808').toString('base64url'),
      '%00',
      '!!!',
    ];
    const lists = () => [
      { path: '/customers', auth: admin.auth },
      { path: `/customers/${customer.externalId}/orders`, auth: admin.auth },
      { path: '/touches', auth: admin.auth },
      { path: '/touches', auth: manager.auth },
      { path: `/customers/${customer.externalId}/timeline`, auth: manager.auth },
      { path: '/suppressions', auth: admin.auth },
    ];
    it.each(forged)('%s', async (cursor) => {
      for (const { path, auth } of lists()) {
        const res = await t.http().get(path).query({ cursor }).set(auth);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    });

    it('on the web timeline page too', async () => {
      const signIn = await t
        .http()
        .post('/app/sign-in')
        .set('Host', 'touchpoint.test')
        .set('Origin', 'http://touchpoint.test')
        .type('form')
        .send({ token: manager.token });
      const session = String(signIn.headers['set-cookie'][0]).split(';')[0];
      for (const cursor of forged) {
        const res = await t.http().get(`/app/customers/${customer.externalId}`).query({ cursor }).set('Cookie', session);
        expect(res.status).toBe(400);
        expect(res.text).toContain('<strong>cursor</strong>');
      }
    });
  });

  it('answers ids past the bigint range with 400, not 500', async () => {
    const res = await t.http().delete('/suppressions/9223372036854775808').set(admin.auth);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    expect((await t.http().delete('/suppressions/9223372036854775807').set(admin.auth)).status).toBe(404);
    const add = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({ channel: 'email', address: 'x@example.test', customerId: '9999999999999999999' });
    expect(add.status).toBe(400);
  });

  it('answers a correctly signed unsubscribe token with a malformed customer id with 400', async () => {
    for (const customerId of ['9999999999999999999', 'abc', '-1', '1 OR 1=1']) {
      const token = signUnsubscribe({ customerId, channel: 'email' }, DEV_SIGNING_SECRET);
      expect((await t.http().get(`/u/${token}`)).status).toBe(400);
      expect((await t.http().post(`/u/${token}`).type('form').send({ 'List-Unsubscribe': 'One-Click' })).status).toBe(400);
    }
    const bad = signUnsubscribe({ customerId: '1', channel: 'email', touchId: '99999999999999999999' }, DEV_SIGNING_SECRET);
    expect((await t.http().post(`/u/${bad}`).type('form').send({})).status).toBe(400);
  });
});

describe('body limits and throttling of failed authentication', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  beforeAll(async () => {
    t = await createTestApp({
      env: { AUTH_FAILURES_PER_ADDRESS: '20', AUTH_FAILURES_PER_TOKEN: '5', REQUEST_BODY_LIMIT: '64kb', BODY_LIMIT: '2mb' },
    });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db);
  });
  afterAll(() => t.close());

  const bigBulk = () => ({
    customers: Array.from({ length: 700 }, (_, i) => ({
      externalId: `limit-${i}`,
      firstName: 'Body',
      lastName: 'Limit'.padEnd(60, 'x'),
      email: `limit-${i}@example.test`,
    })),
  });

  it('reads a large bulk body only for an admin; anyone else gets the small limit before the token is looked at', async () => {
    const body = bigBulk();
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(64 * 1024);
    const asAdmin = await t.http().post('/customers/bulk').set(admin.auth).send(body);
    expect(asAdmin.status).toBe(200);
    const asManager = await t.http().post('/customers/bulk').set(manager.auth).send(body);
    expect(asManager.status).toBe(413);
    expect(asManager.body).toMatchObject({ statusCode: 413, errors: [{ field: 'body', reason: 'exceeds the limit of 65536 bytes' }] });
    const anonymous = await t.http().post('/customers/bulk').send(body);
    expect(anonymous.status).toBe(413);
    const wrongToken = await t
      .http()
      .post('/orders/bulk')
      .set('Authorization', 'Bearer tp_not_a_token_of_anyone_here_000')
      .send({ orders: body.customers });
    expect(wrongToken.status).toBe(413);
    // Any other route keeps the small limit, for admins too.
    const other = await t
      .http()
      .post('/templates/preview')
      .set(admin.auth)
      .send({ body: 'x'.repeat(70_000) });
    expect(other.status).toBe(413);
  });

  it('reads gzip bodies inflated, with the limit counted after inflating, and refuses an unknown encoding with 415', async () => {
    const small = await t
      .http()
      .post('/customers/bulk')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      // The compressed bytes as they are, not serialized as a JSON document.
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(gzipSync(JSON.stringify({ customers: [{ externalId: 'gz-1', firstName: 'Gzip', lastName: 'Body' }] })));
    expect(small.status).toBe(200);
    // 70 kB of text squeezes into a few hundred bytes; inflated it is over the 64 kB limit.
    const bomb = await t
      .http()
      .post('/templates/preview')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      // The compressed bytes as they are, not serialized as a JSON document.
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(gzipSync(JSON.stringify({ body: 'x'.repeat(70_000) })));
    expect(bomb.status).toBe(413);
    expect(bomb.body).toMatchObject({ statusCode: 413, errors: [{ field: 'body', reason: 'exceeds the limit of 65536 bytes' }] });
    const unknown = await t
      .http()
      .post('/templates/preview')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zstd')
      .send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body).toMatchObject({ statusCode: 415, errors: [{ field: 'Content-Encoding' }] });
  });

  it('answers 429 with Retry-After and the error body once one token prefix has failed too often', async () => {
    const guess = (suffix: string) => t.http().get('/me').set('Authorization', `Bearer tp_SAMEPREFIX_${suffix}_guessing_more_chars`);
    for (let i = 0; i < 5; i++) expect((await guess(String(i))).status).toBe(401);
    const blocked = await guess('6');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'too many requests', errors: [{ field: 'Authorization' }] });
    // Other tokens from the same address still work while the address has budget left.
    expect((await t.http().get('/me').set(admin.auth)).status).toBe(200);
  });

  it('answers 429 to every request from an address that failed too often, right token or not', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await t
        .http()
        .get('/me')
        .set('Authorization', `Bearer tp_${String(i).padStart(6, '0')}_wrong_token_for_address`);
      if (res.status === 429) break;
      expect(res.status).toBe(401);
    }
    const res = await t.http().get('/me').set(admin.auth);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });
});
