import { normalizeCustomer } from '../customers/customer-input';
import { normalizeOrder } from '../orders/order-input';
import { arrayLiteral, copyValue, customerCopyLine } from './copy-text';
import { checkHeader, columnOf, CUSTOMER_COLUMNS, customerInputFromRow, ORDER_COLUMNS, orderInputFromRow } from './csv-rows';

const defaults = { timeZone: 'UTC', locale: 'en', now: new Date('2026-06-15T12:00:00Z'), source: 'csv' };

function customerRow(values: Partial<Record<(typeof CUSTOMER_COLUMNS)[number], string>>): string[] {
  return CUSTOMER_COLUMNS.map((column) => values[column] ?? '');
}

describe('checkHeader', () => {
  it.each([
    ['any order, any case, with a BOM', ['\uFEFFStatus', ...ORDER_COLUMNS.slice(0, -1)], { ok: true }],
    ['a missing column', ORDER_COLUMNS.slice(1), { ok: false, missing: ['external_id'], unknown: [], duplicate: [] }],
    ['an unknown column', [...ORDER_COLUMNS, 'note'], { ok: false, missing: [], unknown: ['note'], duplicate: [] }],
    ['a repeated column', [...ORDER_COLUMNS, 'total'], { ok: false, missing: [], unknown: [], duplicate: ['total'] }],
  ])('%s', (_, header, expected) => {
    expect(checkHeader('orders', header as string[])).toMatchObject(expected);
  });
});

describe('customerInputFromRow', () => {
  const index = (checkHeader('customers', [...CUSTOMER_COLUMNS]) as { index: Record<string, number> }).index;

  it('maps a full row to the REST input shape', () => {
    const input = customerInputFromRow(
      customerRow({
        external_id: 'c1',
        first_name: 'Ann',
        tags: 'vip;b2b',
        consent_sms: 'granted',
        address_line1: 'Street 1',
        address_city: 'Hanoi',
        address_country: 'VN',
      }),
      index,
    );
    expect(input).toMatchObject({
      externalId: 'c1',
      firstName: 'Ann',
      tags: ['vip', 'b2b'],
      consent: { sms: { status: 'granted' } },
      address: { line1: 'Street 1', city: 'Hanoi', country: 'VN' },
    });
    expect(normalizeCustomer(input, defaults).ok).toBe(true);
  });

  it('leaves out consent, tags and address when their cells are empty', () => {
    const input = customerInputFromRow(customerRow({ external_id: 'c1', first_name: 'Ann' }), index);
    expect(input).not.toHaveProperty('consent');
    expect(input).not.toHaveProperty('tags');
    expect(input).not.toHaveProperty('address');
    expect(normalizeCustomer(input, defaults)).toMatchObject({ ok: true, value: { consent: {}, tags: [], address: null } });
  });

  it('names CSV columns in errors', () => {
    const result = normalizeCustomer(
      customerInputFromRow(customerRow({ external_id: 'c1', first_name: 'A', consent_call: 'maybe', address_line2: 'x' }), index),
      defaults,
    );
    expect(result.ok).toBe(false);
    const columns = (result as { errors: { field: string }[] }).errors.map((e) => columnOf('customers', e.field));
    expect(columns).toEqual(expect.arrayContaining(['consent_call', 'address_line1', 'address_city', 'address_country']));
  });
});

describe('orderInputFromRow', () => {
  it('treats empty status and zone as absent', () => {
    const index = (checkHeader('orders', [...ORDER_COLUMNS]) as { index: Record<string, number> }).index;
    const row = ['o1', 'c1', '2026-03-01T14:30:00+07:00', '', '12.5', 'usd', ''];
    expect(normalizeOrder(orderInputFromRow(row, index))).toEqual({
      ok: true,
      value: {
        externalId: 'o1',
        customerExternalId: 'c1',
        placedAt: '2026-03-01T07:30:00.000Z',
        placedTimeZone: null,
        total: '12.5',
        currency: 'USD',
        status: 'placed',
      },
    });
  });
});

describe('COPY text encoding', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['null', null, '\\N'],
    ['tab, newline, carriage return, backslash', 'a\tb\nc\rd\\e', 'a\\tb\\nc\\rd\\\\e'],
    ['a literal \\N', '\\N', '\\\\N'],
  ])('%s', (_, value, expected) => {
    expect(copyValue(value)).toBe(expected);
  });

  it('quotes every array element', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a b', 'x,y', 'q"t', 'b\\s', '{}', 'NULL'])).toBe('{"a b","x,y","q\\"t","b\\\\s","{}","NULL"}');
  });

  it('writes one line with every staging column', () => {
    const result = normalizeCustomer(
      { externalId: 'c\t1', firstName: 'Ann', tags: ['a'], consent: { email: { status: 'granted' } } },
      defaults,
    );
    if (!result.ok) throw new Error('expected a valid customer');
    const line = customerCopyLine(7, result.value);
    expect(line.endsWith('\n')).toBe(true);
    const cells = line.slice(0, -1).split('\t');
    expect(cells).toHaveLength(17);
    expect(cells.slice(0, 3)).toEqual(['7', 'c\\t1', 'Ann']);
  });
});
