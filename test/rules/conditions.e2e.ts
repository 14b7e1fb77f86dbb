import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/options';
import { compileConditions, validateConditions } from '../../src/rules/conditions';
import { Condition } from '../../src/rules/rule.types';
import { testDatabaseUrl } from '../app';
import { createCustomer, createStaff } from '../factories';

/** Any string PostgreSQL text can hold, quotes, backslashes, `$1` and comment markers included. */
const text = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    fc.constantFrom("'", "''; DROP TABLE customers; --", '$1', '\\', '%', '_', '/*', 'é', '🎂', '); SELECT pg_sleep(5); --'),
  )
  .filter((s) => s.length > 0 && s.length <= 200 && !s.includes('\u0000'));
const texts = fc.array(text, { minLength: 1, maxLength: 4 });
const decimal = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${b}`),
  fc.integer({ min: 0, max: 100_000 }),
);
const isoDate = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc.oneof(
  isoDate,
  isoDate.map((d) => `${d}T08:30:00Z`),
  isoDate.map((d) => `${d}T23:59:59.5+07:00`),
);
const days = fc.integer({ min: 1, max: 36_500 });
const zone = fc.constantFrom('UTC', 'Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York');
const month = fc.integer({ min: 1, max: 12 });
const count = fc.integer({ min: 0, max: 1000 });
const uuid = fc.uuid();

const leaf = (field: string, op: string, value?: fc.Arbitrary<unknown>): fc.Arbitrary<Condition> =>
  value ? value.map((v) => ({ field, op, value: v })) : fc.constant({ field, op });

/** Every field with every operator and a valid value. */
const leaves: fc.Arbitrary<Condition>[] = [
  ...['firstName', 'lastName', 'email', 'phone'].flatMap((f) => [
    leaf(f, 'exists'),
    leaf(f, 'notExists'),
    leaf(f, 'eq', text),
    leaf(f, 'neq', text),
    leaf(f, 'startsWith', text),
  ]),
  leaf('tags', 'contains', text),
  leaf('tags', 'notContains', text),
  leaf('tags', 'containsAny', texts),
  leaf('tier', 'eq', text),
  leaf('tier', 'neq', text),
  leaf('tier', 'in', texts),
  leaf('tier', 'notIn', texts),
  leaf('tier', 'exists'),
  ...['eq', 'gt', 'gte', 'lt', 'lte'].map((op) => leaf('lifetimeValue', op, decimal)),
  leaf(
    'lifetimeValue',
    'between',
    fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 500, max: 5000 })).map(([a, b]) => [String(a), `${b}.50`]),
  ),
  ...['eq', 'neq', 'gt', 'gte', 'lt', 'lte'].map((op) => leaf('orderCount', op, count)),
  leaf(
    'orderCount',
    'between',
    fc.tuple(count, count).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
  ),
  ...['lastOrderAt', 'customerSince'].flatMap((f) => [
    leaf(f, 'exists'),
    leaf(f, 'notExists'),
    leaf(f, 'withinDays', days),
    leaf(f, 'notWithinDays', days),
    leaf(f, 'before', f === 'lastOrderAt' ? instant : isoDate),
    leaf(f, 'after', f === 'lastOrderAt' ? instant : isoDate),
  ]),
  leaf('locale', 'eq', text),
  leaf('locale', 'in', texts),
  leaf('locale', 'startsWith', text),
  leaf('timeZone', 'eq', zone),
  leaf('timeZone', 'in', fc.array(zone, { minLength: 1, maxLength: 3 })),
  leaf('accountManager', 'exists'),
  leaf('accountManager', 'notExists'),
  leaf('accountManager', 'eq', uuid),
  leaf('accountManager', 'neq', uuid),
  leaf('birthMonth', 'eq', month),
  leaf('birthMonth', 'neq', month),
  leaf('birthMonth', 'in', fc.array(month, { minLength: 1, maxLength: 12 })),
  leaf('birthMonth', 'notIn', fc.array(month, { minLength: 1, maxLength: 3 })),
  leaf('birthMonth', 'exists'),
  leaf('birthMonth', 'notExists'),
];

const tree: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
    fc.oneof(...leaves),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

/** The same tree with every value replaced by a fixed one of the same shape. */
function blank(node: Condition): Condition {
  if ('all' in node) return { all: node.all.map(blank) };
  if ('any' in node) return { any: node.any.map(blank) };
  if ('not' in node) return { not: blank(node.not) };
  return node;
}

describe('condition language against PostgreSQL', () => {
  let db: DataSource;
  const now = new Date('2026-06-15T12:00:00Z');

  beforeAll(async () => {
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), 2));
    await db.initialize();
    const manager = await createStaff(db);
    await createCustomer(db, { tags: ['vip', "o'brien"], tier: 'gold', locale: 'vi-VN', accountManagerId: manager.id });
    await createCustomer(db, { email: null, phone: null, birthMonth: null, birthDay: null, customerSince: null, locale: 'en' });
  });
  afterAll(() => db.destroy());

  it('compiles every valid random tree to SQL that PostgreSQL runs, with now bound either way', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), async (condition, sharedNow) => {
        expect(validateConditions(condition)).toEqual([]);
        const compiled = sharedNow ? compileConditions(condition, 'c', 2, { nowParam: 1 }) : compileConditions(condition, 'c', 1, { now });
        expect(compiled.sql).not.toMatch(/\bnow\(\)|current_(date|timestamp)/i);
        const params = sharedNow ? [now.toISOString(), ...compiled.params] : compiled.params;
        const nowUse = sharedNow ? ' AND $1::timestamptz IS NOT NULL' : '';
        const rows = await db.query(`SELECT count(*)::int AS n FROM customers c WHERE ${compiled.sql}${nowUse}`, params);
        expect(rows[0].n).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a value shape the SQL text: hostile strings stay in the parameters', () => {
    const stringLeaves = ['firstName', 'lastName', 'email', 'phone']
      .flatMap((field) => ['eq', 'neq', 'startsWith'].map((op) => ({ field, op })))
      .concat([
        { field: 'tags', op: 'contains' },
        { field: 'tier', op: 'eq' },
        { field: 'locale', op: 'startsWith' },
      ]);
    fc.assert(
      fc.property(fc.constantFrom(...stringLeaves), text, ({ field, op }, value) => {
        const hostile = compileConditions({ field, op, value });
        const plain = compileConditions({ field, op, value: 'x' });
        expect(hostile.sql).toBe(plain.sql);
        expect(hostile.params).toEqual([value]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(tree, (condition) => {
        expect(compileConditions(condition, 'c', 1, { now }).sql).toBe(compileConditions(blank(condition), 'c', 1, { now }).sql);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses random strings as field names and operators', () => {
    const known = new Set([
      'firstName',
      'lastName',
      'email',
      'phone',
      'tags',
      'tier',
      'lifetimeValue',
      'orderCount',
      'lastOrderAt',
      'customerSince',
      'locale',
      'timeZone',
      'accountManager',
      'birthMonth',
    ]);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).filter((s) => !known.has(s)),
        text,
        (field, value) => {
          expect(validateConditions({ field, op: 'eq', value })).toEqual([
            { field: 'conditions.field', reason: expect.stringContaining('not a known field') },
          ]);
          expect(() => compileConditions({ field, op: 'eq', value })).toThrow('Invalid conditions');
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !['eq', 'neq', 'exists', 'notExists', 'startsWith'].includes(s)),
        (op) => {
          expect(validateConditions({ field: 'email', op, value: 'a' })).toEqual([
            { field: 'conditions.op', reason: expect.stringContaining('not an operator') },
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('selects the customers the language says it does', async () => {
    const marker = `m${Date.now()}`;
    const a = await createCustomer(db, { tags: [marker, 'vip'], tier: 'gold', locale: 'vi-VN', lastName: "O'Brien%" });
    const b = await createCustomer(db, { tags: [marker], tier: null, locale: 'en-US', email: 'UPPER@Example.COM' });
    await db.query(`UPDATE customers SET lifetime_value = 3000.0001, order_count = 4, last_order_at = $2 WHERE id = $1`, [
      a.id,
      '2026-06-01T00:00:00Z',
    ]);
    const select = async (condition: Condition) => {
      const scoped: Condition = { all: [{ field: 'tags', op: 'contains', value: marker }, condition] };
      const compiled = compileConditions(scoped, 'c', 1, { now });
      const rows: { id: string }[] = await db.query(`SELECT c.id FROM customers c WHERE ${compiled.sql} ORDER BY c.id`, compiled.params);
      return rows.map((r) => r.id);
    };
    expect(await select({ field: 'tier', op: 'in', value: ['gold'] })).toEqual([a.id]);
    expect(await select({ field: 'tier', op: 'notIn', value: ['gold'] })).toEqual([b.id]);
    expect(await select({ field: 'tier', op: 'neq', value: 'gold' })).toEqual([b.id]);
    expect(await select({ field: 'lifetimeValue', op: 'gt', value: '3000' })).toEqual([a.id]);
    expect(await select({ field: 'lifetimeValue', op: 'gt', value: '3000.0001' })).toEqual([]);
    expect(await select({ field: 'locale', op: 'startsWith', value: 'VI' })).toEqual([a.id]);
    expect(await select({ field: 'lastName', op: 'startsWith', value: "O'Brien%" })).toEqual([a.id]);
    expect(await select({ field: 'lastName', op: 'startsWith', value: 'O%' })).toEqual([]);
    expect(await select({ field: 'email', op: 'eq', value: 'upper@example.com' })).toEqual([b.id]);
    expect(await select({ field: 'tags', op: 'containsAny', value: ['vip', 'none'] })).toEqual([a.id]);
    expect(await select({ field: 'lastOrderAt', op: 'withinDays', value: 30 })).toEqual([a.id]);
    expect(await select({ field: 'lastOrderAt', op: 'notWithinDays', value: 30 })).toEqual([b.id]);
    expect(await select({ field: 'lastOrderAt', op: 'notWithinDays', value: 10 })).toEqual([a.id, b.id]);
    expect(await select({ not: { field: 'orderCount', op: 'between', value: [1, 4] } })).toEqual([b.id]);
  });
});
