import { CustomerWriteColumn } from '../customers/customer-merge.sql';
import { PlaceHints } from '../customers/customer-input';
import { isCountryCode } from '../customers/time-zone-guess';
import { CUSTOMER_COLUMNS, ImportKind, ORDER_COLUMNS } from './csv-rows';
import { PRESETS } from './presets';

/**
 * Files in another CRM's layout: which of its columns feed which of ours, and how their values
 * read. A mapping names, for each of our columns (see README.md), the file's column, or columns
 * to try in turn (the first one present in the file with a value wins), and a transform. The
 * mapped row becomes a row of our own layout and goes through the same checks as any other.
 * Pure functions, no I/O; what a thread needs (ResolvedMap) is plain data.
 */
export const TRANSFORMS = ['text', 'unquote', 'yes-no', 'opt-out', 'list', 'date', 'datetime', 'country', 'time-zone'] as const;
export type Transform = (typeof TRANSFORMS)[number];

export interface FieldSource {
  /** The file's columns to try in turn. */
  columns: string[];
  transform?: Transform;
  /** For `list`: what separates the items (default `,`). */
  separator?: string;
  /** Values (matched without regard to case) and what each stands for; any other value rejects the row. */
  values?: Record<string, string>;
  /** A preset's column that older or trimmed exports lack; a mapping file's columns must all be there. */
  optional?: boolean;
}

/**
 * Orders may name their customer by email instead of external id (Shopify's orders export has no
 * customer id), and may mark a cancellation by a date column.
 */
export const ORDER_MAP_FIELDS = [...ORDER_COLUMNS, 'customer_email', 'cancelled_at'] as const;

export interface ColumnMap {
  /** How the map is called in messages: a preset's name or the mapping file's path. */
  name: string;
  fields: Record<string, FieldSource>;
  /**
   * Rows in which every one of these fields is empty are further lines of the record above
   * (Shopify writes one line per line item, the order's figures only on the first), skipped.
   */
  continuation?: string[];
}

/** A map resolved against a file's header: column positions instead of names. */
export interface ResolvedMap {
  kind: ImportKind;
  fields: Record<string, ResolvedField>;
  continuation: string[];
  /** Our columns the file does not feed: stored values stay (customers). */
  absent: string[];
  /** The file's columns no field reads, for the summary. */
  ignored: string[];
  /** Orders: the customer is named by email. */
  customerByEmail: boolean;
}

export interface ResolvedField {
  /** Positions of the candidate columns present in the file, in order of preference. */
  indexes: number[];
  /** The file's column each position is, for the reject report. */
  names: string[];
  transform: Transform;
  separator: string;
  /** Keys in lower case. */
  values?: Record<string, string>;
  /** The keys as the mapping wrote them, for messages. */
  valueNames?: string[];
}

export type MapCheck = { ok: true; map: ResolvedMap } | { ok: false; message: string };

const CONTACT_FIELDS = ['email', 'phone', 'address_line1'];

/** Fields a customers or orders map must have; orders need one way to find the customer. */
function requiredProblems(kind: ImportKind, fields: string[]): string[] {
  const has = (field: string) => fields.includes(field);
  const problems: string[] = [];
  if (kind === 'customers') {
    for (const field of ['external_id', 'first_name']) if (!has(field)) problems.push(`${field} is not mapped`);
    if (!CONTACT_FIELDS.some(has)) problems.push(`none of ${CONTACT_FIELDS.join(', ')} is mapped: a customer needs a way to be reached`);
  } else {
    for (const field of ['external_id', 'placed_at', 'total', 'currency']) if (!has(field)) problems.push(`${field} is not mapped`);
    if (has('customer_external_id') === has('customer_email')) problems.push('map exactly one of customer_external_id and customer_email');
  }
  return problems;
}

/** The fields a kind of file may map. */
export function mapFields(kind: ImportKind): readonly string[] {
  return kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_MAP_FIELDS;
}

/** A preset by name, or the reason there is none. */
export function presetMap(kind: ImportKind, preset: string): ColumnMap | string {
  const forKind = PRESETS[preset];
  if (!forKind) return `unknown preset "${preset}": use ${Object.keys(PRESETS).join(' or ')}`;
  const map = forKind[kind];
  if (!map) return `the ${preset} preset reads ${Object.keys(forKind).join(' and ')} exports, not ${kind}`;
  return map;
}

/**
 * Reads a mapping file's JSON: `{ "our_column": "Their column" | ["Their column", "Fallback"] |
 * { "column": ..., "transform": ..., "separator": ..., "values": {...} } }`. Returns every
 * problem at once, naming the field.
 */
export function parseMapFile(kind: ImportKind, name: string, json: unknown): ColumnMap | string[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return ['the mapping must be a JSON object of our column -> their column'];
  const allowed = mapFields(kind);
  const problems: string[] = [];
  const fields: Record<string, FieldSource> = {};
  for (const [field, spec] of Object.entries(json as Record<string, unknown>)) {
    if (!allowed.includes(field)) {
      problems.push(`${field}: is not a column of ${kind} (${allowed.join(', ')})`);
      continue;
    }
    const source = fieldSource(field, spec, problems);
    if (source) fields[field] = source;
  }
  problems.push(...requiredProblems(kind, Object.keys(fields)));
  return problems.length > 0 ? problems : { name, fields };
}

function fieldSource(field: string, spec: unknown, problems: string[]): FieldSource | null {
  const columnList = (value: unknown): string[] | null =>
    typeof value === 'string' && value.trim() !== ''
      ? [value]
      : Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim() !== '')
        ? (value as string[])
        : null;
  const direct = columnList(spec);
  if (direct) return { columns: direct };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    problems.push(`${field}: must be a column name, a list of them, or { "column", "transform", "separator", "values" }`);
    return null;
  }
  const { column, transform, separator, values, ...rest } = spec as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push(`${field}.${key}: is not a known setting (column, transform, separator, values)`);
  const columns = columnList(column);
  if (!columns) problems.push(`${field}.column: must be a column name or a list of them`);
  if (transform !== undefined && !(TRANSFORMS as readonly unknown[]).includes(transform)) {
    problems.push(`${field}.transform: must be one of ${TRANSFORMS.join(', ')}`);
  }
  if (separator !== undefined && (typeof separator !== 'string' || separator === ''))
    problems.push(`${field}.separator: must be a non-empty string`);
  if (
    values !== undefined &&
    (typeof values !== 'object' || values === null || Array.isArray(values) || Object.values(values).some((v) => typeof v !== 'string'))
  ) {
    problems.push(`${field}.values: must map each of their values to one of ours, e.g. { "Gold": "gold" }`);
  }
  if (!columns) return null;
  return {
    columns,
    transform: transform as Transform | undefined,
    separator: separator as string | undefined,
    values: values as Record<string, string> | undefined,
  };
}

/**
 * Matches a map against a file's header (names compared without regard to case or surrounding
 * space; a byte order mark is ignored). Every column of a mapping file must be there; a preset's
 * optional ones may be missing. Columns no field reads are ignored and listed.
 */
export function resolveMap(kind: ImportKind, map: ColumnMap, header: string[]): MapCheck {
  const names = header.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
  const position = new Map<string, number>();
  names.forEach((name, i) => {
    if (!position.has(name.toLowerCase())) position.set(name.toLowerCase(), i);
  });
  const missing: string[] = [];
  const fields: Record<string, ResolvedField> = {};
  const used = new Set<number>();
  for (const [field, source] of Object.entries(map.fields)) {
    const indexes: number[] = [];
    for (const column of source.columns) {
      const at = position.get(column.trim().toLowerCase());
      if (at === undefined) {
        if (!source.optional && source.columns.length === 1) missing.push(`${column} (for ${field})`);
      } else indexes.push(at);
    }
    if (indexes.length === 0) {
      if (!source.optional && source.columns.length > 1) missing.push(`one of ${source.columns.join(' / ')} (for ${field})`);
      continue;
    }
    indexes.forEach((i) => used.add(i));
    fields[field] = {
      indexes,
      names: indexes.map((i) => names[i]),
      transform: source.transform ?? 'text',
      separator: source.separator ?? ',',
      values: source.values ? Object.fromEntries(Object.entries(source.values).map(([k, v]) => [k.trim().toLowerCase(), v])) : undefined,
      valueNames: source.values ? Object.keys(source.values) : undefined,
    };
  }
  if (missing.length > 0) return { ok: false, message: `Bad ${kind} CSV header for ${map.name}: missing column(s): ${missing.join(', ')}` };
  const problems = requiredProblems(kind, Object.keys(fields));
  if (problems.length > 0) return { ok: false, message: `Bad ${kind} CSV header for ${map.name}: ${problems.join('; ')}` };
  const ours = kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_COLUMNS;
  return {
    ok: true,
    map: {
      kind,
      fields,
      continuation: (map.continuation ?? []).filter((field) => field in fields),
      absent: ours.filter((column) => !(column in fields) && !(column === 'customer_external_id' && 'customer_email' in fields)),
      ignored: names.filter((name, i) => !used.has(i) && name !== ''),
      customerByEmail: 'customer_email' in fields,
    },
  };
}

/** One field's problem in a row, named by the file's column. */
export interface MappedError {
  column: string;
  reason: string;
}

export type MappedRow =
  { ok: true; row: string[]; hints: PlaceHints } | { ok: false; errors: MappedError[]; externalId: string } | { ok: 'continuation' };

/**
 * One record of the file as a row of our layout (CUSTOMER_COLUMNS or ORDER_COLUMNS order, empty
 * where the file says nothing). Customers: an address missing its street, city or country is
 * left out (a card needs all three) and its country and region become place hints.
 */
export function mapRecord(map: ResolvedMap, record: string[]): MappedRow {
  const errors: MappedError[] = [];
  const value = (field: string): string => {
    const source = map.fields[field];
    if (!source) return '';
    for (let i = 0; i < source.indexes.length; i++) {
      const raw = (record[source.indexes[i]] ?? '').trim();
      if (raw === '') continue;
      const result = transformValue(source, raw);
      if (typeof result === 'string') return result;
      errors.push({ column: source.names[i], reason: result.reason });
      return '';
    }
    return '';
  };
  if (map.continuation.length > 0 && map.continuation.every((field) => value(field) === '')) return { ok: 'continuation' };

  const hints: PlaceHints = {};
  let row: string[];
  if (map.kind === 'customers') {
    const got: Record<string, string> = {};
    for (const column of CUSTOMER_COLUMNS) got[column] = value(column);
    if (got.address_line1 === '' || got.address_city === '' || got.address_country === '') {
      if (/^[A-Z]{2}$/.test(got.address_country)) hints.country = got.address_country;
      if (got.address_region !== '') hints.region = got.address_region;
      for (const column of ['address_line1', 'address_line2', 'address_city', 'address_region', 'address_postal_code', 'address_country'])
        got[column] = '';
    }
    row = CUSTOMER_COLUMNS.map((column) => got[column]);
  } else {
    const got: Record<string, string> = {};
    for (const column of ORDER_COLUMNS) got[column] = value(column);
    if (map.customerByEmail) got.customer_external_id = value('customer_email').toLowerCase();
    if (value('cancelled_at') !== '') got.status = 'cancelled';
    row = ORDER_COLUMNS.map((column) => got[column]);
  }
  return errors.length > 0 ? { ok: false, errors, externalId: row[0] } : { ok: true, row, hints };
}

/** The file's column behind one of our fields, for the reject report. */
export function sourceColumn(map: ResolvedMap, field: string): string {
  const source = map.fields[field] ?? (field === 'customer_external_id' ? map.fields.customer_email : undefined);
  return source ? source.names[0] : field;
}

const YES = new Set(['yes', 'y', 'true', '1', 'granted', 'subscribed']);
const NO = new Set(['no', 'n', 'false', '0', 'withdrawn', 'unsubscribed']);

export function transformValue(
  source: Pick<ResolvedField, 'transform' | 'separator' | 'values' | 'valueNames'>,
  raw: string,
): string | { reason: string } {
  let value = raw;
  switch (source.transform) {
    case 'text':
      break;
    case 'unquote':
      // Spreadsheet exports put a quote before numbers that must stay text (ids, phones, zips).
      value = value.startsWith("'") ? value.slice(1).trim() : value;
      break;
    case 'yes-no': {
      const word = value.toLowerCase();
      if (YES.has(word)) value = 'granted';
      else if (NO.has(word)) value = 'withdrawn';
      else return { reason: 'must be yes or no' };
      break;
    }
    case 'opt-out': {
      const word = value.toLowerCase();
      if (YES.has(word)) value = 'withdrawn';
      else if (NO.has(word)) value = '';
      else return { reason: 'must be yes or no (true or false)' };
      break;
    }
    case 'list':
      value = value
        .split(source.separator)
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .join(';');
      break;
    case 'date': {
      const match = /^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$/.exec(value);
      if (match) value = match[1];
      break;
    }
    case 'datetime': {
      // Shopify writes `2026-03-01 14:30:00 -0500`; ours is ISO 8601 with the offset.
      const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})$/i.exec(value);
      if (match) value = `${match[1]}T${match[2]}${/^(z|utc)$/i.test(match[3]) ? 'Z' : match[3]}`;
      break;
    }
    case 'country':
      value = countryCode(value) ?? value;
      break;
    case 'time-zone':
      // An unreadable zone is left out rather than rejected: the zone is then guessed, and the summary says so.
      value = zoneName(value) ?? '';
      break;
  }
  if (source.values && value !== '') {
    const mapped = source.values[value.toLowerCase()];
    if (mapped === undefined) return { reason: `must be one of ${(source.valueNames ?? Object.keys(source.values)).join(', ')}` };
    value = mapped;
  }
  return value;
}

let countryNames: Map<string, string> | null = null;

/** ISO 3166-1 alpha-2 code of a country given by code or name (`Germany`, `United States`, `Österreich`). */
export function countryCode(value: string): string | null {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && isCountryCode(trimmed.toUpperCase())) return trimmed.toUpperCase();
  if (!countryNames) {
    countryNames = new Map(COUNTRY_ALIASES);
    // English first, so that it wins over another language's homonym; then the languages CRMs are most often set up in.
    for (const language of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']) {
      const names = new Intl.DisplayNames(language, { type: 'region', fallback: 'none' });
      for (let a = 65; a <= 90; a++) {
        for (let b = 65; b <= 90; b++) {
          const code = String.fromCharCode(a, b);
          const name = isCountryCode(code) ? names.of(code) : undefined;
          const key = name ? foldName(name) : '';
          if (key && !countryNames.has(key)) countryNames.set(key, code);
        }
      }
    }
  }
  return countryNames.get(foldName(trimmed)) ?? null;
}

const COUNTRY_ALIASES: [string, string][] = [
  ['usa', 'US'],
  ['united states of america', 'US'],
  ['us', 'US'],
  ['uk', 'GB'],
  ['great britain', 'GB'],
  ['england', 'GB'],
  ['scotland', 'GB'],
  ['wales', 'GB'],
  ['viet nam', 'VN'],
  ['south korea', 'KR'],
  ['korea, republic of', 'KR'],
  ['russian federation', 'RU'],
  ['czech republic', 'CZ'],
  ['deutschland', 'DE'],
  ['the netherlands', 'NL'],
  ['holland', 'NL'],
  ['uae', 'AE'],
  ['turkey', 'TR'],
  ['ivory coast', 'CI'],
];

function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z,]+/g, ' ')
    .trim();
}

/** An IANA zone from `Europe/Berlin`, HubSpot's `europe_slash_berlin`, or `America/Los Angeles`; null when none. */
function zoneName(value: string): string | null {
  const candidate = value
    .trim()
    .replace(/_slash_/gi, '/')
    .replace(/ /g, '_');
  if (!candidate.includes('/') || /^[+-]/.test(candidate)) return null;
  try {
    // Intl reads zone names without regard to case; the normalizer stores the usual spelling.
    new Intl.DateTimeFormat('en', { timeZone: candidate });
    return candidate;
  } catch {
    return null;
  }
}

/** Customer columns the file does not feed, as the stored columns they keep. */
export function keptColumns(absent: string[]): Set<CustomerWriteColumn> {
  const keep = new Set<CustomerWriteColumn>();
  const direct: Record<string, CustomerWriteColumn[]> = {
    first_name: ['first_name'],
    last_name: ['last_name'],
    email: ['email'],
    phone: ['phone'],
    birthday: ['birth_year', 'birth_month', 'birth_day'],
    customer_since: ['customer_since'],
    locale: ['locale'],
    account_manager_email: ['account_manager_id'],
    tags: ['tags'],
    tier: ['tier'],
  };
  for (const column of absent) for (const kept of direct[column] ?? []) keep.add(kept);
  // The address is one value: kept only when the file has none of its columns.
  const addressColumns = CUSTOMER_COLUMNS.filter((column) => column.startsWith('address_'));
  if (addressColumns.every((column) => absent.includes(column))) keep.add('address');
  return keep;
}
