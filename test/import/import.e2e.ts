import { existsSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { CsvImportService, ImportFileError } from '../../src/crm/import/import.service';
import { dataSourceOptions } from '../../src/database/options';
import { testDatabaseUrl } from '../app';
import { createCustomer, createOrder, createStaff, StaffFixture, uniqueId } from '../factories';
import { customersCsv, ordersCsv, removeTempDir, writeCsv } from './csv';

/**
 * The compiled service (\`npm test\` builds first): only there is the worker script compiled, so
 * only there does parsing run on worker threads.
 */
const compiled = require('../../dist/crm/import/import.service') as typeof import('../../src/crm/import/import.service');
const compiledThreads = require('../../dist/crm/import/piece-threads') as typeof import('../../src/crm/import/piece-threads');

describe('CSV import service', () => {
  let db: DataSource;
  let clock: FixedClock;
  let service: CsvImportService;
  let manager: StaffFixture;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 3), logging: false });
    await db.initialize();
    clock = new FixedClock(new Date('2026-06-15T12:00:00Z'));
    service = new CsvImportService(db, clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
    manager = await createStaff(db, { name: 'Linh Nguyen' });
  });
  afterAll(async () => {
    await db.destroy();
    removeTempDir();
  });

  const customer = (externalId: string) =>
    db.query('SELECT * FROM customers WHERE external_id = $1', [externalId]).then((rows: Record<string, unknown>[]) => rows[0]);
  const report = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

  it('inserts customers in the shape the REST API stores', async () => {
    const id = uniqueId('c');
    const file = writeCsv(
      customersCsv([
        {
          external_id: id,
          first_name: ' Bảo ',
          last_name: 'Nguyễn',
          email: 'Bao@Example.COM',
          phone: '+84 90 123 4567',
          birthday: '1992-02-29',
          customer_since: '2021-03-04',
          time_zone: 'Asia/Ho_Chi_Minh',
          locale: 'vi-vn',
          account_manager_email: manager.email.toUpperCase(),
          tags: 'vip; b2b;;vip',
          tier: 'gold',
          consent_email: 'granted',
          consent_sms: 'withdrawn',
          address_line1: '1 Lê Lợi',
          address_city: 'Huế',
          address_country: 'vn',
        },
        { external_id: `${id}-b`, birthday: '--12-24' },
      ]),
    );

    const summary = await service.importFile('customers', file);

    expect(summary).toMatchObject({
      kind: 'customers',
      rows: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      superseded: 0,
      rejected: 0,
      rejectedFile: null,
    });
    const row = await customer(id);
    expect(row).toMatchObject({
      first_name: 'Bảo',
      last_name: 'Nguyễn',
      email: 'bao@example.com',
      phone: '+84901234567',
      birth_year: 1992,
      birth_month: 2,
      birth_day: 29,
      time_zone: 'Asia/Ho_Chi_Minh',
      locale: 'vi-VN',
      account_manager_id: manager.id,
      tags: ['vip', 'b2b'],
      tier: 'gold',
      consent: {
        email: { status: 'granted', at: '2026-06-15T12:00:00.000Z', source: 'csv' },
        sms: { status: 'withdrawn', at: '2026-06-15T12:00:00.000Z', source: 'csv' },
      },
      address: { line1: '1 Lê Lợi', city: 'Huế', country: 'VN' },
      lifetime_value: '0.0000',
      order_count: 0,
    });
    expect(row.created_at).toEqual(new Date('2026-06-15T12:00:00Z'));
    expect(await customer(`${id}-b`)).toMatchObject({
      birth_year: null,
      birth_month: 12,
      birth_day: 24,
      time_zone: 'Asia/Bangkok',
      consent: {},
    });
  });

  it('updates existing customers, merging consent per channel, and leaves unchanged rows alone', async () => {
    const id = uniqueId('c');
    const existing = await createCustomer(db, { externalId: id, tags: ['old'] });
    const before = await customer(id);
    clock.set('2026-06-16T08:00:00Z');
    const same = uniqueId('c');
    const file = writeCsv(
      customersCsv([
        { external_id: id, first_name: 'Ada', last_name: 'Byron', consent_sms: 'withdrawn', tags: 'new' },
        { external_id: same, consent_email: 'granted' },
      ]),
    );
    await service.importFile('customers', file);
    const again = await service.importFile('customers', file);

    expect(again).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    const row = await customer(id);
    expect(row.id).toBe(existing.id);
    expect(row).toMatchObject({ last_name: 'Byron', tags: ['new'], email: null, phone: null });
    expect(row.consent).toEqual({
      ...(before.consent as object),
      sms: { status: 'withdrawn', at: '2026-06-16T08:00:00.000Z', source: 'csv' },
    });
    expect(row.created_at).toEqual(before.created_at);
    expect(row.updated_at).toEqual(new Date('2026-06-16T08:00:00Z'));
  });

  it('rejects invalid rows with their line, external id, column and reason, and imports the rest', async () => {
    const id = uniqueId('c');
    const content =
      customersCsv([
        { external_id: `${id}-ok`, last_name: 'has a\nnewline' },
        { external_id: `${id}-bad`, email: 'nope', birthday: '2023-02-29', consent_call: 'yes' },
        { external_id: `${id}-mgr`, account_manager_email: 'nobody@example.test' },
        { external_id: '', first_name: '' },
        { external_id: `${id}-ok2`, address_line1: 'Street 1' },
      ]) + `${id}-short,Ann\n`;
    const file = writeCsv(content);

    const summary = await service.importFile('customers', file);

    expect(summary).toMatchObject({ rows: 6, inserted: 1, rejected: 5, rejectedFile: `${file}.rejected.csv` });
    const lines = report(`${file}.rejected.csv`);
    expect(lines[0]).toBe('line,external_id,field,reason');
    // The first data row spans lines 2 and 3, so the next row starts on line 4.
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        `4,${id}-bad,email,is not a valid email address`,
        `4,${id}-bad,birthday,"must be a real date as YYYY-MM-DD in a year between 1900 and 2100, or --MM-DD when the year is unknown"`,
        `4,${id}-bad,consent_call,must be granted or withdrawn`,
        `5,${id}-mgr,account_manager_email,no staff member with email nobody@example.test`,
        '6,,external_id,is required',
        '6,,first_name,is required',
        `7,${id}-ok2,address_city,is required`,
        `8,${id}-short,,"has 2 fields, the header has 21"`,
      ]),
    );
    expect(await customer(`${id}-ok`)).toMatchObject({ last_name: 'has a\nnewline' });
    expect(await customer(`${id}-mgr`)).toBeUndefined();

    // Fixed and re-run: the stale report goes away.
    await service.importFile('customers', writeCsv(customersCsv([{ external_id: `${id}-x` }])), { rejectedFile: `${file}.rejected.csv` });
    expect(existsSync(`${file}.rejected.csv`)).toBe(false);
  });

  it('lets the last row of a repeated external id win, within and across chunks', async () => {
    const id = uniqueId('c');
    const rows = [
      { external_id: id, first_name: 'First' },
      { external_id: `${id}-2` },
      { external_id: id, first_name: 'Second' },
      { external_id: `${id}-3` },
      { external_id: id, first_name: 'Third', account_manager_email: 'ghost@example.test' },
      { external_id: id, first_name: 'Last' },
    ];
    const within = await service.importFile('customers', writeCsv(customersCsv(rows)));
    expect(within).toMatchObject({ rows: 6, inserted: 3, updated: 0, superseded: 2, rejected: 1 });
    expect((await customer(id)).first_name).toBe('Last');

    const id2 = uniqueId('c');
    const across = await service.importFile(
      'customers',
      writeCsv(customersCsv(rows.map((r) => ({ ...r, external_id: r.external_id.replace(id, id2) })))),
      { chunkRows: 2 },
    );
    expect(across.inserted + across.updated + across.unchanged + across.superseded + across.rejected).toBe(6);
    expect((await customer(id2)).first_name).toBe('Last');
  });

  it('stops at malformed CSV, naming the line of the whole file, on threads or not', async () => {
    const threaded = new compiled.CsvImportService(db, clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
    const id = uniqueId('c');
    const file = writeCsv(
      customersCsv(Array.from({ length: 50 }, (_, i) => ({ external_id: `${id}-${i}` }))) + `${id}-x,A"nn${','.repeat(19)}\n`,
    );
    await expect(service.importFile('customers', file, { threads: 0, pieceBytes: 200 })).rejects.toThrow(ImportFileError);
    await expect(service.importFile('customers', file, { threads: 0, pieceBytes: 200 })).rejects.toThrow(/^Malformed CSV in .*at line 52/);
    await expect(threaded.importFile('customers', file, { threads: 2, pieceBytes: 200 })).rejects.toThrow(/^Malformed CSV in .*at line 52/);
  });

  it('names missing and unknown columns and imports nothing', async () => {
    const id = uniqueId('c');
    const columns = ['external_id', 'first_name', 'emial', 'phone'];
    const file = writeCsv(customersCsv([{ external_id: id }], columns));
    const error = await service.importFile('customers', file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(/missing column\(s\): last_name, email, birthday/);
    expect((error as Error).message).toMatch(/unknown column\(s\): emial/);
    expect(await customer(id)).toBeUndefined();

    await expect(service.importFile('orders', writeCsv(''))).rejects.toThrow(/is empty/);
    await expect(service.importFile('orders', '/nonexistent/orders.csv')).rejects.toThrow(/Cannot read \/nonexistent\/orders.csv: ENOENT/);
    await expect(service.importFile('customers', writeCsv(customersCsv([{ external_id: id }]) + `"${id}-open,Ann\n`))).rejects.toThrow(
      ImportFileError,
    );
  });

  it('imports orders, rejects unknown customers and keeps customer statistics up to date', async () => {
    const a = await createCustomer(db);
    const b = await createCustomer(db);
    const old = await createOrder(db, b.id, { total: '10.00' });
    const id = uniqueId('o');
    const file = writeCsv(
      ordersCsv([
        {
          external_id: `${id}-1`,
          customer_external_id: a.externalId,
          total: '100.50',
          placed_at: '2026-05-01T10:00:00+07:00',
          placed_time_zone: 'Asia/Bangkok',
        },
        { external_id: `${id}-2`, customer_external_id: a.externalId, total: '20', currency: 'vnd', placed_at: '2026-05-03T10:00:00Z' },
        { external_id: `${id}-3`, customer_external_id: a.externalId, total: '5', status: 'cancelled' },
        { external_id: `${id}-4`, customer_external_id: 'nobody' },
        { external_id: `${id}-5`, customer_external_id: a.externalId, total: '-1', placed_at: 'yesterday' },
        // The order moves from b to a: both customers' statistics change.
        { external_id: old.externalId, customer_external_id: a.externalId, total: '10.00', placed_at: '2026-05-01T10:00:00Z' },
      ]),
    );

    const summary = await service.importFile('orders', file, { statsMode: 'per-chunk' });

    expect(summary).toMatchObject({ rows: 6, inserted: 3, updated: 1, rejected: 2 });
    expect(report(`${file}.rejected.csv`).slice(1)).toEqual(
      expect.arrayContaining([
        `5,${id}-4,customer_external_id,no customer with external id nobody`,
        expect.stringMatching(new RegExp(`^6,${id}-5,total,`)),
        expect.stringMatching(new RegExp(`^6,${id}-5,placed_at,`)),
      ]),
    );
    const [stored] = await db.query('SELECT placed_at, placed_time_zone, total, currency FROM orders WHERE external_id = $1', [`${id}-1`]);
    expect(stored).toEqual({
      placed_at: new Date('2026-05-01T03:00:00Z'),
      placed_time_zone: 'Asia/Bangkok',
      total: '100.5000',
      currency: 'USD',
    });
    const stats = (customerId: string) =>
      db.query('SELECT lifetime_value, order_count, last_order_at FROM customers WHERE id = $1', [customerId]).then((r: unknown[]) => r[0]);
    expect(await stats(a.id)).toEqual({ lifetime_value: '110.5000', order_count: 3, last_order_at: new Date('2026-05-03T10:00:00Z') });
    expect(await stats(b.id)).toEqual({ lifetime_value: '0.0000', order_count: 0, last_order_at: null });

    // The same statistics when they are brought up to date once, at the end.
    const c = await createCustomer(db);
    await service.importFile(
      'orders',
      writeCsv(
        ordersCsv([
          { external_id: `${id}-c1`, customer_external_id: c.externalId, total: '7.25' },
          { external_id: `${id}-c2`, customer_external_id: c.externalId, total: '2.75' },
        ]),
      ),
      { statsMode: 'at-end', chunkRows: 1 },
    );
    expect(await stats(c.id)).toMatchObject({ lifetime_value: '10.0000', order_count: 2 });

    const again = await service.importFile('orders', file, { statsMode: 'per-chunk' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 2 });
  });

  it('gives the same tables whatever the chunk size', async () => {
    const id = uniqueId('c');
    const rows = Array.from({ length: 57 }, (_, i) => ({ external_id: `${id}-${i % 50}`, first_name: `N${i}`, tags: `t${i % 3}` }));
    const snapshot = (prefix: string) =>
      db.query(
        `SELECT substr(external_id, length($1) + 1) AS key, first_name, tags FROM customers WHERE external_id LIKE $1 || '%' ORDER BY 1`,
        [prefix],
      );
    const one = await service.importFile('customers', writeCsv(customersCsv(rows)));
    const id2 = uniqueId('c');
    const many = await service.importFile(
      'customers',
      writeCsv(customersCsv(rows.map((r) => ({ ...r, external_id: r.external_id.replace(id, id2) })))),
      { chunkRows: 4 },
    );
    expect(one).toMatchObject({ rows: 57, inserted: 50, superseded: 7 });
    expect(many.inserted).toBe(50);
    expect(await snapshot(id2)).toEqual(await snapshot(id));
  });
  it('parses on worker threads with the same result as in one thread: rows, line numbers, last row wins', async () => {
    expect(compiledThreads.workerThreadsAvailable()).toBe(true);
    const threaded = new compiled.CsvImportService(db, clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
    const rowsFor = (id: string) =>
      Array.from({ length: 300 }, (_, i) => ({
        external_id: `${id}-${i % 250}`,
        first_name: i % 7 === 0 ? `Line\nbreak ${i}` : `N${i}`,
        last_name: i % 5 === 0 ? 'Smith, "Jr."' : '',
        email: i % 41 === 0 ? 'not-an-email' : '',
        phone: i % 3 === 0 ? `+1212555${String(1000 + i).slice(-4)}` : '',
        account_manager_email: i % 97 === 0 ? 'ghost@example.test' : i % 2 === 0 ? manager.email : '',
        tags: `t${i % 4};shared`,
      }));
    const one = uniqueId('c');
    const many = uniqueId('c');
    const oneFile = writeCsv(customersCsv(rowsFor(one)));
    const manyFile = writeCsv(customersCsv(rowsFor(many)));

    const inThread = await service.importFile('customers', oneFile, { threads: 0, pieceBytes: 300, chunkRows: 40 });
    const onThreads = await threaded.importFile('customers', manyFile, { threads: 2, pieceBytes: 300, chunkRows: 40 });

    const counts = ({ rows, inserted, updated, unchanged, superseded, rejected }: typeof inThread) => ({
      rows,
      inserted,
      updated,
      unchanged,
      superseded,
      rejected,
    });
    expect(counts(onThreads)).toEqual(counts(inThread));
    expect(inThread).toMatchObject({ rows: 300, rejected: 11 });
    // Rows refused by validation are reported as their piece is parsed, rows naming an unknown
    // manager when their chunk is merged, which overlaps the parsing of the next pieces: the two
    // kinds interleave by timing, so the reports must hold the same lines, in any order.
    const sortedReport = (path: string) => [...report(path)].sort();
    expect(
      sortedReport(`${manyFile}.rejected.csv`)
        .map((line) => line.replace(many, one))
        .sort(),
    ).toEqual(sortedReport(`${oneFile}.rejected.csv`));
    const snapshot = (prefix: string) =>
      db.query(
        `SELECT substr(external_id, length($1) + 1) AS key, first_name, last_name, phone, account_manager_id, tags FROM customers WHERE external_id LIKE $1 || '-%' ORDER BY 1`,
        [prefix],
      );
    expect(await snapshot(many)).toEqual(await snapshot(one));
  });
});
