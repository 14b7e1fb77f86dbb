import { canonicalTimeZone, normalizeCustomer, NormalizedCustomer, parseInstant } from './customer-input';

const defaults = { timeZone: 'Asia/Bangkok', locale: 'th', now: new Date('2026-06-15T12:00:00Z'), source: 'api' };
const base = { externalId: 'c-1', firstName: 'Linh' };

function ok(input: Record<string, unknown>): NormalizedCustomer {
  const result = normalizeCustomer({ ...base, ...input }, defaults);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function fields(input: unknown): string[] {
  const result = normalizeCustomer(input, defaults);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('normalizeCustomer', () => {
  it('fills defaults and trims', () => {
    expect(ok({ firstName: '  Linh  ' })).toEqual({
      externalId: 'c-1',
      firstName: 'Linh',
      lastName: '',
      email: null,
      phone: null,
      birthYear: null,
      birthMonth: null,
      birthDay: null,
      customerSince: null,
      timeZone: 'Asia/Bangkok',
      timeZoneSource: 'default',
      locale: 'th',
      accountManagerEmail: null,
      tags: [],
      tier: null,
      consent: {},
      address: null,
    });
  });

  describe('time zone left out', () => {
    const address = { line1: '1 Main St', city: 'Seattle', country: 'US', region: 'WA' };
    it.each([
      ['given', { timeZone: 'europe/berlin', address, phone: '+84901234567' }, 'Europe/Berlin', 'given'],
      ['address region', { address, phone: '+84901234567' }, 'America/Los_Angeles', 'address'],
      ['address country', { address: { ...address, country: 'DE', region: undefined } }, 'Europe/Berlin', 'address'],
      ['phone', { phone: '+84 90 123 4567' }, 'Asia/Ho_Chi_Minh', 'phone'],
      ['Canadian phone', { phone: '+1 604 555 0100' }, 'America/Toronto', 'phone'],
      ['nothing', { email: 'a@example.com' }, 'Asia/Bangkok', 'default'],
    ])('from the %s', (_, input, zone, source) => {
      expect(ok(input)).toMatchObject({ timeZone: zone, timeZoneSource: source });
    });

    it('uses the place hints of an address too incomplete to store, for the zone and national phone numbers', () => {
      const result = normalizeCustomer({ ...base, phone: '030 901820' }, defaults, { country: 'DE', region: 'BE' });
      expect(result).toMatchObject({
        ok: true,
        value: { timeZone: 'Europe/Berlin', timeZoneSource: 'address', phone: '+4930901820', address: null },
      });
    });
  });

  describe.each([
    ['1992-02-29', { birthYear: 1992, birthMonth: 2, birthDay: 29 }],
    ['2000-02-29', { birthYear: 2000, birthMonth: 2, birthDay: 29 }],
    ['--02-29', { birthYear: null, birthMonth: 2, birthDay: 29 }],
    ['--12-31', { birthYear: null, birthMonth: 12, birthDay: 31 }],
    ['1990-01-31', { birthYear: 1990, birthMonth: 1, birthDay: 31 }],
  ])('birthday %s', (birthday, expected) => {
    it('is accepted', () => expect(ok({ birthday })).toMatchObject(expected));
  });

  it.each(['2023-02-29', '1900-02-29', '--02-30', '--13-01', '--04-31', '1990-4-1', '02-29', '1899-12-31', '2101-01-01', '29/02/1992'])(
    'refuses the birthday %s',
    (birthday) => expect(fields({ ...base, birthday })).toEqual(['birthday']),
  );

  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['asia/bangkok', 'Asia/Bangkok'],
    ['utc', 'UTC'],
    ['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'],
  ])('keeps the zone %s as %s', (timeZone, expected) => expect(ok({ timeZone }).timeZone).toBe(expected));

  it.each(['Mars/Olympus', 'GMT+25', '+07:00', 'Europe/', 'x'.repeat(65)])('refuses the zone %s', (timeZone) =>
    expect(fields({ ...base, timeZone })).toEqual(['timeZone']),
  );

  it.each([
    ['en', 'en'],
    ['EN-us', 'en-US'],
    ['vi-vn', 'vi-VN'],
    ['zh-hant-tw', 'zh-Hant-TW'],
  ])('canonicalizes the locale %s to %s', (locale, expected) => expect(ok({ locale }).locale).toBe(expected));

  it.each(['english', 'en_US', '123', 'e'])('refuses the locale %s', (locale) => expect(fields({ ...base, locale })).toEqual(['locale']));

  it.each([
    ['+84 90 123 4567', undefined, '+84901234567'],
    ['+1 (415) 555-0123', undefined, '+14155550123'],
    ['090 123 4567', 'VN', '+84901234567'],
    ['(415) 555-0123', 'US', '+14155550123'],
    ['081 234 5678', 'TH', '+66812345678'],
  ])('reads the phone %s (country %s) as %s', (phone, country, expected) => {
    const address = country ? { line1: '1 Main St', city: 'Town', country } : undefined;
    expect(ok({ phone, ...(address ? { address } : {}) }).phone).toBe(expected);
  });

  it.each([
    ['090 123 4567', undefined],
    ['12', undefined],
    ['+84 12', undefined],
    ['not a phone', 'VN'],
  ])('refuses the phone %s (country %s)', (phone, country) => {
    const address = country ? { line1: '1 Main St', city: 'Town', country } : undefined;
    expect(fields({ ...base, phone, ...(address ? { address } : {}) })).toEqual(['phone']);
  });

  it('lower-cases emails and refuses malformed ones', () => {
    expect(ok({ email: ' Linh@Example.COM ', accountManagerEmail: 'Emma@Shop.test' })).toMatchObject({
      email: 'linh@example.com',
      accountManagerEmail: 'emma@shop.test',
    });
    expect(fields({ ...base, email: 'linh@' })).toEqual(['email']);
    expect(fields({ ...base, email: 'a b@example.com' })).toEqual(['email']);
  });

  it('keeps only the consent channels given, with time and source', () => {
    expect(
      ok({ consent: { email: { status: 'granted' }, sms: { status: 'withdrawn', at: '2026-03-01T14:30:00+07:00', source: 'stop' } } })
        .consent,
    ).toEqual({
      email: { status: 'granted', at: '2026-06-15T12:00:00.000Z', source: 'api' },
      sms: { status: 'withdrawn', at: '2026-03-01T07:30:00.000Z', source: 'stop' },
    });
  });

  it.each([
    [{ fax: { status: 'granted' } }, 'consent.fax'],
    [{ email: { status: 'yes' } }, 'consent.email.status'],
    [{ email: { status: 'granted', at: '2026-03-01T14:30:00' } }, 'consent.email.at'],
    [{ email: { status: 'granted', at: '2026-02-30T10:00:00Z' } }, 'consent.email.at'],
    [{ email: { status: 'granted', why: 'x' } }, 'consent.email.why'],
    ['granted', 'consent'],
  ])('refuses the consent %j', (consent, field) => expect(fields({ ...base, consent })).toEqual([field]));

  it('dedupes tags and refuses non-string ones', () => {
    expect(ok({ tags: [' vip', 'vip', '', 'b2b'] }).tags).toEqual(['vip', 'b2b']);
    expect(fields({ ...base, tags: ['vip', 3] })).toEqual(['tags']);
    expect(fields({ ...base, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toEqual(['tags']);
  });

  it('names every bad field at once, including unknown ones', () => {
    expect(
      fields({
        externalId: 7,
        firstName: '',
        colour: 'red',
        customerSince: '2026-02-30',
        address: { city: 'X', country: 'Vietnam', zip: '1' },
      }).sort(),
    ).toEqual(['address.country', 'address.line1', 'address.zip', 'colour', 'customerSince', 'externalId', 'firstName']);
    expect(fields(null)).toEqual(['']);
    expect(fields(['x'])).toEqual(['']);
  });

  it('refuses text PostgreSQL cannot store', () => {
    expect(fields({ ...base, firstName: 'A\u0000' })).toEqual(['firstName']);
    expect(fields({ ...base, lastName: 'B\ud800' })).toEqual(['lastName']);
    expect(fields({ ...base, tags: ['\udc00'] })).toEqual(['tags']);
    expect(ok({ firstName: 'Nguyễn 😀' }).firstName).toBe('Nguyễn 😀');
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-03-01T14:30:00+07:00', '2026-03-01T07:30:00.000Z'],
    ['2026-03-01T14:30+0700', '2026-03-01T07:30:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
  ])('reads %s', (value, expected) => expect(parseInstant(value)?.toISOString()).toBe(expected));

  it.each([
    '2026-03-01T14:30:00',
    '2026-03-01',
    '2026-02-30T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60:00Z',
    'now',
  ])('refuses %s', (value) => expect(parseInstant(value)).toBeNull());
});

describe('small helpers', () => {
  it('canonicalTimeZone changes case only', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('US/Pacific')).toBe('US/Pacific');
  });
});
