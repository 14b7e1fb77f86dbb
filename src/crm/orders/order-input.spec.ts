import { normalizeOrder, NormalizedOrder } from './order-input';

const base = { externalId: 'o-1', customerExternalId: 'c-1', placedAt: '2026-03-01T14:30:00+07:00', total: '129.90', currency: 'USD' };

function ok(input: Record<string, unknown>): NormalizedOrder {
  const result = normalizeOrder({ ...base, ...input });
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function fields(input: Record<string, unknown>): string[] {
  const result = normalizeOrder({ ...base, ...input });
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('normalizeOrder', () => {
  it('stores the instant in UTC and defaults the status to placed', () => {
    expect(ok({})).toEqual({
      externalId: 'o-1',
      customerExternalId: 'c-1',
      placedAt: '2026-03-01T07:30:00.000Z',
      placedTimeZone: null,
      total: '129.90',
      currency: 'USD',
      status: 'placed',
    });
  });

  it.each([
    ['2026-03-01T14:30:00Z', '2026-03-01T14:30:00.000Z'],
    ['2026-03-01T14:30-05:00', '2026-03-01T19:30:00.000Z'],
    ['2024-02-29T00:00:00.5+01:00', '2024-02-28T23:00:00.500Z'],
  ])('reads placedAt %s', (placedAt, expected) => expect(ok({ placedAt }).placedAt).toBe(expected));

  it.each(['2026-03-01T14:30:00', '2026-03-01', '2026-02-30T10:00:00Z', '2026-03-01T24:00:00Z', '1 March 2026', 1_772_000_000_000])(
    'refuses placedAt %s (no offset, not a real date, not ISO)',
    (placedAt) => expect(fields({ placedAt })).toEqual(['placedAt']),
  );

  it.each([
    ['129.90', '129.90'],
    ['0', '0'],
    [' 12.5 ', '12.5'],
    [12.5, '12.5'],
    ['999999999999999.9999', '999999999999999.9999'],
    ['0.0001', '0.0001'],
  ])('keeps the total %j exactly as %s', (total, expected) => expect(ok({ total }).total).toBe(expected));

  it.each(['-1', '1.23456', '1e3', '12,50', 'abc', '1000000000000000', 0.1 + 0.2, true, ''])('refuses the total %j', (total) =>
    expect(fields({ total })).toEqual(['total']),
  );

  it.each([
    ['usd', 'USD'],
    ['VND', 'VND'],
    ['eur', 'EUR'],
  ])('reads the currency %s as %s', (currency, expected) => expect(ok({ currency }).currency).toBe(expected));

  it.each(['XYZ', 'US', 'dollars', 12, ''])('refuses the currency %j', (currency) => expect(fields({ currency })).toEqual(['currency']));

  it('canonicalizes the zone and refuses unknown ones', () => {
    expect(ok({ placedTimeZone: 'asia/bangkok' }).placedTimeZone).toBe('Asia/Bangkok');
    expect(ok({ placedTimeZone: '' }).placedTimeZone).toBeNull();
    expect(fields({ placedTimeZone: 'Mars/Olympus' })).toEqual(['placedTimeZone']);
  });

  it('accepts the known statuses only', () => {
    expect(ok({ status: 'refunded' }).status).toBe('refunded');
    expect(fields({ status: 'shipped' })).toEqual(['status']);
  });

  it('names every bad field, unknown ones too', () => {
    expect(fields({ externalId: '', customerExternalId: 5, coupon: 'X', currency: null, placedAt: undefined }).sort()).toEqual([
      'coupon',
      'currency',
      'customerExternalId',
      'externalId',
      'placedAt',
    ]);
    expect(normalizeOrder('x')).toEqual({ ok: false, errors: [{ field: '', reason: 'must be an object' }] });
    expect(fields({ externalId: 'o\u0000' })).toEqual(['externalId']);
  });
});
