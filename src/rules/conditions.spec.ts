import { UnprocessableError } from '../common/errors';
import { compileConditions, conditionSchema, CONDITION_EXAMPLES, usesNow, validateConditions } from './conditions';
import { Condition } from './rule.types';

const leaf = (field: string, op: string, value?: unknown): Condition => (value === undefined ? { field, op } : { field, op, value });

describe('validateConditions', () => {
  it('accepts null, a leaf, and every documented example', () => {
    expect(validateConditions(null)).toEqual([]);
    expect(validateConditions(undefined)).toEqual([]);
    expect(validateConditions(leaf('email', 'exists'))).toEqual([]);
    for (const example of CONDITION_EXAMPLES) expect(validateConditions(example.conditions)).toEqual([]);
  });

  // [condition, expected path, reason fragment]
  const bad: [string, unknown, string, string][] = [
    ['not an object', 'gold', 'conditions', 'must be an object'],
    ['an array', [], 'conditions', 'must be an object'],
    ['empty all', { all: [] }, 'conditions.all', 'must not be empty'],
    ['any not an array', { any: { field: 'tier', op: 'exists' } }, 'conditions.any', 'must be an array'],
    ['two branch keys', { all: [leaf('email', 'exists')], any: [leaf('email', 'exists')] }, 'conditions', 'exactly one key'],
    ['branch mixed with a leaf key', { not: leaf('email', 'exists'), field: 'email' }, 'conditions', 'exactly one key'],
    [
      'unknown field',
      { all: [leaf('email', 'exists'), leaf('email', 'exists'), leaf('shoeSize', 'eq', 42)] },
      'conditions.all.2.field',
      'not a known field',
    ],
    ['op not of the field type', { any: [leaf('firstName', 'gt', 'A')] }, 'conditions.any.0.op', 'not an operator of firstName'],
    ['missing op', { field: 'tier' }, 'conditions.op', 'not an operator'],
    ['unknown leaf key', { field: 'tier', op: 'exists', extra: 1 }, 'conditions.extra', 'not a known key'],
    ['leaf without a field', { op: 'eq', value: 1 }, 'conditions', 'leaf'],
    ['value for exists', leaf('tier', 'exists', 'gold'), 'conditions.value', 'must be absent'],
    ['number for a text op', leaf('firstName', 'eq', 3), 'conditions.value', 'string'],
    ['empty string', leaf('lastName', 'startsWith', ''), 'conditions.value', 'non-empty'],
    ['a NUL character', leaf('lastName', 'eq', 'a\u0000b'), 'conditions.value', 'without NUL'],
    ['float lifetime value', leaf('lifetimeValue', 'gte', 1e21), 'conditions.value', 'decimal'],
    ['too many decimals', leaf('lifetimeValue', 'gte', '1.23456'), 'conditions.value', 'decimal'],
    ['decimal with SQL', leaf('lifetimeValue', 'gte', '1; DROP TABLE customers'), 'conditions.value', 'decimal'],
    ['between reversed', leaf('lifetimeValue', 'between', ['500', '100']), 'conditions.value', 'min ≤ max'],
    ['between of three', leaf('orderCount', 'between', [1, 2, 3]), 'conditions.value', '[min, max]'],
    ['between with a bad element', leaf('orderCount', 'between', [1, 'x']), 'conditions.value.1', 'integer'],
    ['fractional order count', leaf('orderCount', 'gte', 1.5), 'conditions.value', 'integer'],
    ['containsAny with a string', leaf('tags', 'containsAny', 'vip'), 'conditions.value', 'array'],
    ['containsAny with an empty array', leaf('tags', 'containsAny', []), 'conditions.value', 'array'],
    ['in with a number inside', leaf('tier', 'in', ['gold', 7]), 'conditions.value.1', 'string'],
    ['impossible date', leaf('customerSince', 'before', '2025-02-30'), 'conditions.value', 'ISO 8601 date'],
    ['date-time for a date field', leaf('customerSince', 'after', '2025-02-01T00:00:00Z'), 'conditions.value', 'ISO 8601 date'],
    ['date-time without zone', leaf('lastOrderAt', 'after', '2025-02-01T00:00:00'), 'conditions.value', 'ISO 8601'],
    ['zero withinDays', leaf('lastOrderAt', 'withinDays', 0), 'conditions.value', 'days'],
    ['unknown time zone', leaf('timeZone', 'eq', 'Mars/Olympus'), 'conditions.value', 'IANA'],
    ['staff id not a uuid', leaf('accountManager', 'eq', "x' OR 1=1 --"), 'conditions.value', 'uuid'],
    ['month 13', leaf('birthMonth', 'eq', 13), 'conditions.value', 'month'],
    ['locale op not allowed', leaf('locale', 'neq', 'vi'), 'conditions.op', 'eq, in, startsWith'],
    [
      'nested bad node',
      { not: { all: [leaf('tier', 'exists'), { any: [leaf('tier', 'eq', '')] }] } },
      'conditions.not.all.1.any.0.value',
      'non-empty',
    ],
  ];
  it.each(bad)('rejects %s', (_name, condition, field, reason) => {
    const errors = validateConditions(condition);
    expect(errors).toContainEqual({ field, reason: expect.stringContaining(reason) });
  });

  it('rejects field names that try to reach the prototype or SQL', () => {
    for (const field of ['__proto__', 'constructor', 'toString', 'email; DROP TABLE customers', 'c.email', 'EMAIL']) {
      expect(validateConditions({ field, op: 'exists' })).toEqual([
        { field: 'conditions.field', reason: expect.stringContaining('not a known field') },
      ]);
    }
  });

  it('limits depth to 8 levels', () => {
    let ok: Condition = leaf('tier', 'exists');
    for (let i = 1; i < 8; i += 1) ok = { not: ok };
    expect(validateConditions(ok)).toEqual([]);
    const deep: Condition = { all: [ok] };
    expect(validateConditions(deep)).toEqual([
      { field: 'conditions.all.0.not.not.not.not.not.not.not', reason: 'nests deeper than 8 levels' },
    ]);
  });

  it('limits a tree to 100 nodes', () => {
    const ninetyNine = { any: Array.from({ length: 99 }, () => leaf('tier', 'exists')) };
    expect(validateConditions(ninetyNine)).toEqual([]);
    const tooMany = { any: Array.from({ length: 100 }, () => leaf('tier', 'exists')) };
    expect(validateConditions(tooMany)).toEqual([{ field: 'conditions', reason: 'has more than 100 nodes' }]);
    // A huge tree is refused without walking it all.
    const huge = { any: Array.from({ length: 200_000 }, () => leaf('tier', 'exists')) };
    expect(validateConditions(huge)[0].reason).toBe('has more than 100 nodes');
  });

  it('uses the path it is given', () => {
    expect(validateConditions({ all: [] }, 'rule.conditions')).toEqual([{ field: 'rule.conditions.all', reason: 'must not be empty' }]);
  });
});

describe('compileConditions', () => {
  it('compiles null to TRUE without parameters', () => {
    expect(compileConditions(null)).toEqual({ sql: 'TRUE', params: [] });
  });

  // [condition, sql, params] with alias c and parameters from $1
  const cases: [Condition, string, unknown[]][] = [
    [leaf('firstName', 'exists'), "(c.first_name IS NOT NULL AND c.first_name <> '')", []],
    [leaf('phone', 'notExists'), "(c.phone IS NULL OR c.phone = '')", []],
    [leaf('lastName', 'eq', 'Nguyen'), '(c.last_name = $1::text)', ['Nguyen']],
    [leaf('email', 'eq', 'A@B.com'), '(lower(c.email) = lower($1::text))', ['A@B.com']],
    [leaf('email', 'neq', 'a@b.com'), '(lower(c.email) IS DISTINCT FROM lower($1::text))', ['a@b.com']],
    [leaf('phone', 'startsWith', '+84'), 'starts_with(c.phone, $1::text)', ['+84']],
    [leaf('tags', 'contains', 'vip'), '(c.tags @> ARRAY[$1::text])', ['vip']],
    [leaf('tags', 'notContains', 'vip'), '(NOT (c.tags @> ARRAY[$1::text]))', ['vip']],
    [leaf('tags', 'containsAny', ['a', 'b']), '(c.tags && $1::text[])', [['a', 'b']]],
    [leaf('tier', 'in', ['gold', 'platinum']), '(c.tier = ANY($1::text[]))', [['gold', 'platinum']]],
    [leaf('tier', 'notIn', ['gold']), '(c.tier IS NULL OR c.tier <> ALL($1::text[]))', [['gold']]],
    [leaf('tier', 'neq', 'gold'), '(c.tier IS DISTINCT FROM $1::text)', ['gold']],
    [leaf('lifetimeValue', 'gte', '3000'), '(c.lifetime_value >= $1::numeric)', ['3000']],
    [leaf('lifetimeValue', 'lt', 99.95), '(c.lifetime_value < $1::numeric)', ['99.95']],
    [leaf('lifetimeValue', 'between', ['100', 200]), '(c.lifetime_value BETWEEN $1::numeric AND $2::numeric)', ['100', '200']],
    [leaf('orderCount', 'neq', 0), '(c.order_count <> $1::integer)', [0]],
    [leaf('lastOrderAt', 'before', '2026-01-01'), '(c.last_order_at < $1::timestamptz)', ['2026-01-01']],
    [leaf('customerSince', 'after', '2020-01-01'), '(c.customer_since > $1::date)', ['2020-01-01']],
    [leaf('locale', 'startsWith', 'vi'), 'starts_with(lower(c.locale), lower($1::text))', ['vi']],
    [leaf('locale', 'in', ['en-US', 'VI']), '(lower(c.locale) = ANY($1::text[]))', [['en-us', 'vi']]],
    [leaf('timeZone', 'in', ['Asia/Bangkok']), '(c.time_zone = ANY($1::text[]))', [['Asia/Bangkok']]],
    [
      leaf('accountManager', 'eq', '0b8e4f5e-1c1d-4d8e-9a6f-0d5c7f0a9b11'),
      '(c.account_manager_id = $1::uuid)',
      ['0b8e4f5e-1c1d-4d8e-9a6f-0d5c7f0a9b11'],
    ],
    [leaf('accountManager', 'notExists'), '(c.account_manager_id IS NULL)', []],
    [leaf('birthMonth', 'in', [1, 12]), '(c.birth_month = ANY($1::integer[]))', [[1, 12]]],
    [
      { all: [leaf('tier', 'eq', 'gold'), { not: { any: [leaf('tags', 'contains', 'x'), leaf('orderCount', 'gt', 2)] } }] },
      '((c.tier = $1::text) AND (NOT ((c.tags @> ARRAY[$2::text]) OR (c.order_count > $3::integer))))',
      ['gold', 'x', 2],
    ],
  ];
  it.each(cases)('compiles %j', (condition, sql, params) => {
    expect(compileConditions(condition)).toEqual({ sql, params });
  });

  it('numbers placeholders from firstParamIndex and uses the alias', () => {
    const compiled = compileConditions({ all: [leaf('tier', 'eq', 'gold'), leaf('orderCount', 'gte', 3)] }, 'cu', 4);
    expect(compiled).toEqual({ sql: '((cu.tier = $4::text) AND (cu.order_count >= $5::integer))', params: ['gold', 3] });
  });

  it('binds now as a parameter, or refers to the one the caller binds, never SQL now()', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    const bound = compileConditions(leaf('lastOrderAt', 'withinDays', 60), 'c', 2, { now });
    expect(bound).toEqual({
      sql: '(c.last_order_at >= ($2::timestamptz - make_interval(days => $3::integer)))',
      params: ['2026-06-15T12:00:00.000Z', 60],
    });
    const shared = compileConditions(
      { all: [leaf('lastOrderAt', 'notWithinDays', 60), leaf('customerSince', 'withinDays', 365)] },
      'c',
      2,
      { nowParam: 1 },
    );
    expect(shared).toEqual({
      sql:
        '((c.last_order_at IS NULL OR c.last_order_at < ($1::timestamptz - make_interval(days => $2::integer))) AND ' +
        '(c.customer_since >= ($1::timestamptz - make_interval(days => $3::integer))::date))',
      params: [60, 365],
    });
    expect(shared.sql).not.toMatch(/now\(\)/i);
    expect(() => compileConditions(leaf('lastOrderAt', 'withinDays', 60))).toThrow(/options\.now/);
    expect(usesNow(leaf('lastOrderAt', 'withinDays', 60))).toBe(true);
    expect(usesNow({ not: leaf('lastOrderAt', 'before', '2026-01-01') })).toBe(false);
  });

  it('refuses an invalid tree with the validation errors', () => {
    try {
      compileConditions({ all: [leaf('tier', 'gt', 1)] });
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors).toEqual([{ field: 'conditions.all.0.op', reason: expect.any(String) }]);
    }
  });

  it('refuses an alias that is not a plain identifier', () => {
    expect(() => compileConditions(leaf('tier', 'exists'), 'c; DROP TABLE x')).toThrow(/alias/);
    expect(() => compileConditions(leaf('tier', 'exists'), 'c', 0)).toThrow(/firstParamIndex/);
  });

  it('never puts a value into the SQL text', () => {
    const hostile = "x'); DROP TABLE customers; --";
    const trees: Condition[] = [
      leaf('firstName', 'eq', hostile),
      leaf('email', 'startsWith', hostile),
      leaf('tags', 'containsAny', [hostile, '%_']),
      leaf('tier', 'notIn', [hostile]),
      leaf('locale', 'startsWith', hostile),
    ];
    for (const tree of trees) {
      const { sql, params } = compileConditions(tree);
      expect(sql).not.toContain('DROP');
      expect(sql).not.toContain("'x");
      expect(JSON.stringify(params)).toContain('DROP TABLE');
    }
  });
});

describe('conditionSchema', () => {
  it('documents every field with its operators', () => {
    const schema = conditionSchema();
    expect(schema.fields.map((f) => f.name)).toEqual([
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
    expect(schema.fields.find((f) => f.name === 'lifetimeValue')!.operators.map((o) => o.op)).toEqual([
      'eq',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
    ]);
    expect(schema.limits).toEqual({ maxDepth: 8, maxNodes: 100 });
  });
});
