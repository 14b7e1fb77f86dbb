import { isIsoDate, parseInstant, YEAR_RANGE } from '../common/dates';
import { UnprocessableError, FieldError } from '../common/errors';
import { isTimeZone } from '../common/validators';
import { Condition } from './rule.types';

/**
 * The audience condition language: a small typed JSON tree over customer fields, validated on
 * save and compiled to one SQL boolean expression with bound parameters. Values never become SQL
 * text; field names reach SQL only through the fixed column map below.
 */

/** How a field's values look, which decides the operators it takes. */
export type FieldKind = 'text' | 'tags' | 'tier' | 'decimal' | 'integer' | 'instant' | 'date' | 'locale' | 'timeZone' | 'staff' | 'month';

export interface FieldSpec {
  column: string;
  kind: FieldKind;
  description: string;
}

export const CONDITION_FIELDS = {
  firstName: { column: 'first_name', kind: 'text', description: 'First name.' },
  lastName: { column: 'last_name', kind: 'text', description: 'Last name (may be empty).' },
  email: { column: 'email', kind: 'text', description: 'Email address; compared case-insensitively.' },
  phone: { column: 'phone', kind: 'text', description: 'Phone number in E.164, e.g. +8490…' },
  tags: { column: 'tags', kind: 'tags', description: 'Tags from the CRM (exact, case-sensitive).' },
  tier: { column: 'tier', kind: 'tier', description: 'Loyalty tier, e.g. gold.' },
  lifetimeValue: { column: 'lifetime_value', kind: 'decimal', description: 'Sum of placed orders in BASE_CURRENCY; exact decimal.' },
  orderCount: { column: 'order_count', kind: 'integer', description: 'Number of placed orders.' },
  lastOrderAt: { column: 'last_order_at', kind: 'instant', description: 'When the last placed order was made (empty when none).' },
  customerSince: { column: 'customer_since', kind: 'date', description: 'The day the customer relationship began.' },
  locale: { column: 'locale', kind: 'locale', description: 'BCP 47 language tag, e.g. vi-VN; compared case-insensitively.' },
  timeZone: { column: 'time_zone', kind: 'timeZone', description: 'IANA time zone, e.g. Asia/Ho_Chi_Minh.' },
  accountManager: { column: 'account_manager_id', kind: 'staff', description: 'Id of the staff member who owns the relationship.' },
  birthMonth: { column: 'birth_month', kind: 'month', description: 'Month of birth, 1–12.' },
} as const satisfies Record<string, FieldSpec>;

export type ConditionField = keyof typeof CONDITION_FIELDS;

/** What an operator's `value` must be. */
type ValueShape =
  | 'none'
  | 'string'
  | 'strings'
  | 'decimal'
  | 'decimalRange'
  | 'integer'
  | 'integerRange'
  | 'instant'
  | 'date'
  | 'days'
  | 'timeZone'
  | 'timeZones'
  | 'uuid'
  | 'month'
  | 'months';

const TEXT_OPS = { exists: 'none', notExists: 'none', eq: 'string', neq: 'string', startsWith: 'string' } as const;
const INSTANT_OPS = {
  exists: 'none',
  notExists: 'none',
  before: 'instant',
  after: 'instant',
  withinDays: 'days',
  notWithinDays: 'days',
} as const;

/** Operators per kind, with the value each one takes. */
export const OPERATORS: Record<FieldKind, Record<string, ValueShape>> = {
  text: TEXT_OPS,
  tags: { contains: 'string', notContains: 'string', containsAny: 'strings' },
  tier: { exists: 'none', notExists: 'none', eq: 'string', neq: 'string', in: 'strings', notIn: 'strings' },
  decimal: { eq: 'decimal', gt: 'decimal', gte: 'decimal', lt: 'decimal', lte: 'decimal', between: 'decimalRange' },
  integer: { eq: 'integer', neq: 'integer', gt: 'integer', gte: 'integer', lt: 'integer', lte: 'integer', between: 'integerRange' },
  instant: INSTANT_OPS,
  date: { ...INSTANT_OPS, before: 'date', after: 'date' },
  locale: { eq: 'string', in: 'strings', startsWith: 'string' },
  timeZone: { eq: 'timeZone', in: 'timeZones' },
  staff: { exists: 'none', notExists: 'none', eq: 'uuid', neq: 'uuid' },
  month: { exists: 'none', notExists: 'none', eq: 'month', neq: 'month', in: 'months', notIn: 'months' },
};

export const MAX_DEPTH = 8;
export const MAX_NODES = 100;
const MAX_STRING = 200;
const MAX_LIST = 100;
const MAX_DAYS = 36_500;
const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Validation

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoInstant(value: unknown): value is string {
  return parseInstant(value) !== null;
}

/** A decimal as an exact string: strings are taken as written, numbers only when plainly written. */
export function toDecimal(value: unknown): string | null {
  if (typeof value === 'string') return DECIMAL.test(value) ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return DECIMAL.test(text) ? text : null;
  }
  return null;
}

function compareDecimals(a: string, b: string): number {
  // Fifteen integer and four fraction digits stay exact once scaled to an integer.
  const scaled = (s: string) => {
    const [whole, fraction = ''] = s.replace('-', '').split('.');
    const magnitude = BigInt(whole + fraction.padEnd(4, '0'));
    return s.startsWith('-') ? -magnitude : magnitude;
  };
  const [x, y] = [scaled(a), scaled(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

// PostgreSQL text cannot hold NUL; refused here so it is a 422, not a failed query.
function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_STRING && !value.includes('\u0000');
}

/** Why a value does not fit a shape (empty when it does). Element problems name their index. */
function checkValue(shape: ValueShape, value: unknown, path: string): FieldError[] {
  const one = (reason: string): FieldError[] => [{ field: path, reason }];
  const list = (check: (v: unknown) => boolean, what: string, min = 1): FieldError[] => {
    if (!Array.isArray(value) || value.length < min || value.length > MAX_LIST) {
      return one(`must be an array of ${min} to ${MAX_LIST} ${what}`);
    }
    return value.flatMap((item, i) => (check(item) ? [] : [{ field: `${path}.${i}`, reason: `must be ${what.replace(/s$/, '')}` }]));
  };
  switch (shape) {
    case 'none':
      return value === undefined ? [] : one('must be absent for this operator');
    case 'string':
      return isShortString(value) ? [] : one(`must be a non-empty string of at most ${MAX_STRING} characters, without NUL`);
    case 'strings':
      return list(isShortString, `non-empty strings of at most ${MAX_STRING} characters`);
    case 'decimal':
      return toDecimal(value) !== null ? [] : one('must be a decimal such as "3000" or "99.95" (a string keeps it exact)');
    case 'decimalRange': {
      const errors = list((v) => toDecimal(v) !== null, 'decimals', 2);
      if (errors.length > 0) return errors;
      if ((value as unknown[]).length !== 2) return one('must be [min, max]');
      const [lo, hi] = (value as unknown[]).map((v) => toDecimal(v)!);
      return compareDecimals(lo, hi) <= 0 ? [] : one('must be [min, max] with min ≤ max');
    }
    case 'integer':
      return isInt(value, 0, 1_000_000_000) ? [] : one('must be an integer from 0 to 1000000000');
    case 'integerRange': {
      const errors = list((v) => isInt(v, 0, 1_000_000_000), 'integers from 0 to 1000000000', 2);
      if (errors.length > 0) return errors;
      const items = value as number[];
      if (items.length !== 2) return one('must be [min, max]');
      return items[0] <= items[1] ? [] : one('must be [min, max] with min ≤ max');
    }
    case 'instant':
      return isIsoDate(value) || isIsoInstant(value)
        ? []
        : one(`must be an ISO 8601 date (2026-01-31) or date-time with a zone (2026-01-31T09:00:00Z), in a year ${YEAR_RANGE}`);
    case 'date':
      return isIsoDate(value) ? [] : one(`must be an ISO 8601 date such as 2026-01-31, in a year ${YEAR_RANGE}`);
    case 'days':
      return isInt(value, 1, MAX_DAYS) ? [] : one(`must be a whole number of days from 1 to ${MAX_DAYS}`);
    case 'timeZone':
      return isTimeZone(value) ? [] : one('must be an IANA time zone such as Europe/Berlin');
    case 'timeZones':
      return list(isTimeZone, 'IANA time zones');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? [] : one('must be a staff id (uuid)');
    case 'month':
      return isInt(value, 1, 12) ? [] : one('must be a month number from 1 to 12');
    case 'months':
      return list((v) => isInt(v, 1, 12), 'month numbers from 1 to 12');
  }
}

const BRANCH_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['field', 'op', 'value'];

/**
 * Every problem of a condition tree, each named by the JSON path of the bad node, e.g.
 * `conditions.all.2.value`. Empty when the tree is valid. `null`/absent means "every customer".
 */
export function validateConditions(condition: unknown, path = 'conditions'): FieldError[] {
  if (condition === null || condition === undefined) return [];
  const errors: FieldError[] = [];
  let nodes = 0;

  const visit = (node: unknown, at: string, depth: number): void => {
    nodes += 1;
    // Past the limit the tree is refused anyway; stop walking a huge one.
    if (nodes > MAX_NODES) return;
    if (depth > MAX_DEPTH) {
      errors.push({ field: at, reason: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (!isObject(node)) {
      errors.push({ field: at, reason: 'must be an object: {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}' });
      return;
    }
    const keys = Object.keys(node);
    const branch = BRANCH_KEYS.filter((key) => key in node);
    if (branch.length > 0) {
      if (keys.length !== 1) {
        errors.push({ field: at, reason: `must have exactly one key (${branch[0]}), found: ${keys.join(', ')}` });
        return;
      }
      const key = branch[0];
      if (key === 'not') {
        visit(node.not, `${at}.not`, depth + 1);
        return;
      }
      const children = node[key];
      if (!Array.isArray(children)) {
        errors.push({ field: `${at}.${key}`, reason: 'must be an array of conditions' });
      } else if (children.length === 0) {
        errors.push({ field: `${at}.${key}`, reason: 'must not be empty' });
      } else {
        children.forEach((child, i) => visit(child, `${at}.${key}.${i}`, depth + 1));
      }
      return;
    }
    const unknown = keys.filter((key) => !LEAF_KEYS.includes(key));
    for (const key of unknown) errors.push({ field: `${at}.${key}`, reason: 'is not a known key (all, any, not, field, op, value)' });
    if (!('field' in node)) {
      errors.push({ field: at, reason: 'must be {all}, {any}, {not} or a leaf {field, op, value}' });
      return;
    }
    const field = node.field;
    if (typeof field !== 'string' || !Object.hasOwn(CONDITION_FIELDS, field)) {
      errors.push({
        field: `${at}.field`,
        reason: `is not a known field; use one of: ${Object.keys(CONDITION_FIELDS).join(', ')}`,
      });
      return;
    }
    const spec: FieldSpec = CONDITION_FIELDS[field as ConditionField];
    const ops = OPERATORS[spec.kind];
    const op = node.op;
    if (typeof op !== 'string' || !Object.hasOwn(ops, op)) {
      errors.push({ field: `${at}.op`, reason: `is not an operator of ${field}; use one of: ${Object.keys(ops).join(', ')}` });
      return;
    }
    errors.push(...checkValue(ops[op], node.value, `${at}.value`));
  };

  visit(condition, path, 1);
  if (nodes > MAX_NODES) errors.unshift({ field: path, reason: `has more than ${MAX_NODES} nodes` });
  return errors;
}

/** True when the tree uses an operator relative to the plan's `now`. */
export function usesNow(condition: Condition | null | undefined): boolean {
  if (!condition) return false;
  if ('all' in condition) return condition.all.some(usesNow);
  if ('any' in condition) return condition.any.some(usesNow);
  if ('not' in condition) return usesNow(condition.not);
  return condition.op === 'withinDays' || condition.op === 'notWithinDays';
}

// ---------------------------------------------------------------------------------------------
// Compilation

export interface CompiledCondition {
  /** A boolean SQL expression over `<alias>.<column>`, with `$n` placeholders only. */
  sql: string;
  /** Values for the placeholders, in order from `firstParamIndex`. */
  params: unknown[];
}

export interface CompileOptions {
  /**
   * The plan's "now" for withinDays/notWithinDays, bound as a new parameter. Either this or
   * `nowParam` is required when the tree uses them: SQL now() is never used.
   */
  now?: Date;
  /** Index of a placeholder the caller already binds to "now" (e.g. 1 for `$1`). */
  nowParam?: number;
}

const ALIAS = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Compiles a condition tree into a SQL boolean expression over the customers table aliased as
 * `alias`. The tree is validated first; an invalid one throws UnprocessableError. A null tree
 * compiles to `TRUE`.
 */
export function compileConditions(
  condition: Condition | null | undefined,
  alias = 'c',
  firstParamIndex = 1,
  options: CompileOptions = {},
): CompiledCondition {
  if (!ALIAS.test(alias)) throw new Error(`Invalid table alias for conditions: ${JSON.stringify(alias)}`);
  if (!Number.isInteger(firstParamIndex) || firstParamIndex < 1) throw new Error('firstParamIndex must be a positive integer');
  if (condition === null || condition === undefined) return { sql: 'TRUE', params: [] };
  const errors = validateConditions(condition);
  if (errors.length > 0) throw new UnprocessableError('Invalid conditions', errors);

  const params: unknown[] = [];
  const bind = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${firstParamIndex + params.length - 1}::${cast}`;
  };
  let nowRef: string | undefined;
  const now = (): string => {
    if (nowRef) return nowRef;
    if (options.nowParam !== undefined) {
      if (!Number.isInteger(options.nowParam) || options.nowParam < 1) throw new Error('nowParam must be a positive integer');
      nowRef = `$${options.nowParam}::timestamptz`;
    } else if (options.now) {
      nowRef = bind(options.now.toISOString(), 'timestamptz');
    } else {
      throw new Error('These conditions use withinDays/notWithinDays: pass options.now or options.nowParam');
    }
    return nowRef;
  };

  const compile = (node: Condition): string => {
    if ('all' in node) return `(${node.all.map(compile).join(' AND ')})`;
    if ('any' in node) return `(${node.any.map(compile).join(' OR ')})`;
    if ('not' in node) return `(NOT ${compile(node.not)})`;
    const spec: FieldSpec = CONDITION_FIELDS[node.field as ConditionField];
    return compileLeaf(spec, `${alias}.${spec.column}`, node.op, node.value, bind, now);
  };
  return { sql: compile(condition), params };
}

type Bind = (value: unknown, cast: string) => string;

const COMPARISONS: Record<string, string | undefined> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** One leaf as SQL. NULL columns make a leaf false except where the operator says otherwise. */
function compileLeaf(spec: FieldSpec, col: string, op: string, value: unknown, bind: Bind, now: () => string): string {
  switch (spec.kind) {
    case 'text': {
      // Email addresses differ only by case in practice; other text is compared as written.
      const folded = spec.column === 'email';
      const left = folded ? `lower(${col})` : col;
      const right = (v: unknown) => (folded ? `lower(${bind(v, 'text')})` : bind(v, 'text'));
      switch (op) {
        case 'exists':
          return `(${col} IS NOT NULL AND ${col} <> '')`;
        case 'notExists':
          return `(${col} IS NULL OR ${col} = '')`;
        case 'eq':
          return `(${left} = ${right(value)})`;
        case 'neq':
          return `(${left} IS DISTINCT FROM ${right(value)})`;
        // starts_with() instead of LIKE: a value's % or _ must not act as a wildcard.
        case 'startsWith':
          return `starts_with(${left}, ${right(value)})`;
      }
      break;
    }
    case 'tags':
      switch (op) {
        case 'contains':
          return `(${col} @> ARRAY[${bind(value, 'text')}])`;
        case 'notContains':
          return `(NOT (${col} @> ARRAY[${bind(value, 'text')}]))`;
        case 'containsAny':
          return `(${col} && ${bind(value, 'text[]')})`;
      }
      break;
    case 'tier':
      switch (op) {
        case 'exists':
          return `(${col} IS NOT NULL)`;
        case 'notExists':
          return `(${col} IS NULL)`;
        case 'eq':
          return `(${col} = ${bind(value, 'text')})`;
        case 'neq':
          return `(${col} IS DISTINCT FROM ${bind(value, 'text')})`;
        case 'in':
          return `(${col} = ANY(${bind(value, 'text[]')}))`;
        case 'notIn':
          return `(${col} IS NULL OR ${col} <> ALL(${bind(value, 'text[]')}))`;
      }
      break;
    case 'decimal':
    case 'integer': {
      const cast = spec.kind === 'decimal' ? 'numeric' : 'integer';
      const v = (x: unknown) => bind(spec.kind === 'decimal' ? toDecimal(x) : x, cast);
      const cmp = COMPARISONS[op];
      if (cmp) return `(${col} ${cmp} ${v(value)})`;
      if (op === 'between') {
        const [lo, hi] = value as unknown[];
        return `(${col} BETWEEN ${v(lo)} AND ${v(hi)})`;
      }
      break;
    }
    case 'instant':
    case 'date': {
      // For a date column the cutoff is the UTC day of the instant (the session runs in UTC).
      const cutoff = (days: unknown) => {
        const instant = `(${now()} - make_interval(days => ${bind(days, 'integer')}))`;
        return spec.kind === 'date' ? `${instant}::date` : instant;
      };
      const cast = spec.kind === 'date' ? 'date' : 'timestamptz';
      switch (op) {
        case 'exists':
          return `(${col} IS NOT NULL)`;
        case 'notExists':
          return `(${col} IS NULL)`;
        case 'before':
          return `(${col} < ${bind(value, cast)})`;
        case 'after':
          return `(${col} > ${bind(value, cast)})`;
        case 'withinDays':
          return `(${col} >= ${cutoff(value)})`;
        // "Not within the last N days" includes never: no last order at all.
        case 'notWithinDays':
          return `(${col} IS NULL OR ${col} < ${cutoff(value)})`;
      }
      break;
    }
    case 'locale':
      switch (op) {
        case 'eq':
          return `(lower(${col}) = lower(${bind(value, 'text')}))`;
        case 'in':
          return `(lower(${col}) = ANY(${bind(
            (value as string[]).map((s) => s.toLowerCase()),
            'text[]',
          )}))`;
        case 'startsWith':
          return `starts_with(lower(${col}), lower(${bind(value, 'text')}))`;
      }
      break;
    case 'timeZone':
      switch (op) {
        case 'eq':
          return `(${col} = ${bind(value, 'text')})`;
        case 'in':
          return `(${col} = ANY(${bind(value, 'text[]')}))`;
      }
      break;
    case 'staff':
      switch (op) {
        case 'exists':
          return `(${col} IS NOT NULL)`;
        case 'notExists':
          return `(${col} IS NULL)`;
        case 'eq':
          return `(${col} = ${bind(value, 'uuid')})`;
        case 'neq':
          return `(${col} IS DISTINCT FROM ${bind(value, 'uuid')})`;
      }
      break;
    case 'month':
      switch (op) {
        case 'exists':
          return `(${col} IS NOT NULL)`;
        case 'notExists':
          return `(${col} IS NULL)`;
        case 'eq':
          return `(${col} = ${bind(value, 'integer')})`;
        case 'neq':
          return `(${col} IS DISTINCT FROM ${bind(value, 'integer')})`;
        case 'in':
          return `(${col} = ANY(${bind(value, 'integer[]')}))`;
        case 'notIn':
          return `(${col} IS NULL OR ${col} <> ALL(${bind(value, 'integer[]')}))`;
      }
      break;
  }
  // Unreachable after validation; kept so a new operator without SQL fails loudly.
  throw new Error(`No SQL for ${spec.kind} operator ${op}`);
}

// ---------------------------------------------------------------------------------------------
// Documentation, served at GET /rules/conditions/schema and in the API docs.

export const CONDITION_EXAMPLES: { description: string; conditions: Condition }[] = [
  {
    description: 'Gold tier or a lifetime value of at least 3000',
    conditions: {
      any: [
        { field: 'tier', op: 'in', value: ['gold'] },
        { field: 'lifetimeValue', op: 'gte', value: '3000' },
      ],
    },
  },
  {
    description: 'Vietnamese speakers who ordered in the last 90 days',
    conditions: {
      all: [
        { field: 'locale', op: 'startsWith', value: 'vi' },
        { field: 'lastOrderAt', op: 'withinDays', value: 90 },
      ],
    },
  },
  {
    description: 'Not tagged wholesale, with a phone number',
    conditions: { all: [{ not: { field: 'tags', op: 'contains', value: 'wholesale' } }, { field: 'phone', op: 'exists' }] },
  },
  {
    description: 'Between 2 and 10 orders, customer before 2025',
    conditions: {
      all: [
        { field: 'orderCount', op: 'between', value: [2, 10] },
        { field: 'customerSince', op: 'before', value: '2025-01-01' },
      ],
    },
  },
];

export interface ConditionSchema {
  nodes: string[];
  limits: { maxDepth: number; maxNodes: number };
  fields: { name: string; kind: FieldKind; description: string; operators: { op: string; value: string }[] }[];
  examples: typeof CONDITION_EXAMPLES;
}

const VALUE_DOC: Record<ValueShape, string> = {
  none: 'no value',
  string: 'string',
  strings: 'array of strings',
  decimal: 'decimal as a string ("3000.50") or number',
  decimalRange: '[min, max] decimals',
  integer: 'integer',
  integerRange: '[min, max] integers',
  instant: 'ISO 8601 date or date-time with zone',
  date: 'ISO 8601 date',
  days: 'whole days, counted back from the plan time',
  timeZone: 'IANA time zone',
  timeZones: 'array of IANA time zones',
  uuid: 'staff id',
  month: 'month 1–12',
  months: 'array of months 1–12',
};

export function conditionSchema(): ConditionSchema {
  return {
    nodes: [
      '{"all": [condition, ...]}',
      '{"any": [condition, ...]}',
      '{"not": condition}',
      '{"field": name, "op": operator, "value": value}',
    ],
    limits: { maxDepth: MAX_DEPTH, maxNodes: MAX_NODES },
    fields: Object.entries(CONDITION_FIELDS).map(([name, spec]) => ({
      name,
      kind: spec.kind,
      description: spec.description,
      operators: Object.entries(OPERATORS[spec.kind]).map(([op, shape]) => ({ op, value: VALUE_DOC[shape] })),
    })),
    examples: CONDITION_EXAMPLES,
  };
}

/** The language as Markdown, for the OpenAPI description of the rules endpoints. */
export function conditionLanguageMarkdown(): string {
  const schema = conditionSchema();
  const rows = schema.fields.map(
    (f) => `| \`${f.name}\` | ${f.description} | ${f.operators.map((o) => `\`${o.op}\` (${o.value})`).join(', ')} |`,
  );
  return [
    'Conditions pick the audience of a rule. A condition is one of: ' +
      schema.nodes.map((n) => `\`${n}\``).join(', ') +
      `; at most ${MAX_DEPTH} levels deep and ${MAX_NODES} nodes. Omit it (or send null) for every customer.`,
    '',
    '| field | meaning | operators (value) |',
    '| --- | --- | --- |',
    ...rows,
    '',
    'Notes: `neq`/`notIn` include customers without a value; `notWithinDays` includes customers with no date at all ' +
      '(never ordered); `withinDays` counts back from the planning time, never the database clock.',
    '',
    'Example: `' + JSON.stringify(CONDITION_EXAMPLES[0].conditions) + '`',
  ].join('\n');
}
