import { createCustomer, createOrder, createStaff, StaffFixture, uniqueId } from '../factories';
import { createTestApp, TestApp } from '../app';

interface Rejection {
  index: number;
  externalId?: string;
  errors: { field: string; reason: string }[];
}

describe('customers REST API', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let otherManager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ env: { DEFAULT_TIME_ZONE: 'Asia/Bangkok', DEFAULT_LOCALE: 'th' } });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
    otherManager = await createStaff(t.db, { role: 'manager' });
  });
  afterAll(() => t.close());

  const bulk = (customers: unknown) => t.http().post('/customers/bulk').set(admin.auth).send({ customers });
  const stored = async (externalId: string) => (await t.db.query('SELECT * FROM customers WHERE external_id = $1', [externalId]))[0];

  describe('POST /customers/bulk', () => {
    it('inserts normalized rows, leaves them alone on a second push of the same batch, and updates what changed', async () => {
      const [a, b] = [uniqueId('c'), uniqueId('c')];
      const rows = [
        {
          externalId: a,
          firstName: ' Linh ',
          lastName: 'Nguyen',
          email: 'Linh@Example.COM',
          phone: '090 123 4567',
          birthday: '--02-29',
          timeZone: 'Asia/Ho_Chi_Minh',
          locale: 'vi-vn',
          tags: ['vip', 'vip', ' b2b '],
          tier: 'gold',
          accountManagerEmail: manager.email.toUpperCase(),
          address: { line1: '1 Le Loi', city: 'HCMC', country: 'vn' },
          consent: { email: { status: 'granted', at: '2026-01-01T00:00:00+07:00' } },
        },
        { externalId: b, firstName: 'Bao', birthday: '1992-02-29', customerSince: '2020-01-31' },
      ];
      const first = await bulk(rows).expect(200);
      expect(first.body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: [] });

      const linh = await stored(a);
      expect(linh).toMatchObject({
        first_name: 'Linh',
        email: 'linh@example.com',
        phone: '+84901234567',
        birth_year: null,
        birth_month: 2,
        birth_day: 29,
        time_zone: 'Asia/Ho_Chi_Minh',
        locale: 'vi-VN',
        tags: ['vip', 'b2b'],
        tier: 'gold',
        account_manager_id: manager.id,
        address: { line1: '1 Le Loi', city: 'HCMC', country: 'VN' },
        consent: { email: { status: 'granted', at: '2025-12-31T17:00:00.000Z', source: 'api' } },
      });
      // Zone and locale left out take the configured defaults.
      expect(await stored(b)).toMatchObject({
        time_zone: 'Asia/Bangkok',
        locale: 'th',
        birth_year: 1992,
        customer_since: new Date('2020-01-31T00:00:00Z'),
      });

      t.clock.advance(60_000);
      const insertedAt = (await stored(a)).updated_at.getTime();
      const again = await bulk(rows).expect(200);
      expect(again.body).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: [] });
      const count = await t.db.query('SELECT count(*)::int AS n FROM customers WHERE external_id = ANY($1)', [[a, b]]);
      expect(count[0].n).toBe(2);
      expect((await stored(a)).updated_at.getTime()).toBe(insertedAt);

      t.clock.advance(60_000);
      const changed = await bulk([rows[0], { ...rows[1], tier: 'silver' }]).expect(200);
      expect(changed.body).toEqual({ inserted: 0, updated: 1, unchanged: 1, rejected: [] });
      expect((await stored(b)).updated_at.getTime()).toBe(t.clock.now().getTime());
      expect((await stored(a)).updated_at.getTime()).toBe(insertedAt);
    });

    it('reports each bad row with its fields and writes the good ones', async () => {
      const good = uniqueId('c');
      const dup = uniqueId('c');
      const ids = Array.from({ length: 9 }, () => uniqueId('bad'));
      const res = await bulk([
        { externalId: good, firstName: 'Good' },
        { externalId: ids[0], firstName: 'Zone', timeZone: 'Mars/Olympus' },
        { externalId: ids[1], firstName: 'Phone', phone: '12' },
        { externalId: ids[2], firstName: 'Mail', email: 'not-an-email' },
        { externalId: ids[3], firstName: 'Extra', favouriteColour: 'blue' },
        { externalId: ids[4], firstName: 42, tags: 'vip' },
        { externalId: ids[5], firstName: 'Manager', accountManagerEmail: 'nobody@example.test' },
        { externalId: good, firstName: 'Duplicate of row 0' },
        { externalId: ids[6], firstName: 'Feb', birthday: '2023-02-29' },
        'not an object',
        { externalId: dup, firstName: 'First' },
        { externalId: dup, firstName: 'Second' },
        { externalId: ids[7], firstName: 'Nul\u0000byte' },
        { externalId: ids[8], firstName: 'Locale', locale: 'not a locale' },
      ]).expect(200);
      expect(res.body.inserted).toBe(2);
      expect(res.body.updated).toBe(0);
      const byIndex = new Map<number, Rejection>(res.body.rejected.map((r: Rejection) => [r.index, r]));
      const fields = (index: number) =>
        byIndex
          .get(index)
          ?.errors.map((e) => e.field)
          .sort();
      expect([...byIndex.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13]);
      expect(fields(1)).toEqual(['timeZone']);
      expect(fields(2)).toEqual(['phone']);
      expect(fields(3)).toEqual(['email']);
      expect(fields(4)).toEqual(['favouriteColour']);
      expect(fields(5)).toEqual(['firstName', 'tags']);
      expect(byIndex.get(6)).toEqual({
        index: 6,
        externalId: ids[5],
        errors: [{ field: 'accountManagerEmail', reason: 'no staff member has this email' }],
      });
      expect(byIndex.get(7)).toEqual({
        index: 7,
        externalId: good,
        errors: [{ field: 'externalId', reason: 'repeats the externalId of row 0 in this batch' }],
      });
      expect(fields(8)).toEqual(['birthday']);
      expect(byIndex.get(9)).toEqual({ index: 9, errors: [{ field: '', reason: 'must be an object' }] });
      expect(fields(11)).toEqual(['externalId']);
      expect(fields(12)).toEqual(['firstName']);
      expect(fields(13)).toEqual(['locale']);

      const written = await t.db.query('SELECT external_id, first_name FROM customers WHERE external_id = ANY($1) ORDER BY first_name', [
        [good, dup, ...ids],
      ]);
      expect(written).toEqual([
        { external_id: dup, first_name: 'First' },
        { external_id: good, first_name: 'Good' },
      ]);
    });

    it('merges consent per channel and ignores a statement older than the stored one', async () => {
      const customer = await createCustomer(t.db);
      const res = await bulk([
        {
          externalId: customer.externalId,
          firstName: 'Ada',
          consent: {
            sms: { status: 'withdrawn', at: '2026-06-01T00:00:00Z', source: 'crm' },
            email: { status: 'withdrawn', at: '2024-01-01T00:00:00Z', source: 'crm' },
          },
        },
      ]).expect(200);
      expect(res.body).toEqual({ inserted: 0, updated: 1, unchanged: 0, rejected: [] });
      expect((await stored(customer.externalId)).consent).toEqual({
        email: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' },
        sms: { status: 'withdrawn', at: '2026-06-01T00:00:00.000Z', source: 'crm' },
        call: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' },
      });
    });

    it('keeps the time of a consent restated without one, and takes a changed status at the time of the push', async () => {
      const customer = await createCustomer(t.db);
      t.clock.advance(3_600_000);
      const res = await bulk([
        { externalId: customer.externalId, firstName: 'Ada', consent: { email: { status: 'granted' }, sms: { status: 'withdrawn' } } },
      ]).expect(200);
      expect(res.body).toMatchObject({ updated: 1 });
      const consent = (await stored(customer.externalId)).consent;
      expect(consent.email).toEqual({ status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' });
      expect(consent.sms).toEqual({ status: 'withdrawn', at: t.clock.now().toISOString(), source: 'api' });
    });

    it('keeps a bounced phone marked invalid only while the number stays the same', async () => {
      const same = await createCustomer(t.db, { phone: '+14155550123' });
      const changed = await createCustomer(t.db, { phone: '+14155550123' });
      await t.db.query('UPDATE customers SET phone_invalid = true WHERE id = ANY($1)', [[same.id, changed.id]]);
      await bulk([
        { externalId: same.externalId, firstName: 'Ada', phone: '+1 415 555 0123' },
        { externalId: changed.externalId, firstName: 'Ada', phone: '+1 415 555 0199' },
      ]).expect(200);
      expect((await stored(same.externalId)).phone_invalid).toBe(true);
      expect((await stored(changed.externalId)).phone_invalid).toBe(false);
    });

    it('refuses to bring an anonymized customer back', async () => {
      const customer = await createCustomer(t.db);
      await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
      const res = await bulk([{ externalId: customer.externalId, firstName: 'Ada', email: 'ada@example.com' }]).expect(200);
      expect(res.body).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: [
          { index: 0, externalId: customer.externalId, errors: [{ field: 'externalId', reason: expect.stringContaining('anonymized') }] },
        ],
      });
      expect(await stored(customer.externalId)).toMatchObject({ first_name: 'Anonymized', email: null });
    });

    it('answers a body that is not { customers: [1..10000 rows] } with 400 naming the field', async () => {
      const expectField = async (body: unknown, field: string) => {
        const res = await t
          .http()
          .post('/customers/bulk')
          .set(admin.auth)
          .send(body as object)
          .expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await expectField({}, 'customers');
      await expectField({ customers: 'x' }, 'customers');
      await expectField({ customers: [] }, 'customers');
      await expectField({ customers: { externalId: 'x' } }, 'customers');
      await expectField({ customers: [{ externalId: uniqueId('c'), firstName: 'A' }], extra: 1 }, 'extra');
      await expectField([{ externalId: uniqueId('c'), firstName: 'A' }], 'customers');
      const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ externalId: `too-many-${i}`, firstName: 'A' }));
      const res = await t.http().post('/customers/bulk').set(admin.auth).send({ customers: tooMany }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'customers', reason: 'customers must contain no more than 10000 elements' }]);
      const written = await t.db.query(`SELECT count(*)::int AS n FROM customers WHERE external_id = 'too-many-0'`);
      expect(written[0].n).toBe(0);
    });

    it('answers malformed JSON with 400 naming the body', async () => {
      const res = await t
        .http()
        .post('/customers/bulk')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send('{"customers": [')
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'body', reason: 'is not valid JSON' }]);
    });

    it('writes nothing when the statement fails part-way', async () => {
      // A trigger stands in for a constraint only the database knows about; it fires on the last row alone.
      const poison = uniqueId('poison');
      const fn = `fail_${poison.replace(/[^a-z0-9]/gi, '_')}`;
      await t.db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = '${poison}' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$`);
      await t.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      try {
        const existing = await createCustomer(t.db, { firstName: 'Before' });
        const fresh = [uniqueId('c'), uniqueId('c')];
        await bulk([
          { externalId: existing.externalId, firstName: 'After' },
          { externalId: fresh[0], firstName: 'A' },
          { externalId: fresh[1], firstName: 'B' },
          { externalId: poison, firstName: 'Poison' },
        ]).expect(500);
        const rows = await t.db.query('SELECT count(*)::int AS n FROM customers WHERE external_id = ANY($1)', [[...fresh, poison]]);
        expect(rows[0].n).toBe(0);
        expect((await stored(existing.externalId)).first_name).toBe('Before');
      } finally {
        await t.db.query(`DROP TRIGGER ${fn} ON customers`);
        await t.db.query(`DROP FUNCTION ${fn}()`);
      }
    });
  });

  describe('BODY_LIMIT', () => {
    it('answers a body over the limit with 413', async () => {
      const small = await createTestApp({ env: { BODY_LIMIT: '1kb' } });
      try {
        const customers = Array.from({ length: 30 }, (_, i) => ({ externalId: `big-${i}`, firstName: 'Someone with a long name' }));
        const res = await small.http().post('/customers/bulk').set(admin.auth).send({ customers }).expect(413);
        expect(res.body).toMatchObject({ statusCode: 413, errors: [{ field: 'body', reason: 'exceeds the limit of 1024 bytes' }] });
      } finally {
        await small.close();
      }
    });
  });

  describe('GET /customers', () => {
    it('pages by cursor and filters by q, tag, tier and account manager', async () => {
      const tag = uniqueId('tag');
      const mine = [];
      for (const [i, firstName] of ['Anna', 'Anh', 'Bob', 'Anders'].entries()) {
        mine.push(
          await createCustomer(t.db, {
            firstName,
            lastName: 'Pham',
            tags: [tag],
            tier: i % 2 === 0 ? 'gold' : null,
            accountManagerId: manager.id,
          }),
        );
      }
      const theirs = await createCustomer(t.db, { firstName: 'Anouk', tags: [tag], accountManagerId: otherManager.id });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { tag, limit: 2, ...(cursor ? { cursor } : {}) };
        const page = await t.http().get('/customers').query(query).set(admin.auth).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((c: { externalId: string }) => c.externalId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...mine, theirs].map((c) => c.externalId));

      const names = async (query: Record<string, string>, who = admin) =>
        (
          await t
            .http()
            .get('/customers')
            .query({ tag, ...query })
            .set(who.auth)
            .expect(200)
        ).body.items.map((c: { firstName: string }) => c.firstName);
      expect(await names({ q: 'an' })).toEqual(['Anna', 'Anh', 'Anders', 'Anouk']);
      expect(await names({ q: 'anh pH' })).toEqual(['Anh']);
      expect(await names({ q: 'pham' })).toEqual(['Anna', 'Anh', 'Bob', 'Anders']);
      expect(await names({ q: '%' })).toEqual([]);
      expect(await names({ tier: 'gold' })).toEqual(['Anna', 'Bob']);
      expect(await names({ accountManagerId: otherManager.id })).toEqual(['Anouk']);
      expect(await names({}, manager)).toEqual(['Anna', 'Anh', 'Bob', 'Anders']);
      expect(await names({ q: 'ano' }, manager)).toEqual([]);
    });

    it('lets only admins filter by account manager and checks the query', async () => {
      const forbidden = await t.http().get('/customers').query({ accountManagerId: otherManager.id }).set(manager.auth).expect(403);
      expect(forbidden.body.errors[0].field).toBe('accountManagerId');
      const check = async (query: Record<string, string>, field: string) => {
        const res = await t.http().get('/customers').query(query).set(admin.auth).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await check({ limit: '501' }, 'limit');
      await check({ limit: 'ten' }, 'limit');
      await check({ cursor: 'garbage' }, 'cursor');
      await check({ cursor: Buffer.from('["1; DROP TABLE customers"]').toString('base64url') }, 'cursor');
      await check({ accountManagerId: 'not-a-uuid' }, 'accountManagerId');
      await check({ sort: 'name' }, 'sort');
    });
  });

  describe('GET /customers/:externalId', () => {
    it("shows lifetime value, order count and last order, and hides other managers' customers", async () => {
      const customer = await createCustomer(t.db, { accountManagerId: manager.id, birthYear: null, birthMonth: 2, birthDay: 29 });
      await t
        .http()
        .post('/orders/bulk')
        .set(admin.auth)
        .send({
          orders: [
            {
              externalId: uniqueId('o'),
              customerExternalId: customer.externalId,
              placedAt: '2026-05-01T10:00:00Z',
              total: '0.1',
              currency: 'USD',
            },
            {
              externalId: uniqueId('o'),
              customerExternalId: customer.externalId,
              placedAt: '2026-05-02T10:00:00+02:00',
              total: '0.2',
              currency: 'USD',
            },
          ],
        })
        .expect(200);
      const res = await t.http().get(`/customers/${customer.externalId}`).set(manager.auth).expect(200);
      expect(res.body).toMatchObject({
        externalId: customer.externalId,
        birthday: '--02-29',
        lifetimeValue: '0.3000',
        orderCount: 2,
        lastOrderAt: '2026-05-02T08:00:00.000Z',
        accountManagerId: manager.id,
      });
      await t.http().get(`/customers/${customer.externalId}`).set(otherManager.auth).expect(404);
      await t.http().get(`/customers/${customer.externalId}`).set(admin.auth).expect(200);
      const unknown = await t
        .http()
        .get(`/customers/${uniqueId('nobody')}`)
        .set(admin.auth)
        .expect(404);
      const hidden = await t.http().get(`/customers/${customer.externalId}`).set(otherManager.auth).expect(404);
      expect(hidden.body.message.replace(customer.externalId, 'X')).toBe(unknown.body.message.replace(/nobody-\S+/, 'X'));
    });
  });

  describe('DELETE /customers/:externalId', () => {
    it('deletes the customer and their orders', async () => {
      const customer = await createCustomer(t.db);
      await createOrder(t.db, customer.id);
      await t.http().delete(`/customers/${customer.externalId}`).set(admin.auth).expect(204);
      expect(await stored(customer.externalId)).toBeUndefined();
      const orders = await t.db.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.id]);
      expect(orders[0].n).toBe(0);
      await t.http().delete(`/customers/${customer.externalId}`).set(admin.auth).expect(404);
    });
  });

  describe('POST /customers/:externalId/anonymize', () => {
    it('blanks personal data, keeps orders and numbers, and is idempotent', async () => {
      const customer = await createCustomer(t.db, {
        tags: ['vip'],
        tier: 'gold',
        address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
        accountManagerId: manager.id,
      });
      await createOrder(t.db, customer.id, { total: '250.00' });
      await t.db.query(`UPDATE customers SET lifetime_value = 250, order_count = 1 WHERE id = $1`, [customer.id]);

      const first = await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
      expect(first.body).toMatchObject({
        externalId: customer.externalId,
        firstName: 'Anonymized',
        lastName: '',
        email: null,
        phone: null,
        birthday: null,
        address: null,
        tags: [],
        tier: 'gold',
        lifetimeValue: '250.0000',
        orderCount: 1,
        anonymizedAt: t.clock.now().toISOString(),
      });
      t.clock.advance(3_600_000);
      const second = await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
      expect(second.body).toEqual(first.body);
      const orders = await t.db.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.id]);
      expect(orders[0].n).toBe(1);
      await t
        .http()
        .post(`/customers/${uniqueId('nobody')}/anonymize`)
        .set(admin.auth)
        .expect(404);
    });
  });
});
