import { existsSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { CsvImportService, ImportFileError, ImportSummary } from '../../src/crm/import/import.service';
import { customersCsv, ordersCsv, removeTempDir, writeCsv } from './csv';
import { ImportDatabase, importDatabase } from './import-database';

/**
 * A customers file and an orders file imported together into empty tables are one first load
 * that builds the customers' indexes once: it must end exactly where importing the two files one
 * after the other ends (rows, figures, counts, reject reports, indexes, keys), and a failing
 * orders file must leave the customers imported with every index, the orders as they were.
 */
describe('customers and orders imported together', () => {
  let database: ImportDatabase;
  let db: DataSource;
  let service: CsvImportService;
  let migratedIndexes: string[];
  let migratedKeys: string[];

  beforeAll(async () => {
    database = await importDatabase('touchpoint_import_joint');
    ({ db, service } = database);
    migratedIndexes = await indexes();
    migratedKeys = await keys();
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
    removeTempDir();
  });

  const indexes = async () =>
    (
      await db.query<{ d: string }[]>(
        `SELECT indexdef AS d FROM pg_indexes WHERE tablename IN ('customers', 'orders') AND schemaname = 'public' ORDER BY 1`,
      )
    ).map((r) => r.d);
  const keys = async () =>
    (
      await db.query<{ d: string }[]>(
        `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
          WHERE conrelid IN ('customers'::regclass, 'orders'::regclass) ORDER BY 1`,
      )
    ).map((r) => r.d);
  const customers = () =>
    db.query(
      `SELECT external_id, first_name, email, phone, time_zone, locale, tags, consent, address, lifetime_value, order_count, last_order_at
         FROM customers ORDER BY external_id`,
    );
  const orders = () =>
    db.query(
      `SELECT o.external_id, c.external_id AS customer, o.placed_at, o.total, o.currency, o.status
         FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.external_id`,
    );
  const report = (file: string) => (existsSync(`${file}.rejected.csv`) ? readFileSync(`${file}.rejected.csv`, 'utf8') : null);
  const counts = (s: ImportSummary) => {
    const { rows, inserted, updated, unchanged, superseded, rejected, skipped, timeZones, ignoredColumns, path } = s;
    return { rows, inserted, updated, unchanged, superseded, rejected, skipped, timeZones, ignoredColumns, path };
  };

  /** Files with rejects of every source (normalizer, unknown manager or customer, ragged rows) and repeated ids. */
  const files = () => {
    const customerRows = [
      ...Array.from({ length: 40 }, (_, i) => ({
        external_id: `c${i}`,
        email: `c${i}@example.com`,
        phone: i % 3 === 0 ? '+66812345678' : '',
        tags: i % 2 ? 'vip;gift' : '',
        consent_email: i % 4 === 0 ? 'granted' : '',
      })),
      { external_id: 'bad-phone', phone: '12' },
      { external_id: 'no-manager', account_manager_email: 'nobody@example.com' },
      { external_id: 'c7', first_name: 'Later', email: 'later@example.com' },
    ];
    const orderRows = [
      ...Array.from({ length: 120 }, (_, i) => ({
        external_id: `o${i}`,
        customer_external_id: `c${i % 40}`,
        total: `${i}.50`,
        status: i % 10 === 0 ? 'refunded' : '',
      })),
      { external_id: 'o-unknown', customer_external_id: 'nobody' },
      { external_id: 'o-bad', customer_external_id: 'c1', currency: 'ZZZ' },
      { external_id: 'o5', customer_external_id: 'c39', total: '999.00' },
    ];
    return { customers: writeCsv(customersCsv(customerRows), 'customers'), orders: writeCsv(ordersCsv(orderRows), 'orders') };
  };

  it('ends where importing the files one after the other ends', async () => {
    const apart = files();
    const apartCustomers = await service.importFile('customers', apart.customers);
    const apartOrders = await service.importFile('orders', apart.orders);
    const expected = { customers: await customers(), orders: await orders() };
    await db.query('TRUNCATE orders, customers CASCADE');

    const together = files();
    const joint = await service.importCustomersAndOrders(together.customers, together.orders);
    expect(joint.customers.path).toBe('first-load');
    expect(joint.orders.path).toBe('first-load');
    // The customers' indexes are built once, by the orders' part, after the statistics update.
    expect(joint.customers.phases).not.toHaveProperty('indexes');
    expect(joint.orders.phases).toHaveProperty('customer_indexes');
    expect(counts(joint.customers)).toEqual(counts(apartCustomers));
    expect(counts(joint.orders)).toEqual(counts(apartOrders));
    expect(joint.customers).toMatchObject({ inserted: 40, superseded: 1, rejected: 2 });
    expect(joint.orders).toMatchObject({ inserted: 120, superseded: 1, rejected: 2 });
    expect(await customers()).toEqual(expected.customers);
    expect(await orders()).toEqual(expected.orders);
    expect(report(together.customers)).toEqual(report(apart.customers));
    expect(report(together.orders)).toEqual(report(apart.orders));
    expect(await indexes()).toEqual(migratedIndexes);
    expect(await keys()).toEqual(migratedKeys);
  }, 60_000);

  it('keeps the customers, with every index, when the orders file fails', async () => {
    await db.query('TRUNCATE orders, customers CASCADE');
    const { customers: customersFile } = files();
    const malformed = writeCsv(ordersCsv([{ external_id: 'o1', customer_external_id: 'c1' }]) + 'o2,"c1,unterminated\n', 'orders');
    await expect(service.importCustomersAndOrders(customersFile, malformed)).rejects.toThrow(ImportFileError);
    expect((await customers()).length).toBe(40);
    expect((await orders()).length).toBe(0);
    expect(await indexes()).toEqual(migratedIndexes);
    expect(await keys()).toEqual(migratedKeys);
  }, 60_000);

  it("cancels a first load's COPY when the file fails after rows were staged, and the connection goes on", async () => {
    // Small pieces: the first rows are streamed into the staging COPY long before the bad line.
    const pieces = { threads: 0, pieceBytes: 200 };
    const valid = Array.from({ length: 60 }, (_, i) => ({ external_id: `o${i}`, customer_external_id: `c${i % 40}` }));
    const badOrders = () => writeCsv(ordersCsv(valid) + 'o-bad,"c1,unterminated\n', 'orders');
    const badCustomers = writeCsv(
      customersCsv(Array.from({ length: 60 }, (_, i) => ({ external_id: `x${i}` }))) + 'x-bad,"unterminated\n',
      'customers',
    );

    await db.query('TRUNCATE orders, customers CASCADE');
    await expect(service.importFile('customers', badCustomers, pieces)).rejects.toThrow(/^Malformed CSV in .*at line 62/);
    expect(await customers()).toEqual([]);
    expect(await indexes()).toEqual(migratedIndexes);

    const { customers: customersFile } = files();
    await expect(service.importCustomersAndOrders(customersFile, badOrders(), { customers: pieces, orders: pieces })).rejects.toThrow(
      /^Malformed CSV in .*at line 62/,
    );
    expect((await customers()).length).toBe(40);
    expect(await orders()).toEqual([]);
    expect(await indexes()).toEqual(migratedIndexes);
    expect(await keys()).toEqual(migratedKeys);

    // The same service, on the same pool, imports the good file after both failures.
    const good = await service.importFile('orders', writeCsv(ordersCsv(valid), 'orders'), pieces);
    expect(good).toMatchObject({ path: 'first-load', inserted: 60, rejected: 0 });
    expect((await orders()).length).toBe(60);
  }, 60_000);

  it('takes the files one after the other when a table holds rows', async () => {
    await db.query('TRUNCATE orders, customers CASCADE');
    const first = files();
    await service.importFile('customers', first.customers);
    const again = files();
    const joint = await service.importCustomersAndOrders(again.customers, again.orders);
    expect(joint.customers).toMatchObject({ path: 'upsert', unchanged: 40, inserted: 0 });
    expect(joint.orders).toMatchObject({ path: 'first-load', inserted: 120 });
    expect(await indexes()).toEqual(migratedIndexes);
    expect(await keys()).toEqual(migratedKeys);
  }, 60_000);
});
