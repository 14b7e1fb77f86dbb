import { normalizeOrder } from '../orders/order-input';
import { checkHeader } from './csv-rows';
import { canonicalZoneNames, currencyCodes, isPlainCsv, orderFields } from './sql-orders';

const order = { externalId: 'o-1', customerExternalId: 'c-1', placedAt: '2026-05-01T10:00:00Z', total: '1' };

describe('orders checked in SQL', () => {
  it.each([
    ['a,b,c\n1,2,3\n', true],
    ['a,b,c\n\n1,2,3', true],
    ['ü,ñ,ß\n', true],
    ['a,"b",c\n', false],
    ['a,b,c\r\n', false],
    ['a,b\\,c\n', false],
    ['a,b,c\n\\.\n', false],
    ['a,\u001eb\n', false],
    ['a,\u001fb\n', false],
    ['a,\u0000b\n', false],
  ])('isPlainCsv(%j) is %s', (text, plain) => {
    expect(isPlainCsv(Buffer.from(text))).toBe(plain);
  });

  it('looks at the bytes of a view, not at the whole buffer under it', () => {
    const bytes = Buffer.from('"a,b\n');
    expect(isPlainCsv(bytes.subarray(1))).toBe(true);
  });

  it('gives SQL array subscripts of the columns in the order of the header', () => {
    const header = ['status', 'currency', 'total', 'placed_time_zone', 'placed_at', 'customer_external_id', 'external_id'];
    const check = checkHeader('orders', header);
    if (!check.ok) throw new Error('header refused');
    expect(orderFields(check.index, header.length)).toEqual({
      width: 7,
      status: 1,
      currency: 2,
      total: 3,
      placed_time_zone: 4,
      placed_at: 5,
      customer_external_id: 6,
      external_id: 7,
    });
  });

  it('passes quickly only zones the normalizer keeps exactly as written', () => {
    const zones = canonicalZoneNames();
    expect(zones).toEqual(expect.arrayContaining(['Asia/Bangkok', 'America/New_York', 'Europe/Moscow']));
    for (const zone of zones) {
      const result = normalizeOrder({ ...order, placedTimeZone: zone, currency: 'USD' });
      expect(result.ok && result.value.placedTimeZone).toBe(zone);
    }
  });

  it('passes quickly only currencies the normalizer accepts, in either case', () => {
    const codes = currencyCodes();
    expect(codes).toEqual(expect.arrayContaining(['USD', 'VND', 'EUR']));
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      for (const written of [code, code.toLowerCase()]) {
        const result = normalizeOrder({ ...order, currency: written });
        expect(result.ok && result.value.currency).toBe(code);
      }
    }
  });
});
