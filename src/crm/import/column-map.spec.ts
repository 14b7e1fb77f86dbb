import { countryCode, keptColumns, mapRecord, parseMapFile, presetMap, resolveMap, transformValue } from './column-map';
import { CUSTOMER_COLUMNS } from './csv-rows';

const field = (transform: Parameters<typeof transformValue>[0]['transform'], more: object = {}) => ({ transform, separator: ',', ...more });

describe('transformValue', () => {
  it.each([
    ['unquote', "'7390214561001", '7390214561001'],
    ['unquote', "'+49 30 901820", '+49 30 901820'],
    ['unquote', 'no quote', 'no quote'],
    ['yes-no', 'yes', 'granted'],
    ['yes-no', 'NO', 'withdrawn'],
    ['yes-no', 'true', 'granted'],
    ['opt-out', 'true', 'withdrawn'],
    ['opt-out', 'false', ''],
    ['list', 'VIP, newsletter,, b2b ', 'VIP;newsletter;b2b'],
    ['date', '2025-11-03 14:22', '2025-11-03'],
    ['date', '1988-07-14', '1988-07-14'],
    ['datetime', '2026-03-02 10:15:22 +0100', '2026-03-02T10:15:22+0100'],
    ['datetime', '2026-03-02 10:15 UTC', '2026-03-02T10:15Z'],
    ['datetime', '2026-03-02T10:15:22Z', '2026-03-02T10:15:22Z'],
    ['country', 'United States', 'US'],
    ['country', 'de', 'DE'],
    ['country', 'Narnia', 'Narnia'],
    ['time-zone', 'america_slash_chicago', 'america/chicago'],
    ['time-zone', 'America/Los Angeles', 'America/Los_Angeles'],
    ['time-zone', '(GMT-05:00) Eastern Time', ''],
  ] as const)('%s reads %j as %j', (transform, raw, expected) => {
    expect(transformValue(field(transform), raw)).toBe(expected);
  });

  it('refuses what a consent column cannot mean', () => {
    expect(transformValue(field('yes-no'), 'maybe')).toEqual({ reason: 'must be yes or no' });
  });

  it('maps values without regard to case and refuses others, naming the accepted ones', () => {
    const values = {
      transform: 'text' as const,
      separator: ',',
      values: { gold: 'gold', silber: 'silver' },
      valueNames: ['Gold', 'Silber'],
    };
    expect(transformValue(values, 'SILBER')).toBe('silver');
    expect(transformValue(values, 'Platin')).toEqual({ reason: 'must be one of Gold, Silber' });
  });
});

describe('countryCode', () => {
  it.each([
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['Viet Nam', 'VN'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['Côte d’Ivoire', 'CI'],
    ['Atlantis', null],
  ])('%s is %s', (name, code) => expect(countryCode(name)).toBe(code));
});

describe('parseMapFile', () => {
  it('lists every problem, naming the field', () => {
    expect(
      parseMapFile('customers', 'm.json', { external_id: 'Id', colour: 'Colour', email: { column: 'Mail', transform: 'shout', extra: 1 } }),
    ).toEqual([
      'colour: is not a column of customers (' + CUSTOMER_COLUMNS.join(', ') + ')',
      'email.extra: is not a known setting (column, transform, separator, values)',
      'email.transform: must be one of text, unquote, yes-no, opt-out, list, date, datetime, country, time-zone',
      'first_name is not mapped',
    ]);
    expect(parseMapFile('customers', 'm.json', { external_id: 'Id', first_name: 'Name', tier: 'Level' })).toEqual([
      'none of email, phone, address_line1 is mapped: a customer needs a way to be reached',
    ]);
  });

  it('needs orders to name their customer one way', () => {
    expect(parseMapFile('orders', 'm.json', { external_id: 'Id', placed_at: 'At', total: 'T', currency: 'C' })).toEqual([
      'map exactly one of customer_external_id and customer_email',
    ]);
  });
});

describe('resolveMap and mapRecord', () => {
  const shopify = presetMap('customers', 'shopify');
  if (typeof shopify === 'string') throw new Error(shopify);

  it('accepts an older Shopify export by its older column names, and lists what it ignores', () => {
    const header = [
      '\uFEFFCustomer ID',
      'First Name',
      'Last Name',
      'Email',
      'Accepts Marketing',
      'Address1',
      'City',
      'Province Code',
      'Country Code',
      'Zip',
      'Phone',
      'Note',
    ];
    const check = resolveMap('customers', shopify, header);
    if (!check.ok) throw new Error(check.message);
    expect(check.map.ignored).toEqual(['Note']);
    const mapped = mapRecord(check.map, [
      "'42",
      'Ann',
      'Lee',
      'ann@example.com',
      'yes',
      '1 Main St',
      'Austin',
      'TX',
      'US',
      "'73301",
      "'+15125550100",
      'x',
    ]);
    expect(mapped).toMatchObject({ ok: true, hints: {} });
    const row = (mapped as { row: string[] }).row;
    const at = (column: string) => row[CUSTOMER_COLUMNS.indexOf(column as (typeof CUSTOMER_COLUMNS)[number])];
    expect([at('external_id'), at('consent_email'), at('address_region'), at('address_postal_code'), at('phone')]).toEqual([
      '42',
      'granted',
      'TX',
      '73301',
      '+15125550100',
    ]);
  });

  it('turns an address without street into place hints', () => {
    const hubspot = presetMap('customers', 'hubspot');
    if (typeof hubspot === 'string') throw new Error(hubspot);
    const check = resolveMap('customers', hubspot, ['Record ID', 'First Name', 'Email', 'City', 'State/Region', 'Country/Region']);
    if (!check.ok) throw new Error(check.message);
    expect(mapRecord(check.map, ['7', 'Ann', 'a@example.com', 'Austin', 'Texas', 'United States'])).toMatchObject({
      ok: true,
      hints: { country: 'US', region: 'Texas' },
    });
  });

  it('keeps the stored columns a file does not feed; the address only when none of its columns is there', () => {
    expect([...keptColumns(['birthday', 'account_manager_email', 'address_line2'])].sort()).toEqual([
      'account_manager_id',
      'birth_day',
      'birth_month',
      'birth_year',
    ]);
    expect(keptColumns(CUSTOMER_COLUMNS.filter((c) => c.startsWith('address_'))).has('address')).toBe(true);
  });
});
