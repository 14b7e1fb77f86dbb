import { createCustomer, createStaff, StaffFixture, uniqueId } from '../factories';
import { createTestApp, TestApp } from '../app';

type Method = 'get' | 'post' | 'delete';
interface Endpoint {
  method: Method;
  path: (externalId: string) => string;
  body?: (externalId: string) => object;
  manager: number;
  admin: number;
}

/** Every CRM endpoint against no token, a manager (on their own customer) and an admin. */
describe('CRM role matrix', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
  });
  afterAll(() => t.close());

  const endpoints: Endpoint[] = [
    {
      method: 'post',
      path: () => '/customers/bulk',
      body: () => ({ customers: [{ externalId: uniqueId('c'), firstName: 'A' }] }),
      manager: 403,
      admin: 200,
    },
    {
      method: 'post',
      path: () => '/orders/bulk',
      manager: 403,
      admin: 200,
      body: (id) => ({
        orders: [{ externalId: uniqueId('o'), customerExternalId: id, placedAt: '2026-05-01T10:00:00Z', total: '1', currency: 'USD' }],
      }),
    },
    { method: 'get', path: () => '/customers', manager: 200, admin: 200 },
    { method: 'get', path: (id) => `/customers/${id}`, manager: 200, admin: 200 },
    { method: 'get', path: (id) => `/customers/${id}/orders`, manager: 200, admin: 200 },
    { method: 'post', path: (id) => `/customers/${id}/anonymize`, manager: 403, admin: 200 },
    { method: 'delete', path: (id) => `/customers/${id}`, manager: 403, admin: 204 },
  ];

  for (const endpoint of endpoints) {
    const label = `${endpoint.method.toUpperCase()} ${endpoint.path(':externalId')}`;
    it(`${label}: no token 401, manager ${endpoint.manager}, admin ${endpoint.admin}`, async () => {
      const customer = await createCustomer(t.db, { accountManagerId: manager.id });
      const call = (auth?: { Authorization: string }) => {
        const req = t.http()[endpoint.method](endpoint.path(customer.externalId));
        if (auth) req.set(auth);
        return endpoint.body ? req.send(endpoint.body(customer.externalId)) : req;
      };
      await call().expect(401);
      await call({ Authorization: 'Bearer tp_revoked_or_unknown_token' }).expect(401);
      await call(manager.auth).expect(endpoint.manager);
      await call(admin.auth).expect(endpoint.admin);
    });
  }

  it('documents every CRM endpoint in OpenAPI with bearer auth', async () => {
    const docs = await t.http().get('/docs/openapi.json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/customers/bulk',
        '/orders/bulk',
        '/customers',
        '/customers/{externalId}',
        '/customers/{externalId}/orders',
        '/customers/{externalId}/anonymize',
      ]),
    );
    expect(paths['/customers/bulk'].post.security).toEqual([{ bearer: [] }]);
  });
});
