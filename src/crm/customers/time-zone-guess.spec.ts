import { isTimeZone } from '../../common/validators';
import { guessTimeZone, regionNamesInTables, zoneOfPlace, zonesInTables } from './time-zone-guess';

describe('zoneOfPlace', () => {
  it('names only zones the runtime knows', () => {
    expect(zonesInTables().filter((zone) => !isTimeZone(zone))).toEqual([]);
  });

  it('maps every region name to a region code of the same country', () => {
    expect(regionNamesInTables().filter((entry) => !entry.known)).toEqual([]);
  });

  it.each([
    ['DE', undefined, 'Europe/Berlin'],
    ['vn', undefined, 'Asia/Ho_Chi_Minh'],
    ['GB', 'ENG', 'Europe/London'],
    ['JP', 'Tokyo', 'Asia/Tokyo'],
  ])('a country with one zone: %s (%s) is %s', (country, region, zone) => {
    expect(zoneOfPlace(country, region)).toBe(zone);
  });

  it.each([
    ['US', 'CA', 'America/Los_Angeles'],
    ['US', 'US-CA', 'America/Los_Angeles'],
    ['US', 'California', 'America/Los_Angeles'],
    ['US', 'NY', 'America/New_York'],
    ['US', 'TX', 'America/Chicago'],
    ['US', 'AZ', 'America/Phoenix'],
    ['US', 'co', 'America/Denver'],
    ['US', 'HI', 'Pacific/Honolulu'],
    ['US', 'Alaska', 'America/Anchorage'],
    ['US', 'IN', 'America/Indiana/Indianapolis'],
    ['CA', 'BC', 'America/Vancouver'],
    ['CA', 'Québec', 'America/Toronto'],
    ['CA', 'NL', 'America/St_Johns'],
    ['CA', 'SK', 'America/Regina'],
    ['AU', 'WA', 'Australia/Perth'],
    ['AU', 'QLD', 'Australia/Brisbane'],
    ['AU', 'New South Wales', 'Australia/Sydney'],
    ['AU', 'NT', 'Australia/Darwin'],
    ['BR', 'SP', 'America/Sao_Paulo'],
    ['BR', 'AM', 'America/Manaus'],
    ['BR', 'BR-AC', 'America/Rio_Branco'],
    ['MX', 'JAL', 'America/Mexico_City'],
    ['MX', 'BC', 'America/Tijuana'],
    ['MX', 'Q ROO', 'America/Cancun'],
    ['MX', 'ROO', 'America/Cancun'],
    ['MX', 'SON', 'America/Hermosillo'],
    ['RU', 'MOW', 'Europe/Moscow'],
    ['RU', 'SVE', 'Asia/Yekaterinburg'],
    ['RU', 'NVS', 'Asia/Novosibirsk'],
    ['RU', 'PRI', 'Asia/Vladivostok'],
    ['RU', 'KGD', 'Europe/Kaliningrad'],
    ['ID', 'JK', 'Asia/Jakarta'],
    ['ID', 'BA', 'Asia/Makassar'],
    ['ID', 'Bali', 'Asia/Makassar'],
    ['ID', 'PA', 'Asia/Jayapura'],
    ['ID', 'KB', 'Asia/Pontianak'],
    ['ES', 'TF', 'Atlantic/Canary'],
    ['ES', 'M', 'Europe/Madrid'],
    ['PT', 'PT-20', 'Atlantic/Azores'],
  ])('a country with several zones: %s region %s is %s', (country, region, zone) => {
    expect(zoneOfPlace(country, region)).toBe(zone);
  });

  it.each([
    ['US', undefined, 'America/New_York'],
    ['US', 'Atlantis', 'America/New_York'],
    ['CA', '', 'America/Toronto'],
    ['AU', undefined, 'Australia/Sydney'],
    ['BR', undefined, 'America/Sao_Paulo'],
    ['RU', undefined, 'Europe/Moscow'],
    ['MX', undefined, 'America/Mexico_City'],
    ['ID', undefined, 'Asia/Jakarta'],
  ])('a country with several zones and no known region takes its most populous: %s %s', (country, region, zone) => {
    expect(zoneOfPlace(country, region)).toBe(zone);
  });

  it('knows nothing of an unknown country', () => {
    expect(zoneOfPlace('ZZ', 'CA')).toBeNull();
  });
});

describe('guessTimeZone', () => {
  it.each([
    [
      { country: 'US', region: 'WA', phoneCountry: 'DE' },
      { zone: 'America/Los_Angeles', source: 'address' },
    ],
    [
      { country: 'FR', phoneCountry: 'US' },
      { zone: 'Europe/Paris', source: 'address' },
    ],
    [{ phoneCountry: 'VN' }, { zone: 'Asia/Ho_Chi_Minh', source: 'phone' }],
    [
      { country: 'ZZ', phoneCountry: 'TH' },
      { zone: 'Asia/Bangkok', source: 'phone' },
    ],
    [{ region: 'CA' }, null],
    [{}, null],
  ])('%j gives %j', (place, expected) => {
    expect(guessTimeZone(place)).toEqual(expected);
  });
});
