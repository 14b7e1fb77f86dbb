import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { ColumnMap, parseMapFile, presetMap } from '../../src/crm/import/column-map';
import { CsvImportService, ImportFileError } from '../../src/crm/import/import.service';
import { dataSourceOptions } from '../../src/database/options';
import { testDatabaseUrl } from '../app';
import { createStaff, uniqueId } from '../factories';
import { removeTempDir, tempDir, writeCsv } from './csv';

/**
 * Exports as Shopify and HubSpot write them (test/import/fixtures: Shopify's `'` before ids,
 * phones and zips, yes/no consent, "a, b" tags, quoted commas; HubSpot's quoted fields, BOM,
 * country names and true/false), imported with their presets.
 */
const FIXTURES = join(__dirname, 'fixtures');
/** The compiled service (`npm test` builds first): only there does parsing run on worker threads. */
const compiled = require('../../dist/crm/import/import.service') as typeof import('../../src/crm/import/import.service');

describe('CSV import with presets and mapping files', () => {
  let db: DataSource;
  let clock: FixedClock;
  let service: CsvImportService;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 3), logging: false });
    await db.initialize();
    clock = new FixedClock(new Date('2026-06-15T12:00:00Z'));
    service = new CsvImportService(db, clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
  });
  afterAll(async () => {
    await db.destroy();
    removeTempDir();
  });

  /** A fixture copied to the run's folder, so the reject report lands there. */
  const fixture = (name: string) => {
    const path = join(tempDir(), `${uniqueId('f')}-${name}`);
    copyFileSync(join(FIXTURES, name), path);
    return path;
  };
  const preset = (kind: 'customers' | 'orders', name: string) => presetMap(kind, name) as ColumnMap;
  const customer = (externalId: string) =>
    db.query('SELECT * FROM customers WHERE external_id = $1', [externalId]).then((rows: Record<string, unknown>[]) => rows[0]);
  const order = (externalId: string) =>
    db
      .query('SELECT o.*, c.external_id AS customer FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.external_id = $1', [
        externalId,
      ])
      .then((rows: Record<string, unknown>[]) => rows[0]);

  describe('Shopify', () => {
    it('imports the customers export as Shopify writes it, guessing time zones from address or phone', async () => {
      const summary = await service.importFile('customers', fixture('shopify-customers.csv'), {
        columnMap: preset('customers', 'shopify'),
      });

      expect(summary).toMatchObject({
        rows: 6,
        inserted: 6,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejectedFile: null,
        timeZones: { given: 0, address: 4, phone: 1, default: 1 },
      });
      expect(summary.ignoredColumns).toEqual(['Default Address Company', 'Total Spent', 'Total Orders', 'Note', 'Tax Exempt']);
      expect(await customer('7390214561001')).toMatchObject({
        first_name: 'Anna',
        last_name: 'Schmidt',
        email: 'anna.schmidt@example.de',
        phone: '+4915123456789',
        time_zone: 'Europe/Berlin',
        tags: ['VIP', 'newsletter'],
        consent: {
          email: { status: 'granted', at: '2026-06-15T12:00:00.000Z', source: 'csv' },
          sms: { status: 'withdrawn', at: '2026-06-15T12:00:00.000Z', source: 'csv' },
        },
        address: { line1: 'Friedrichstraße 43', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE' },
      });
      expect(await customer('7390214561002')).toMatchObject({
        last_name: "O'Brien",
        phone: '+12065550143',
        time_zone: 'America/Los_Angeles',
        address: { line1: '1200 Pike St', line2: 'Suite 5', city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' },
      });
      expect(await customer('7390214561003')).toMatchObject({
        last_name: 'Trần',
        phone: '+84901234567',
        time_zone: 'Asia/Ho_Chi_Minh',
        address: null,
      });
      expect(await customer('7390214561004')).toMatchObject({ time_zone: 'UTC', phone: null, tags: [] });
      expect(await customer('7390214561005')).toMatchObject({
        first_name: 'Émilie',
        time_zone: 'America/Toronto',
        tags: ['fr', 'returning'],
      });
      // No customer phone: the address phone, a national number read in the address's country.
      expect(await customer('7390214561006')).toMatchObject({ phone: '+61412345678', time_zone: 'Australia/Perth' });
    });

    it('changes nothing when the same export is imported again later, consent times and unmapped columns included', async () => {
      const anna = await customer('7390214561001');
      const manager = await createStaff(db, { name: 'Petra Lange' });
      await db.query(`UPDATE customers SET account_manager_id = $2, tier = 'gold', locale = 'de' WHERE external_id = $1`, [
        '7390214561001',
        manager.id,
      ]);
      clock.set('2026-06-16T09:30:00Z');

      const again = await service.importFile('customers', fixture('shopify-customers.csv'), { columnMap: preset('customers', 'shopify') });

      expect(again).toMatchObject({ rows: 6, inserted: 0, updated: 0, unchanged: 6, rejected: 0 });
      const after = await customer('7390214561001');
      expect(after.consent).toEqual(anna.consent);
      expect(after.updated_at).toEqual(anna.updated_at);
      // Columns the Shopify export does not have keep what was set in Touchpoint.
      expect(after).toMatchObject({ account_manager_id: manager.id, tier: 'gold', locale: 'de' });
    });

    it('takes a changed consent at the time of the import, and only for that customer', async () => {
      clock.set('2026-06-17T10:00:00Z');
      const content = readFileSync(join(FIXTURES, 'shopify-customers.csv'), 'utf8').replace(
        "'7390214561002,James,O'Brien,james.obrien@example.com,yes,",
        "'7390214561002,James,O'Brien,james.obrien@example.com,no,",
      );
      const summary = await service.importFile('customers', writeCsv(content, 'shopify'), { columnMap: preset('customers', 'shopify') });

      expect(summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 5 });
      expect((await customer('7390214561002')).consent).toMatchObject({
        email: { status: 'withdrawn', at: '2026-06-17T10:00:00.000Z', source: 'csv' },
        sms: { status: 'granted', at: '2026-06-15T12:00:00.000Z', source: 'csv' },
      });
    });

    it('imports the orders export: one order per order, line items skipped, customers found by email', async () => {
      const file = fixture('shopify-orders.csv');
      const summary = await service.importFile('orders', file, { columnMap: preset('orders', 'shopify') });

      expect(summary).toMatchObject({ rows: 5, inserted: 3, skipped: 1, rejected: 1, timeZones: null });
      expect(readFileSync(`${file}.rejected.csv`, 'utf8').trim().split('\n')).toEqual([
        'line,external_id,field,reason',
        '6,5871234567004,Email,"no customer, or more than one, with email stranger@example.org"',
      ]);
      expect(await order('5871234567001')).toMatchObject({
        customer: '7390214561001',
        total: '89.9000',
        currency: 'EUR',
        status: 'placed',
        placed_at: new Date('2026-03-02T09:15:22Z'),
      });
      expect(await order('5871234567002')).toMatchObject({ customer: '7390214561002', total: '132.3000', status: 'refunded' });
      expect(await order('5871234567003')).toMatchObject({ customer: '7390214561003', currency: 'VND', status: 'cancelled' });

      const again = await service.importFile('orders', fixture('shopify-orders.csv'), { columnMap: preset('orders', 'shopify') });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, skipped: 1, rejected: 1 });
    });

    it("reports bad rows of a preset file by the file's own column names, and imports the rest", async () => {
      const file = fixture('shopify-customers-bad.csv');
      const summary = await service.importFile('customers', file, { columnMap: preset('customers', 'shopify') });

      expect(summary).toMatchObject({ rows: 6, rejected: 5, rejectedFile: `${file}.rejected.csv` });
      expect(readFileSync(`${file}.rejected.csv`, 'utf8').trim().split('\n')).toEqual([
        'line,external_id,field,reason',
        '3,7390214569001,Email,is not a valid email address',
        '4,7390214569002,Accepts Email Marketing,must be yes or no',
        '5,7390214569003,First Name,is required',
        '6,7390214569004,Phone,is not a valid phone number (give it with its +country code)',
        '7,7390214569005,Default Address Country Code,must be at most 2 characters',
      ]);
      expect(await customer('7390214569001')).toBeUndefined();
    });

    it('maps the records of a preset file on worker threads as in one thread', async () => {
      const threaded = new compiled.CsvImportService(db, clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
      const fixtureText = readFileSync(join(FIXTURES, 'shopify-customers-bad.csv'), 'utf8');
      const copy = (prefix: string) =>
        writeCsv(fixtureText.replace(/'739021456/g, `'${prefix}-`).replace(/@example\./g, `@${prefix}.example.`), 'shopify');
      const [one, many] = [uniqueId('one'), uniqueId('many')];
      const [oneFile, manyFile] = [copy(one), copy(many)];

      const inThread = await service.importFile('customers', oneFile, {
        columnMap: preset('customers', 'shopify'),
        threads: 0,
        pieceBytes: 200,
      });
      const onThreads = await threaded.importFile('customers', manyFile, {
        columnMap: preset('customers', 'shopify'),
        threads: 2,
        pieceBytes: 200,
      });

      const { seconds: _a, phases: _b, file: _c, rejectedFile: _d, ...counts } = inThread;
      expect(onThreads).toMatchObject({ ...counts, inserted: 1, rejected: 5 });
      const report = (file: string, prefix: string) => readFileSync(`${file}.rejected.csv`, 'utf8').replaceAll(prefix, 'ID');
      expect(report(manyFile, many)).toBe(report(oneFile, one));
    });

    it('refuses a file that lacks a column the preset needs, naming it', async () => {
      const file = writeCsv('First Name,Email\nAda,ada@example.com\n', 'shopify');
      await expect(service.importFile('customers', file, { columnMap: preset('customers', 'shopify') })).rejects.toThrow(
        new ImportFileError('Bad customers CSV header for the shopify preset: missing column(s): Customer ID (for external_id)'),
      );
    });
  });

  describe('HubSpot', () => {
    it('imports the contacts export: country names, state names, opt-outs, and incomplete addresses as place hints', async () => {
      clock.set('2026-06-15T12:00:00Z');
      const summary = await service.importFile('customers', fixture('hubspot-contacts.csv'), { columnMap: preset('customers', 'hubspot') });

      expect(summary).toMatchObject({ rows: 3, inserted: 3, rejected: 0, timeZones: { given: 1, address: 2, phone: 0, default: 0 } });
      expect(summary.ignoredColumns).toEqual(['Contact owner', 'Lifecycle Stage', 'Create Date']);
      expect(await customer('101')).toMatchObject({
        first_name: 'Sofia',
        phone: '+14155550199',
        time_zone: 'America/Los_Angeles',
        birth_year: 1988,
        birth_month: 7,
        birth_day: 14,
        customer_since: new Date('2025-11-03T00:00:00Z'),
        consent: {},
        address: { line1: '88 Market Street', city: 'San Francisco', region: 'California', postalCode: '94105', country: 'US' },
      });
      // City and country but no street: not an address a card can go to, still where the customer lives.
      expect(await customer('102')).toMatchObject({
        phone: '+498912345678',
        time_zone: 'Europe/Berlin',
        address: null,
        consent: { email: { status: 'withdrawn', at: '2026-06-15T12:00:00.000Z', source: 'csv' } },
      });
      expect(await customer('103')).toMatchObject({ phone: '+61412345678', time_zone: 'America/Chicago' });
    });
  });

  describe('mapping files', () => {
    const mapping = parseMapFile('customers', 'crm-map.json', {
      external_id: 'Kunden-Nr',
      first_name: 'Vorname',
      last_name: 'Nachname',
      email: ['E-Mail', 'E-Mail privat'],
      consent_email: { column: 'Newsletter', transform: 'yes-no' },
      tier: { column: 'Stufe', values: { Gold: 'gold', Silber: 'silver' } },
      tags: { column: 'Gruppen', transform: 'list', separator: '|' },
      address_line1: 'Straße',
      address_city: 'Ort',
      address_country: { column: 'Land', transform: 'country' },
    }) as ColumnMap;

    it("imports another CRM's layout through a mapping of our columns to theirs", async () => {
      const id = uniqueId('k');
      const mapped = writeCsv(
        'Kunden-Nr,Vorname,Nachname,E-Mail,E-Mail privat,Newsletter,Stufe,Gruppen,Straße,Ort,Land\n' +
          `${id},Jörg,Maier,,jm@example.de,yes,Gold,b2b|vip,Hauptstr. 1,Wien,Österreich\n`,
        'crm',
      );

      const summary = await service.importFile('customers', mapped, { columnMap: mapping });

      expect(summary).toMatchObject({ inserted: 1, rejected: 0, timeZones: { address: 1 } });
      expect(await customer(id)).toMatchObject({
        first_name: 'Jörg',
        email: 'jm@example.de',
        tier: 'gold',
        tags: ['b2b', 'vip'],
        time_zone: 'Europe/Vienna',
        consent: { email: { status: 'granted' } },
        address: { line1: 'Hauptstr. 1', city: 'Wien', country: 'AT' },
      });
    });

    it("refuses a file missing a mapped column, and reports a value outside the mapping's values", async () => {
      await expect(service.importFile('customers', writeCsv('Kunden-Nr,Vorname\nk1,Ann\n', 'crm'), { columnMap: mapping })).rejects.toThrow(
        /missing column\(s\): Nachname \(for last_name\), one of E-Mail \/ E-Mail privat \(for email\), Newsletter \(for consent_email\)/,
      );
      const id = uniqueId('k');
      const file = writeCsv(
        'Kunden-Nr,Vorname,Nachname,E-Mail,E-Mail privat,Newsletter,Stufe,Gruppen,Straße,Ort,Land\n' +
          `${id},Ann,Lee,ann@example.com,,no,Platin,,,,\n`,
        'crm',
      );
      const summary = await service.importFile('customers', file, { columnMap: mapping });
      expect(summary).toMatchObject({ inserted: 0, rejected: 1 });
      expect(readFileSync(`${file}.rejected.csv`, 'utf8')).toContain(`2,${id},Stufe,"must be one of Gold, Silber"`);
    });
  });
});
