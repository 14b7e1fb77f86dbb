import { CsvImportService } from '../../src/crm/import/import.service';
import { createTestApp, TestApp } from '../app';
import { createStaff, StaffFixture, uniqueId } from '../factories';
import { customersCsv, CustomerCsvRow, removeTempDir, writeCsv } from './csv';

/**
 * One customer merge whatever the source: a CSV row and the same record through
 * POST /customers/bulk store the same customer, consent included (its `source` says which way
 * it came), and follow the same rules when they meet a stored customer.
 */
describe('a CSV row and a POST /customers/bulk row', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let csv: CsvImportService;

  beforeAll(async () => {
    t = await createTestApp({ env: { DEFAULT_TIME_ZONE: 'UTC', DEFAULT_LOCALE: 'en' } });
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
    csv = new CsvImportService(t.db, t.clock, { defaultTimeZone: 'UTC', defaultLocale: 'en', baseCurrency: 'USD' });
  });
  afterAll(async () => {
    await t.close();
    removeTempDir();
  });

  const bulk = (customers: unknown[]) => t.http().post('/customers/bulk').set(admin.auth).send({ customers }).expect(200);
  const importRows = (rows: CustomerCsvRow[]) => csv.importFile('customers', writeCsv(customersCsv(rows)), { threads: 0 });
  const stored = async (externalId: string): Promise<Record<string, unknown>> => {
    const [row] = await t.db.query('SELECT * FROM customers WHERE external_id = $1', [externalId]);
    const { id: _id, external_id: _externalId, ...rest } = row;
    return rest;
  };
  /** The stored row with each consent's source left out, since it names the way the record came. */
  const withoutSources = (row: Record<string, unknown>) => ({
    ...row,
    consent: Object.fromEntries(
      Object.entries(row.consent as Record<string, { source: string }>).map(([channel, { source: _source, ...rest }]) => [channel, rest]),
    ),
  });

  const record = (externalId: string) => ({
    externalId,
    firstName: 'Linh',
    lastName: 'Nguyen',
    email: 'Linh@Example.com',
    phone: '090 123 4567',
    birthday: '--02-29',
    customerSince: '2021-03-04',
    locale: 'vi-vn',
    accountManagerEmail: manager.email,
    tags: ['vip', 'b2b'],
    tier: 'gold',
    consent: { email: { status: 'granted' }, sms: { status: 'withdrawn' } },
    address: { line1: '1 Lê Lợi', city: 'Hồ Chí Minh', region: 'SG', postalCode: '700000', country: 'VN' },
  });
  const row = (
    externalId: string,
    consent: Partial<CustomerCsvRow> = { consent_email: 'granted', consent_sms: 'withdrawn' },
  ): CustomerCsvRow => ({
    external_id: externalId,
    first_name: 'Linh',
    last_name: 'Nguyen',
    email: 'Linh@Example.com',
    phone: '090 123 4567',
    birthday: '--02-29',
    customer_since: '2021-03-04',
    time_zone: '',
    locale: 'vi-vn',
    account_manager_email: manager.email,
    tags: 'vip;b2b',
    tier: 'gold',
    address_line1: '1 Lê Lợi',
    address_city: 'Hồ Chí Minh',
    address_region: 'SG',
    address_postal_code: '700000',
    address_country: 'VN',
    ...consent,
  });

  it('store the same new customer, time zone guessed the same way and consent included', async () => {
    const [viaApi, viaCsv] = [uniqueId('api'), uniqueId('csv')];
    expect((await bulk([record(viaApi)])).body).toMatchObject({ inserted: 1 });
    expect(await importRows([row(viaCsv)])).toMatchObject({ inserted: 1, timeZones: { address: 1 } });

    const [api, file] = [await stored(viaApi), await stored(viaCsv)];
    expect(withoutSources(file)).toEqual(withoutSources(api));
    expect(api).toMatchObject({
      time_zone: 'Asia/Ho_Chi_Minh',
      phone: '+84901234567',
      consent: { email: { status: 'granted', at: t.clock.now().toISOString(), source: 'api' } },
    });
    expect(file).toMatchObject({ consent: { email: { source: 'csv' }, sms: { source: 'csv' } } });
  });

  it('leave a customer the other wrote unchanged when they say the same thing later', async () => {
    const id = uniqueId('both');
    await bulk([record(id)]);
    const before = await stored(id);
    t.clock.advance(86_400_000);

    expect(await importRows([row(id)])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await bulk([record(id)])).body).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await stored(id)).toEqual(before);
  });

  it('ignore a consent statement older than the stored one, the same way', async () => {
    const [viaApi, viaCsv] = [uniqueId('api'), uniqueId('csv')];
    // Consent recorded a few minutes ahead of this import's clock (a CRM whose clock runs ahead,
    // within the skew allowed; further ahead it is refused as from the future).
    const later = new Date(t.clock.now().getTime() + 240_000).toISOString();
    const granted = { ...record(''), consent: { email: { status: 'granted', at: later, source: 'crm' } } };
    await bulk([
      { ...granted, externalId: viaApi },
      { ...granted, externalId: viaCsv },
    ]);

    // A withdrawal with no time of its own is taken at the time of the write: older, so ignored.
    expect((await bulk([{ ...record(viaApi), consent: { email: { status: 'withdrawn' } } }])).body).toMatchObject({
      updated: 0,
      unchanged: 1,
    });
    expect(await importRows([row(viaCsv, { consent_email: 'withdrawn' })])).toMatchObject({ updated: 0, unchanged: 1 });

    const expected = { email: { status: 'granted', at: later, source: 'crm' } };
    expect((await stored(viaApi)).consent).toEqual(expected);
    expect((await stored(viaCsv)).consent).toEqual(expected);
  });
});
