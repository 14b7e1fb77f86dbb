import { createCustomer, createStaff, createTemplate, StaffFixture, uniqueId } from '../factories';
import { createTestApp, TestApp } from '../app';

/**
 * One range of dates wherever input is taken (years 1900 to 2100; consent not from the future):
 * a date outside it is one rejected row, never a failed batch, and never a rule that breaks the
 * planner later.
 */
describe('dates out of range', () => {
  let t: TestApp;
  let admin: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-15T12:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  const fields = (rejected: { index: number; errors: { field: string }[] }[]) =>
    rejected.map((r) => [r.index, r.errors.map((e) => e.field).join(',')]);

  it('rejects a customer row with a year-0 or year-10000 date alone, and writes the valid rows', async () => {
    const good = uniqueId('c');
    const rows = [
      { externalId: uniqueId('c'), firstName: 'Zero', customerSince: '0000-01-01' },
      { externalId: uniqueId('c'), firstName: 'Far', customerSince: '2101-01-01' },
      { externalId: uniqueId('c'), firstName: 'Early', birthday: '1899-12-31' },
      { externalId: uniqueId('c'), firstName: 'Zero', consent: { email: { status: 'granted', at: '0000-01-01T00:00:00Z' } } },
      { externalId: uniqueId('c'), firstName: 'Late', consent: { sms: { status: 'withdrawn', at: '+010000-01-01T00:00:00Z' } } },
      { externalId: uniqueId('c'), firstName: 'Late', consent: { sms: { status: 'withdrawn', at: '9999-12-31T23:59:59Z' } } },
      { externalId: good, firstName: 'Fine', customerSince: '1900-01-01', birthday: '2100-12-31' },
    ];
    const res = await t.http().post('/customers/bulk').set(admin.auth).send({ customers: rows }).expect(200);
    expect(res.body.inserted).toBe(1);
    expect(fields(res.body.rejected)).toEqual([
      [0, 'customerSince'],
      [1, 'customerSince'],
      [2, 'birthday'],
      [3, 'consent.email.at'],
      [4, 'consent.sms.at'],
      [5, 'consent.sms.at'],
    ]);
    expect(res.body.rejected[0].errors[0].reason).toContain('between 1900 and 2100');
    const [stored] = await t.db.query('SELECT customer_since::text AS since FROM customers WHERE external_id = $1', [good]);
    expect(stored.since).toBe('1900-01-01');
  });

  it('refuses consent dated in the future, so a later withdrawal from the CRM still takes effect', async () => {
    const externalId = uniqueId('c');
    const future = await t
      .http()
      .post('/customers/bulk')
      .set(admin.auth)
      .send({ customers: [{ externalId, firstName: 'Ada', consent: { email: { status: 'granted', at: '2099-01-01T00:00:00Z' } } }] })
      .expect(200);
    expect(fields(future.body.rejected)).toEqual([[0, 'consent.email.at']]);
    expect(future.body.rejected[0].errors[0].reason).toBe('must not be in the future');

    // A few minutes ahead is clock skew between the CRM and us, and is taken.
    const skewed = await t
      .http()
      .post('/customers/bulk')
      .set(admin.auth)
      .send({ customers: [{ externalId, firstName: 'Ada', consent: { email: { status: 'granted', at: '2026-06-15T12:04:00Z' } } }] })
      .expect(200);
    expect(skewed.body).toMatchObject({ inserted: 1, rejected: [] });
    t.clock.set(new Date('2026-06-16T12:00:00Z'));
    const withdrawn = await t
      .http()
      .post('/customers/bulk')
      .set(admin.auth)
      .send({ customers: [{ externalId, firstName: 'Ada', consent: { email: { status: 'withdrawn', at: '2026-06-16T09:00:00Z' } } }] })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ updated: 1, rejected: [] });
    const [row] = await t.db.query(`SELECT consent->'email'->>'status' AS status FROM customers WHERE external_id = $1`, [externalId]);
    expect(row.status).toBe('withdrawn');
  });

  it('rejects an order placed in year 0 or 10000 alone, and writes the valid ones', async () => {
    const customer = await createCustomer(t.db);
    const order = (placedAt: string) => ({
      externalId: uniqueId('o'),
      customerExternalId: customer.externalId,
      placedAt,
      total: '10',
      currency: 'USD',
    });
    const res = await t
      .http()
      .post('/orders/bulk')
      .set(admin.auth)
      .send({
        orders: [
          order('0000-06-01T10:00:00Z'),
          order('+010000-01-01T00:00:00Z'),
          order('1899-12-31T23:00:00Z'),
          order('2026-06-01T10:00:00Z'),
        ],
      })
      .expect(200);
    expect(res.body.inserted).toBe(1);
    expect(fields(res.body.rejected)).toEqual([
      [0, 'placedAt'],
      [1, 'placedAt'],
      [2, 'placedAt'],
    ]);
  });

  it('refuses a rule whose condition dates are out of range with a 422 naming the path', async () => {
    const template = (await createTemplate(t.db, { channel: 'email' })).key;
    const rule = (conditions: unknown) => ({
      name: uniqueId('Out of range'),
      trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
      conditions,
      action: { channel: 'email', templateKey: template, sendAt: '09:00' },
    });
    const zero = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(rule({ field: 'customerSince', op: 'before', value: '0000-01-01' }))
      .expect(422);
    expect(zero.body.errors).toEqual([{ field: 'conditions.value', reason: expect.stringContaining('between 1900 and 2100') }]);
    const instant = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(rule({ all: [{ field: 'lastOrderAt', op: 'after', value: '10000-01-01T00:00:00Z' }] }))
      .expect(422);
    expect(instant.body.errors.map((e: { field: string }) => e.field)).toEqual(['conditions.all.0.value']);
    await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send(rule({ field: 'customerSince', op: 'before', value: '2000-01-01' }))
      .expect(201);
  });
});
