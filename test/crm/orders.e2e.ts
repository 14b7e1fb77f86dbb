import { OrderEvents } from '../../src/crm/orders/order-events';
import { createCustomer, createOrder, createStaff, CustomerFixture, StaffFixture, uniqueId } from '../factories';
import { createTestApp, TestApp } from '../app';

interface Rejection {
  index: number;
  externalId?: string;
  errors: { field: string; reason: string }[];
}

describe('orders REST API', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ env: { BASE_CURRENCY: 'EUR' } });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
  });
  afterAll(() => t.close());

  const bulk = (orders: unknown) => t.http().post('/orders/bulk').set(admin.auth).send({ orders });
  const stats = async (customer: CustomerFixture) =>
    (await t.db.query('SELECT lifetime_value, order_count, last_order_at FROM customers WHERE id = $1', [customer.id]))[0] as {
      lifetime_value: string;
      order_count: number;
      last_order_at: Date | null;
    };
  const order = (customer: CustomerFixture, overrides: Record<string, unknown> = {}) => ({
    externalId: uniqueId('o'),
    customerExternalId: customer.externalId,
    placedAt: '2026-05-01T10:00:00Z',
    total: '10.00',
    currency: 'EUR',
    ...overrides,
  });

  it('upserts orders and keeps lifetime value exact, in the base currency, over placed orders only', async () => {
    const customer = await createCustomer(t.db);
    const rows = [
      order(customer, { total: '0.1' }),
      order(customer, { total: 0.2, placedAt: '2026-05-03T09:00:00+07:00', placedTimeZone: 'asia/bangkok' }),
      order(customer, { total: '99999999999.9999' }),
      order(customer, { total: '50', currency: 'usd' }),
      order(customer, { total: '70', status: 'cancelled', placedAt: '2026-06-01T00:00:00Z' }),
    ];
    const res = await bulk(rows).expect(200);
    expect(res.body).toEqual({ inserted: 5, updated: 0, rejected: [] });
    // Only placed orders count; only EUR adds to lifetime value; decimals never pass through floats.
    expect(await stats(customer)).toEqual({
      lifetime_value: '100000000000.2999',
      order_count: 4,
      last_order_at: new Date('2026-05-03T02:00:00Z'),
    });
    const stored = await t.db.query('SELECT total, currency, placed_time_zone FROM orders WHERE external_id = $1', [rows[1].externalId]);
    expect(stored[0]).toEqual({ total: '0.2000', currency: 'EUR', placed_time_zone: 'Asia/Bangkok' });

    const again = await bulk(rows).expect(200);
    expect(again.body).toEqual({ inserted: 0, updated: 5, rejected: [] });
    const count = await t.db.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.id]);
    expect(count[0].n).toBe(5);
  });

  it('follows status and total changes and moves an order between customers', async () => {
    const from = await createCustomer(t.db);
    const to = await createCustomer(t.db);
    const kept = order(from, { total: '5.50' });
    const moving = order(from, { total: '20.00', placedAt: '2026-05-20T00:00:00Z' });
    await bulk([kept, moving]).expect(200);
    expect(await stats(from)).toMatchObject({ lifetime_value: '25.5000', order_count: 2 });

    const res = await bulk([
      { ...moving, customerExternalId: to.externalId, total: '30.00' },
      { ...kept, status: 'refunded' },
    ]).expect(200);
    expect(res.body).toEqual({ inserted: 0, updated: 2, rejected: [] });
    expect(await stats(from)).toEqual({ lifetime_value: '0.0000', order_count: 0, last_order_at: null });
    expect(await stats(to)).toEqual({ lifetime_value: '30.0000', order_count: 1, last_order_at: new Date('2026-05-20T00:00:00Z') });
  });

  it('reports bad rows by field and writes the rest', async () => {
    const customer = await createCustomer(t.db);
    const gone = await createCustomer(t.db);
    await t.http().post(`/customers/${gone.externalId}/anonymize`).set(admin.auth).expect(200);
    const good = order(customer);
    const res = await bulk([
      good,
      order(customer, { customerExternalId: uniqueId('nobody') }),
      order(gone),
      { ...good, total: '11.00' },
      order(customer, { placedAt: '2026-05-01T10:00:00' }),
      order(customer, { placedAt: '2026-02-30T10:00:00Z' }),
      order(customer, { currency: 'XYZ' }),
      order(customer, { currency: 'dollars' }),
      order(customer, { total: '-1' }),
      order(customer, { total: 0.1 + 0.2 }),
      order(customer, { total: '1.23456' }),
      order(customer, { status: 'shipped' }),
      order(customer, { placedTimeZone: 'Mars/Olympus' }),
      order(customer, { coupon: 'X' }),
      order(customer, { total: true }),
    ]).expect(200);
    expect(res.body.inserted).toBe(1);
    const fields = res.body.rejected.map((r: Rejection) => [r.index, r.errors.map((e) => e.field).join(',')]);
    expect(fields).toEqual([
      [1, 'customerExternalId'],
      [2, 'customerExternalId'],
      [3, 'externalId'],
      [4, 'placedAt'],
      [5, 'placedAt'],
      [6, 'currency'],
      [7, 'currency'],
      [8, 'total'],
      [9, 'total'],
      [10, 'total'],
      [11, 'status'],
      [12, 'placedTimeZone'],
      [13, 'coupon'],
      [14, 'total'],
    ]);
    expect(res.body.rejected[0].errors[0].reason).toBe('no customer has this externalId');
    expect(res.body.rejected[1].errors[0].reason).toBe('belongs to an anonymized customer');
    const written = await t.db.query('SELECT external_id, total FROM orders WHERE customer_id = ANY($1)', [[customer.id, gone.id]]);
    expect(written).toEqual([{ external_id: good.externalId, total: '10.0000' }]);
  });

  it('refuses with 422 and writes nothing when a lifetime value would overflow', async () => {
    const customer = await createCustomer(t.db);
    const rows = [order(customer, { total: '999999999999999' }), order(customer, { total: '999999999999999' })];
    const res = await bulk(rows).expect(422);
    expect(res.body.errors).toEqual([{ field: 'orders', reason: expect.stringContaining('lifetime value') }]);
    const count = await t.db.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.id]);
    expect(count[0].n).toBe(0);
  });

  it('answers a body that is not { orders: [...] } with 400 naming the field', async () => {
    for (const body of [{}, { orders: 'x' }, { orders: [] }, { customers: [] }]) {
      const res = await t.http().post('/orders/bulk').set(admin.auth).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('orders');
    }
    const tooMany = Array.from({ length: 10_001 }, () => ({}));
    const res = await t.http().post('/orders/bulk').set(admin.auth).send({ orders: tooMany }).expect(400);
    expect(res.body.errors[0].field).toBe('orders');
  });

  it('tells OrderEvents listeners about newly inserted placed orders after the commit', async () => {
    const events = t.app.get(OrderEvents);
    const heard: string[][] = [];
    const unsubscribe = events.onPlaced(async (ids) => {
      const visible = await t.db.query('SELECT count(*)::int AS n FROM orders WHERE id = ANY($1)', [ids]);
      expect(visible[0].n).toBe(ids.length);
      heard.push(ids);
    });
    const failing = events.onPlaced(() => {
      throw new Error('listener broke');
    });
    try {
      const customer = await createCustomer(t.db);
      const existing = order(customer, { status: 'cancelled' });
      await bulk([existing]).expect(200);
      expect(heard).toEqual([]);

      const fresh = order(customer);
      const freshCancelled = order(customer, { status: 'refunded' });
      await bulk([{ ...existing, status: 'placed' }, fresh, freshCancelled]).expect(200);
      const ids = await t.db.query('SELECT id FROM orders WHERE external_id = $1', [fresh.externalId]);
      expect(heard).toEqual([[ids[0].id]]);
    } finally {
      unsubscribe();
      failing();
    }
  });

  it("lists a customer's orders newest first, a page at a time, to admins and their manager only", async () => {
    const other = await createStaff(t.db, { role: 'manager' });
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    const placed = ['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2025-12-01T00:00:00Z'];
    const created = [];
    for (const placedAt of placed) created.push(await createOrder(t.db, customer.id, { placedAt }));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { externalId: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/customers/${customer.externalId}/orders`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(manager.auth)
        .expect(200);
      seen.push(...page.body.items.map((o) => o.externalId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([created[3], created[1], created[2], created[0], created[4]].map((o) => o.externalId));

    const first = await t.http().get(`/customers/${customer.externalId}/orders`).query({ limit: 1 }).set(admin.auth).expect(200);
    expect(first.body.items[0]).toMatchObject({ externalId: created[3].externalId, total: '100.0000', currency: 'USD', status: 'placed' });
    await t.http().get(`/customers/${customer.externalId}/orders`).set(other.auth).expect(404);
    await t
      .http()
      .get(`/customers/${uniqueId('nobody')}/orders`)
      .set(admin.auth)
      .expect(404);
    await t.http().get(`/customers/${customer.externalId}/orders`).query({ cursor: 'abc' }).set(admin.auth).expect(400);
  });

  it('writes no order and no stats when the statement fails part-way', async () => {
    const customer = await createCustomer(t.db);
    const before = order(customer, { total: '1.00' });
    await bulk([before]).expect(200);
    const poison = uniqueId('poison');
    const fn = `fail_${poison.replace(/[^a-z0-9]/gi, '_')}`;
    await t.db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.external_id = '${poison}' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await bulk([{ ...before, total: '2.00' }, order(customer, { total: '3.00' }), order(customer, { externalId: poison })]).expect(500);
    } finally {
      await t.db.query(`DROP TRIGGER ${fn} ON orders`);
      await t.db.query(`DROP FUNCTION ${fn}()`);
    }
    const rows = await t.db.query('SELECT total FROM orders WHERE customer_id = $1', [customer.id]);
    expect(rows).toEqual([{ total: '1.0000' }]);
    expect(await stats(customer)).toMatchObject({ lifetime_value: '1.0000', order_count: 1 });
  });
});
