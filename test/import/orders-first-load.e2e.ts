import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CsvImportService, ImportSummary } from '../../src/crm/import/import.service';
import { removeTempDir, tempDir, writeCsv } from './csv';
import { ImportDatabase, importDatabase } from './import-database';

/**
 * The two paths of an orders import (first load into an empty table, chunked upsert) and the two
 * ways of reading a piece (split on commas when it is plain, csv-parse otherwise) must store the
 * same orders and report the same lines, fields and reasons, whatever the lines hold.
 */
describe('orders: first load and chunked upsert, plain and quoted files', () => {
  let database: ImportDatabase;
  let db: DataSource;
  let service: CsvImportService;
  let expectedReport: string[] = [];

  beforeAll(async () => {
    database = await importDatabase('touchpoint_import_orders');
    ({ db, service } = database);
    await db.query(`
      INSERT INTO customers (external_id, first_name, time_zone, locale, created_at, updated_at)
      SELECT 'k' || i, 'K', 'UTC', 'en', now(), now() FROM generate_series(1, 3) i`);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
    removeTempDir();
  });

  const HEADER = 'external_id,customer_external_id,placed_at,placed_time_zone,total,currency,status';
  /** Lines of an orders file whose ids start with `p`: valid ones in every accepted spelling, and every kind of mistake. */
  const lines = (p: string) => [
    `${p}1,k1,2026-05-01T10:00:00+07:00,Asia/Bangkok,100.50,USD,placed`,
    `${p}2,k1,2026-05-01T10:00:00.5Z,,20,vnd,`,
    `${p}3,k2,2026-05-01T10:00:00.123-05:30,America/New_York,0.0001,eur,refunded`,
    `${p}4,k2,2024-02-29T23:59:59+14:00,,5,USD,cancelled`,
    // Valid, once trimmed or canonicalized (spaces, alias zones, other spellings of a time).
    ` ${p}5 ,k3,2026-05-01T10:00+07:00,Asia/Saigon, 12.5,usd ,`,
    `${p}6,k3,2026-05-01T10:00:00+0700,asia/bangkok,1,USD,`,
    `${p}7,k3,2026-05-01T10:00:00.123456789+07:00,,1,USD,`,
    `${p}ünï,k3,2026-05-01T10:00:00Z,,1,USD,`,
    '',
    // Rejected by the normalizer, with its reasons.
    `${p}8,k1,2026-02-30T10:00:00Z,,1,USD,`,
    `${p}9,k1,2026-02-29T10:00:00Z,,1,USD,`,
    `${p}10,k1,1899-12-31T23:00:00Z,,1,USD,`,
    `${p}11,k1,2026-05-01 10:00:00Z,Mars/Base,1e3,ZZZ,Placed`,
    `${p}12,k1,yesterday,+07:00,-1,US,shipped`,
    `${p}13,k1,,,,,`,
    `,k1,2026-05-01T10:00:00Z,,12.34567,USD,`,
    `${p}${'x'.repeat(200)},k1,2026-05-01T10:00:00Z,,1,USD,`,
    `${p}14,k1,2026-05-01T24:00:00Z,,1,USD,`,
    `${p}15,k1,2026-05-01T10:00:00+07:00,,1,USD`,
    `${p}16,k1,2026-05-01T10:00:00+07:00,,1,USD,placed,extra`,
    '   ',
    // An unknown customer, and a repeated id whose last row wins.
    `${p}17,nobody,2026-05-01T10:00:00Z,,1,USD,`,
    `${p}1,k3,2026-05-02T10:00:00Z,,99,USD,`,
  ];
  const file = (p: string, extra = '') => writeCsv([HEADER, ...lines(p)].join('\n') + '\n' + extra);

  const writeCsvBytes = (bytes: Buffer) => {
    const path = join(tempDir(), `orders-bytes-${randomBytes(4).toString('hex')}.csv`);
    writeFileSync(path, bytes);
    return path;
  };
  const orders = (p: string) =>
    db.query(
      `SELECT substr(o.external_id, length($1) + 1) AS id, c.external_id AS customer, o.placed_at, o.placed_time_zone, o.total, o.currency, o.status
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.external_id LIKE '%' || $1 || '%' ORDER BY 1`,
      [p],
    );
  const stats = () => db.query(`SELECT external_id, lifetime_value, order_count, last_order_at FROM customers ORDER BY 1`);
  const counts = (s: ImportSummary) => ({ rows: s.rows, inserted: s.inserted, superseded: s.superseded, rejected: s.rejected });
  const report = (path: string, p: string) =>
    readFileSync(`${path}.rejected.csv`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.replaceAll(p, '@'));

  it('stores the same orders and reports the same lines, fields and reasons on both paths', async () => {
    const firstLoad = file('qa-');
    const first = await service.importFile('orders', firstLoad);
    expect(first.path).toBe('first-load');
    const firstStats = await stats();

    // The table is no longer empty: the same lines go through the chunked path, in small pieces.
    const chunked = file('qb-');
    const upsert = await service.importFile('orders', chunked, { statsMode: 'per-chunk', pieceBytes: 100 });
    expect(upsert.path).toBe('upsert');

    expect(counts(first)).toEqual(counts(upsert));
    expect(first).toMatchObject({ rows: 22, inserted: 8, superseded: 1, rejected: 13 });
    expect(await orders('qa-')).toEqual(await orders('qb-'));
    // In file order in both: the normalizer's rejections as each line is read, unknown customers after the merge.
    expect(report(firstLoad, 'qa-')).toEqual(report(chunked, 'qb-'));
    expectedReport = report(firstLoad, 'qa-');
    expect(report(firstLoad, 'qa-')).toEqual(
      expect.arrayContaining([
        '11,@8,placed_at,"must be an ISO 8601 date-time with a zone offset in a year between 1900 and 2100, e.g. 2026-03-01T14:30:00+07:00"',
        '14,@11,currency,must be an ISO 4217 currency code such as USD or VND',
        '17,,external_id,is required',
        '20,@15,,"has 6 fields, the header has 7"',
        '23,@17,customer_external_id,no customer with external id nobody',
      ]),
    );
    // The figures of both paths agree: every customer's order count doubled.
    const after = await stats();
    expect(after.map((c: { order_count: number }) => c.order_count)).toEqual(
      firstStats.map((c: { order_count: number }) => c.order_count * 2),
    );
  }, 60_000);

  it('reports the same when csv-parse reads the file: a quoted field, or bytes that are not UTF-8', async () => {
    const quoted = file('qc-', 'qc-x,"k1",2026-05-01T10:00:00Z,,1,USD,\n');
    const notUtf8 = writeCsvBytes(
      Buffer.concat([readFileSync(file('qd-')), Buffer.from('qd-\xff,k1,2026-05-01T10:00:00Z,,1,USD,\n', 'latin1')]),
    );
    for (const [path, prefix] of [
      [quoted, 'qc-'],
      [notUtf8, 'qd-'],
    ]) {
      await db.query('TRUNCATE orders');
      const summary = await service.importFile('orders', path);
      expect(summary).toMatchObject({ path: 'first-load', rows: 23, inserted: 9, rejected: 13 });
      expect(report(path, prefix)).toEqual(expectedReport);
    }
  }, 60_000);
});
