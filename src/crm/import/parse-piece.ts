import { parse } from 'csv-parse/sync';
import { CustomerDefaults, normalizeCustomer, PlaceHints } from '../customers/customer-input';
import { TimeZoneSource } from '../customers/time-zone-guess';
import { normalizeOrder } from '../orders/order-input';
import { ColumnMap, mapRecord, ResolvedMap, resolveMap, sourceColumn } from './column-map';
import { customerCopyLine, orderCopyLine } from './copy-text';
import { plainRecords } from './plain-records';
import {
  checkHeader,
  ColumnIndex,
  columnOf,
  COLUMNS,
  customerInputFromRow,
  describeHeaderProblem,
  ImportKind,
  orderInputFromRow,
} from './csv-rows';

/**
 * Parses, validates and encodes one piece of a CSV file (see csv-pieces.ts): the work of an
 * import that runs in worker threads. A plain function of its input, so the calling thread can
 * run it too.
 */
export interface PieceTask {
  kind: ImportKind;
  bytes: Uint8Array;
  /** Lines before the piece, so that line numbers are those of the whole file. */
  lineBase: number;
  delimiter: Uint8Array;
  /** The file's first piece, which may start with a byte order mark. */
  first: boolean;
  /** Null until the header has been read: the piece's first record is the header then. */
  columns: PieceColumns | null;
  /** The file's layout when it is not ours (a preset or a mapping file); read with the header. */
  columnMap: ColumnMap | null;
  defaults: CustomerDefaults;
}

export interface PieceColumns {
  index: ColumnIndex;
  width: number;
  /** Set when the file is in another layout: its records are mapped to ours first. */
  map: ResolvedMap | null;
}

/** Rows in our layout, when a file is mapped: every column at its place in COLUMNS. */
const OUR_INDEX: Record<ImportKind, ColumnIndex> = {
  customers: Object.fromEntries(COLUMNS.customers.map((column, i) => [column, i])),
  orders: Object.fromEntries(COLUMNS.orders.map((column, i) => [column, i])),
};

export interface PieceReject {
  line: number;
  externalId: string;
  field: string;
  reason: string;
}

export type PieceResult =
  | {
      ok: true;
      /** Valid rows as staging COPY text. */
      copy: Uint8Array;
      rows: number;
      /** Data rows read, rejected ones included. */
      records: number;
      /** Rows rejected; `rejects` has one entry per problem. */
      rejected: number;
      rejects: PieceReject[];
      /** Further lines of a record above (a mapped file's line items), skipped. */
      skipped: number;
      /** Customers: where each valid row's time zone came from. */
      timeZones: Record<TimeZoneSource, number>;
      /** When the piece held the header: the columns when it passed the check, else the problem. */
      header: { columns: PieceColumns | null; problem: string | null } | null;
    }
  | { ok: false; message: string };

/**
 * The records of a piece, each with its line number (where the record ends, in the whole file)
 * as its last element; csv-parse's error (with the file's line number) when it is malformed.
 * A plain piece (plain-records.ts) is split without csv-parse, to the same records.
 */
export function parseRecords(bytes: Uint8Array, delimiter: Uint8Array, bom: boolean, lineBase: number): string[][] {
  return plainRecords(bytes, delimiter, bom, lineBase) ?? parseCsvRecords(bytes, delimiter, bom, lineBase);
}

/** parseRecords by csv-parse, whatever the piece. */
export function parseCsvRecords(bytes: Uint8Array, delimiter: Uint8Array, bom: boolean, lineBase: number): string[][] {
  try {
    return parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      bom,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: Buffer.from(delimiter.buffer, delimiter.byteOffset, delimiter.byteLength),
      // The line number travels as the record's last element: cheaper than csv-parse's info objects.
      on_record: (record: string[], context: { lines: number }) => {
        record.push(String(context.lines + lineBase));
        return record;
      },
    });
  } catch (error) {
    // csv-parse counts lines from the start of the piece.
    if (error instanceof Error)
      error.message = error.message.replace(/at line (\d+)/g, (_, line: string) => `at line ${Number(line) + lineBase}`);
    throw error;
  }
}

export function parsePiece(task: PieceTask): PieceResult {
  let records: string[][];
  try {
    records = parseRecords(task.bytes, task.delimiter, task.first, task.lineBase);
  } catch (error) {
    return { ok: false, message: String((error as Error).message) };
  }

  const timeZones: Record<TimeZoneSource, number> = { given: 0, address: 0, phone: 0, default: 0 };
  const empty = { ok: true as const, copy: new Uint8Array(0), rows: 0, records: 0, rejected: 0, rejects: [], skipped: 0, timeZones };
  let header: { columns: PieceColumns | null; problem: string | null } | null = null;
  let columns = task.columns;
  let start = 0;
  if (columns === null) {
    if (records.length === 0) return { ...empty, header: null };
    const record = records[0];
    record.pop();
    if (task.columnMap) {
      const check = resolveMap(task.kind, task.columnMap, record);
      columns = check.ok ? { index: OUR_INDEX[task.kind], width: record.length, map: check.map } : null;
      header = { columns, problem: check.ok ? null : check.message };
    } else {
      const check = checkHeader(task.kind, record);
      columns = check.ok ? { index: check.index, width: record.length, map: null } : null;
      header = { columns, problem: check.ok ? null : describeHeaderProblem(task.kind, check) };
    }
    if (!columns) return { ...empty, header };
    start = 1;
  }

  const { kind, defaults } = task;
  const { width, map } = columns;
  const index = map ? OUR_INDEX[kind] : columns.index;
  const rejects: PieceReject[] = [];
  // Lines are written straight into a buffer: concatenating them into one string first cost a
  // quarter of the piece's time in copying and garbage collection.
  let out = Buffer.allocUnsafe(task.bytes.byteLength * 2 + 4096);
  let length = 0;
  let rows = 0;
  let rejected = 0;
  let skipped = 0;
  const fileColumn = (field: string) => (map ? sourceColumn(map, columnOf(kind, field)) : columnOf(kind, field));
  for (let r = start; r < records.length; r++) {
    let record = records[r];
    const line = Number(record.pop());
    if (record.length !== width) {
      rejected += 1;
      const externalId = map ? (record[map.fields.external_id.indexes[0]] ?? '') : (record[index.external_id] ?? '');
      rejects.push({ line, externalId, field: '', reason: `has ${record.length} fields, the header has ${width}` });
      continue;
    }
    let hints: PlaceHints = {};
    if (map) {
      const mapped = mapRecord(map, record);
      if (mapped.ok === 'continuation') {
        skipped += 1;
        continue;
      }
      if (!mapped.ok) {
        rejected += 1;
        for (const error of mapped.errors) rejects.push({ line, externalId: mapped.externalId, field: error.column, reason: error.reason });
        continue;
      }
      record = mapped.row;
      hints = mapped.hints;
    }
    const result =
      kind === 'customers'
        ? normalizeCustomer(customerInputFromRow(record, index), defaults, hints)
        : normalizeOrder(orderInputFromRow(record, index));
    if (!result.ok) {
      rejected += 1;
      for (const error of result.errors)
        rejects.push({ line, externalId: record[index.external_id], field: fileColumn(error.field), reason: error.reason });
      continue;
    }
    if ('timeZoneSource' in result.value) timeZones[result.value.timeZoneSource] += 1;
    const text =
      kind === 'customers'
        ? customerCopyLine(line, result.value as Parameters<typeof customerCopyLine>[1])
        : orderCopyLine(line, result.value as Parameters<typeof orderCopyLine>[1]);
    // At most three UTF-8 bytes per UTF-16 unit.
    if (length + text.length * 3 > out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, length + text.length * 3));
      out.copy(bigger, 0, 0, length);
      out = bigger;
    }
    length += out.write(text, length, 'utf8');
    rows += 1;
  }
  // A copy of the exact size: the chunk being staged holds on to it.
  return {
    ok: true,
    copy: Buffer.from(out.subarray(0, length)),
    rows,
    records: records.length - start,
    rejected,
    rejects,
    skipped,
    timeZones,
    header,
  };
}
