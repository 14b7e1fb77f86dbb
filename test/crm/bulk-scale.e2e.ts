import { createStaff, StaffFixture, uniqueId } from '../factories';
import { createTestApp, TestApp } from '../app';

describe('bulk upsert at its row limit', () => {
  let t: TestApp;
  let admin: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  it('upserts 10,000 customers and then 10,000 orders in one request each', async () => {
    const prefix = uniqueId('scale');
    const customers = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      firstName: `First${i}`,
      lastName: 'Scale',
      email: `${prefix}-${i}@example.com`,
      phone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
      birthday: '--02-29',
      tags: ['scale'],
      consent: { email: { status: 'granted' } },
    }));
    const first = await t.http().post('/customers/bulk').set(admin.auth).send({ customers }).expect(200);
    expect(first.body).toEqual({ inserted: 10_000, updated: 0, unchanged: 0, rejected: [] });
    const second = await t.http().post('/customers/bulk').set(admin.auth).send({ customers }).expect(200);
    expect(second.body).toEqual({ inserted: 0, updated: 0, unchanged: 10_000, rejected: [] });
    const count = await t.db.query('SELECT count(*)::int AS n FROM customers WHERE external_id LIKE $1', [`${prefix}-%`]);
    expect(count[0].n).toBe(10_000);

    const orders = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `${prefix}-order-${i}`,
      customerExternalId: `${prefix}-${i % 2_500}`,
      placedAt: '2026-05-01T10:00:00Z',
      total: '1.25',
      currency: 'USD',
    }));
    const placed = await t.http().post('/orders/bulk').set(admin.auth).send({ orders }).expect(200);
    expect(placed.body).toEqual({ inserted: 10_000, updated: 0, rejected: [] });
    const stats = await t.db.query(
      `SELECT sum(order_count)::int AS orders, sum(lifetime_value)::text AS ltv FROM customers WHERE external_id LIKE $1`,
      [`${prefix}-%`],
    );
    expect(stats[0]).toEqual({ orders: 10_000, ltv: '12500.0000' });
  });
});
