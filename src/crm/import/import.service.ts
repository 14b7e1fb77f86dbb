import { createReadStream, createWriteStream, promises as fs, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../../common/clock';
import { CustomerDefaults } from '../customers/customer-input';
import { CustomerWriteColumn } from '../customers/customer-merge.sql';
import { TimeZoneSource } from '../customers/time-zone-guess';
import { refreshCustomerStats } from '../orders/customer-stats';
import { csvPieces } from './csv-pieces';
import { ColumnMap, keptColumns, sourceColumn } from './column-map';
import { COLUMNS, ImportKind } from './csv-rows';
import { parsePiece, PieceColumns, PieceResult, PieceTask } from './parse-piece';
import { PieceThreads, workerThreadsAvailable } from './piece-threads';
import { StagingCopy } from './staging-copy';
import {
  addOrderForeignKey,
  ANALYZE_LOADED,
  ANALYZE_STAGE,
  COPY_CUSTOMERS,
  COPY_ORDERS,
  CUSTOMER_STAGE,
  CUSTOMERS_ESTIMATE,
  dropIndex,
  DROP_UNRESOLVED,
  dropOrderForeignKey,
  DROPPABLE_INDEXES,
  UNIQUE_INDEXES,
  FIRST_LOAD_LOCK_TIMEOUT,
  FIRST_LOAD_SAVEPOINT,
  FIRST_LOAD_SETTINGS,
  FIRST_LOAD_TABLE_LOCK,
  FIRST_LOAD_UNRESOLVED,
  JOINT_ORDERS_SAVEPOINT,
  ROLLBACK_TO_JOINT_ORDERS_SAVEPOINT,
  FOREIGN_KEYS,
  mergeCustomers,
  mergeOrders,
  NO_LOCK_TIMEOUT,
  ORDER_STAGE,
  ORDER_CUSTOMERS_BY_EMAIL,
  PREFER_INDEX_PROBES,
  RELEASE_FIRST_LOAD_SAVEPOINT,
  ROLLBACK_TO_FIRST_LOAD_SAVEPOINT,
  STAGE_TEMP_BUFFERS,
  tableIsEmpty,
  TRANSACTION_SETTINGS,
  TRUNCATE_STAGE,
  UNKNOWN_MANAGERS,
  UNRESOLVED_PAGE,
} from './import.sql';

/** Settings an import takes from configuration. */
export interface ImportConfig {
  defaultTimeZone: string;
  defaultLocale: string;
  baseCurrency: string;
}

/**
 * When customer statistics (lifetime value, order count, last order) are brought up to date
 * after an orders import:
 * - `per-chunk`: in each chunk's transaction, for the customers it touched; always consistent.
 * - `at-end`: once, set-based over all customers, after the last chunk. Far cheaper for big files;
 *   until it runs (or, after a crash, until the import is re-run) the statistics lag behind.
 * - `auto`: `at-end` for files over 32 MB, else `per-chunk`.
 */
export type StatsMode = 'auto' | 'per-chunk' | 'at-end';

export interface ImportOptions {
  /** Where rejected rows go; default `FILE.rejected.csv`. Removed when nothing is rejected. */
  rejectedFile?: string;
  /** Valid rows per chunk (one transaction each) when the table holds rows; a first load stages the whole file in one COPY. */
  chunkRows?: number;
  statsMode?: StatsMode;
  /** Worker threads that parse and validate; 0 parses in the calling thread. Default: one per core but one, when that makes two or more. */
  threads?: number;
  /** Bytes of CSV per piece handed to a thread (tests make it small). */
  pieceBytes?: number;
  /** The file's layout when it is not ours: a preset's or a mapping file's (column-map.ts). */
  columnMap?: ColumnMap;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/**
 * Every data row counts once: applied (inserted, updated, or unchanged), superseded by a later
 * row with the same external id before it was written (the last row wins), or rejected.
 */
export interface ImportSummary {
  kind: ImportKind;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejected: number;
  /** Further lines of a record above (line items of a Shopify order), read as part of it. */
  skipped: number;
  rejectedFile: string | null;
  /** Customers: where the time zones of the valid rows came from. */
  timeZones: Record<TimeZoneSource, number> | null;
  /** A mapped file's columns that no field reads. */
  ignoredColumns: string[];
  seconds: number;
  /** `first-load`: into an empty table, in one transaction; `upsert`: chunk by chunk. */
  path: 'first-load' | 'upsert';
  /** Seconds per phase: prepare, load (parse and merge, overlapped), then what follows it. */
  phases: Record<string, number>;
}

/** A problem that stops the import as a whole (unreadable file, bad header, malformed CSV). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const DEFAULT_CHUNK_ROWS: Record<ImportKind, number> = { customers: 25_000, orders: 50_000 };
/**
 * After an orders first load, the customers' secondary indexes are rebuilt around the statistics
 * update rather than maintained row by row when the orders could change at least this share of
 * the customers (each order changes at most one).
 */
const REBUILD_CUSTOMER_INDEXES_SHARE = 0.2;
/** lock_not_available (lock_timeout) and deadlock_detected: a first load gives way to others. */
const LOCK_GIVE_UP_CODES = new Set(['55P03', '40P01']);
const AT_END_STATS_BYTES = 32 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 10_000;
/** About a million bytes: ~5,000 customers or ~13,000 orders, a few milliseconds of a thread's work. */
const PIECE_BYTES = 1 << 20;

/**
 * Parsing and validating is most of an import's work in Node, and pieces are independent: with
 * cores to spare, threads parse them while PostgreSQL takes the COPY in its own process. One
 * core is left to PostgreSQL. A single thread would gain nothing over the calling thread, which
 * otherwise waits, and costs its start-up (~0.3 s of CPU loading modules) and a second JIT
 * warm-up: on two cores, measured, threads used ~40 % more CPU for no shorter import. Running
 * from TypeScript sources (tests) there is no compiled worker script, and pieces parse here.
 */
function defaultThreads(): number {
  const spare = availableParallelism() - 1;
  return workerThreadsAvailable() && spare >= 2 ? spare : 0;
}

/** One chunk of staged rows as COPY text, in the UTF-8 buffers the parsing threads produced. */
class Batch {
  rows = 0;
  readonly buffers: Uint8Array[] = [];

  add(copy: Uint8Array, rows: number): void {
    this.rows += rows;
    if (copy.byteLength > 0) this.buffers.push(copy);
  }
}

/** A staged row that names something we do not know: the account manager or the customer. */
interface Unresolved {
  line: string;
  external_id: string;
  value: string;
}

/** What a first load dropped, to rebuild before its commit. */
interface FirstLoad {
  /** Valid rows staged so far; the whole file is staged, then merged once. */
  staged: number;
  indexes: IndexDefinition[];
  foreignKeys: IndexDefinition[];
}

/**
 * One file's part in a joint first load (importCustomersAndOrders): the connection and the
 * transaction are the joint load's, already begun, and its table's indexes already dropped.
 */
interface JointStep {
  runner: QueryRunner;
  client: PoolClient;
  firstLoad: FirstLoad;
  /**
   * Orders: the customers' secondary indexes, not built yet (built after the statistics update).
   * Customers: null; the step neither builds its indexes, nor analyzes, nor commits.
   */
  customerIndexes: IndexDefinition[] | null;
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** A customers file and an orders file imported together (importCustomersAndOrders). */
export interface JointImportSummary {
  customers: ImportSummary;
  orders: ImportSummary;
}

/** What one merge statement reports: rows it applied, and of those, inserted and updated. */
interface MergedCounts {
  applied: number;
  inserted: number;
  updated: number;
}

/** unique_violation: in a first load, a repeated external id among the staged rows. */
const UNIQUE_VIOLATION = '23505';

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejected: number;
  skipped: number;
}

/** How a mapped file's rows merge: the stored columns it does not feed, and how orders find their customer. */
interface MergeMode {
  keep: ReadonlySet<CustomerWriteColumn>;
  /** Orders name their customer by email; set with the column to name in the reject report. */
  customerByEmail: string | null;
  /** The file's column naming the account manager or customer, for the reject report. */
  referenceColumn: string;
}

/**
 * Imports a customers or orders CSV file: stream-parses it, validates each row with the same
 * normalizer as the REST API, stages valid rows with COPY in chunks and merges each chunk with
 * one set-based upsert in its own transaction. Parsing the next chunk overlaps with the
 * database merging the previous one. A crash leaves whole chunks applied or not at all, and a
 * re-run converges to the same tables.
 */
export class CsvImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: ImportConfig,
  ) {}

  async importFile(kind: ImportKind, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    return this.importOne(kind, file, options, null);
  }

  /**
   * Imports a customers file, then an orders file, with the result of importFile on each in turn.
   * When both tables are empty, both files are one first load in one transaction, which builds
   * the customers' secondary indexes once, after the orders' statistics update, instead of after
   * the customers' file and again around that update, and analyzes the customers once.
   * The orders' part runs behind a savepoint: when it fails (a bad orders file) it is rolled back
   * and the customers are committed with every index, as by importFile, before the error is thrown.
   */
  async importCustomersAndOrders(
    customersFile: string,
    ordersFile: string,
    options: { customers?: ImportOptions; orders?: ImportOptions } = {},
  ): Promise<JointImportSummary> {
    const runner = this.dataSource.createQueryRunner();
    let jointRunner: QueryRunner | null = runner;
    try {
      const client = (await runner.connect()) as PoolClient;
      await this.prepareSession(client, 'customers');
      await this.prepareSession(client, 'orders');
      const load = await this.beginJointFirstLoad(client);
      if (!load) {
        await runner.release();
        jointRunner = null;
        const customers = await this.importFile('customers', customersFile, options.customers);
        return { customers, orders: await this.importFile('orders', ordersFile, options.orders) };
      }
      let customers: ImportSummary;
      try {
        customers = await this.importOne('customers', customersFile, options.customers ?? {}, {
          runner,
          client,
          firstLoad: load,
          customerIndexes: null,
        });
        // Merged: its rows would otherwise sit in the session's temporary space until the commit.
        await client.query(TRUNCATE_STAGE.customers);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await client.query(JOINT_ORDERS_SAVEPOINT);
      try {
        const orderLoad = await this.dropForFirstLoad(client, 'orders');
        const orders = await this.importOne('orders', ordersFile, options.orders ?? {}, {
          runner,
          client,
          firstLoad: orderLoad,
          customerIndexes: load.indexes,
        });
        return { customers, orders };
      } catch (error) {
        // The orders are as before their file (empty, with their indexes and key); the customers stay.
        try {
          await client.query(ROLLBACK_TO_JOINT_ORDERS_SAVEPOINT);
          for (const index of load.indexes) await client.query(index.definition);
          await client.query(ANALYZE_LOADED.customers);
          await client.query('COMMIT');
        } catch {
          await client.query('ROLLBACK').catch(() => undefined);
        }
        throw error;
      }
    } finally {
      await jointRunner?.release();
    }
  }

  private async importOne(kind: ImportKind, file: string, options: ImportOptions, joint: JointStep | null): Promise<ImportSummary> {
    const started = performance.now();
    const totalBytes = await fileSize(file);
    const now = this.clock.now();
    const statsMode = options.statsMode ?? 'auto';
    const statsAtEnd = kind === 'orders' && (statsMode === 'at-end' || (statsMode === 'auto' && totalBytes > AT_END_STATS_BYTES));
    const rejectedFile = options.rejectedFile ?? `${file}.rejected.csv`;
    const report = new RejectReport(rejectedFile);
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0, superseded: 0, rejected: 0, skipped: 0 };
    const timeZones: Record<TimeZoneSource, number> = { given: 0, address: 0, phone: 0, default: 0 };
    const mode: MergeMode = {
      keep: new Set(),
      customerByEmail: null,
      referenceColumn: kind === 'customers' ? 'account_manager_email' : 'customer_external_id',
    };
    let ignoredColumns: string[] = [];

    const runner = joint?.runner ?? this.dataSource.createQueryRunner();
    const client = joint?.client ?? ((await runner.connect()) as PoolClient);
    const input = createReadStream(file, { highWaterMark: 1 << 20 });
    const phases: Record<string, number> = {};
    let phaseStarted = performance.now();
    const endPhase = (name: string) => {
      const at = performance.now();
      phases[name] = Math.round(at - phaseStarted) / 1000;
      phaseStarted = at;
    };
    let firstLoad: FirstLoad | null = null;
    let threads: PieceThreads | null = null;
    try {
      if (joint) {
        firstLoad = joint.firstLoad;
      } else {
        await this.prepareSession(client, kind);
        firstLoad = await this.beginFirstLoad(client, kind);
      }
      endPhase('prepare');
      const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS[kind];
      const load = firstLoad;
      const merge = (batch: Batch) => this.mergeChunk(runner, client, kind, batch, now, statsAtEnd, counts, report, mode);
      // A first load streams every piece's rows into one COPY; the other path merges chunk by chunk.
      let staging = null as StagingCopy | null;
      const defaults: CustomerDefaults = { timeZone: this.config.defaultTimeZone, locale: this.config.defaultLocale, now, source: 'csv' };
      threads = new PieceThreads(options.threads ?? defaultThreads());

      // Set by `use` below, hence the type assertions: they keep TypeScript from narrowing them to null.
      let columns = null as PieceColumns | null;
      let rows = 0;
      let batch = new Batch();
      let pending = null as Promise<void> | null;
      // Parsed pieces, oldest first: results are used in file order, whichever thread finishes first.
      const parsing: Promise<PieceResult>[] = [];
      const use = async (result: PieceResult) => {
        if (!result.ok) {
          // Only csv-parse fails a piece, with the file's line (its codes, e.g. INVALID_OPENING_QUOTE, carry no prefix).
          throw new ImportFileError(`Malformed CSV in ${file}: ${result.message}`);
        }
        if (result.header) {
          if (!result.header.columns) throw new ImportFileError(result.header.problem ?? `Bad ${kind} CSV header`);
          columns = result.header.columns;
          const map = columns.map;
          if (map) {
            mode.keep = kind === 'customers' ? keptColumns(map.absent) : new Set();
            mode.customerByEmail = map.customerByEmail ? sourceColumn(map, 'customer_email') : null;
            mode.referenceColumn = sourceColumn(map, mode.referenceColumn);
            ignoredColumns = map.ignored;
          }
        }
        rows += result.records;
        counts.rejected += result.rejected;
        counts.skipped += result.skipped;
        for (const source of Object.keys(timeZones) as TimeZoneSource[]) timeZones[source] += result.timeZones[source];
        for (const reject of result.rejects) await report.write(reject.line, reject.externalId, reject.field, reject.reason);
        if (load) {
          if (result.rows > 0) {
            staging ??= new StagingCopy(client, kind === 'customers' ? COPY_CUSTOMERS : COPY_ORDERS);
            await staging.write(result.copy);
            load.staged += result.rows;
          }
        } else {
          await addToChunks(result);
        }
        if (options.onProgress && Math.floor(rows / PROGRESS_EVERY_ROWS) > Math.floor((rows - result.records) / PROGRESS_EVERY_ROWS)) {
          options.onProgress({ bytesRead: input.bytesRead, totalBytes, rows });
        }
      };
      // A chunk holds exactly chunkRows valid rows: a piece's rows may end one chunk and begin the next.
      const addToChunks = async (result: Extract<PieceResult, { ok: true }>) => {
        let copy = result.copy;
        let left = result.rows;
        while (batch.rows + left >= chunkRows) {
          const take = chunkRows - batch.rows;
          const cut = afterLines(copy, take);
          batch.add(copy.subarray(0, cut), take);
          copy = copy.subarray(cut);
          left -= take;
          // One chunk merges while the next one parses; never more than one in flight.
          if (pending) await pending;
          pending = merge(batch);
          pending.catch(() => undefined);
          batch = new Batch();
        }
        batch.add(copy, left);
      };
      try {
        for await (const piece of csvPieces(input, options.pieceBytes ?? PIECE_BYTES)) {
          const task: PieceTask = {
            kind,
            bytes: piece.bytes,
            lineBase: piece.lineBase,
            delimiter: piece.delimiter,
            first: piece.first,
            columns,
            // Only the header piece reads the map; later pieces carry it resolved, in `columns`.
            columnMap: columns === null ? (options.columnMap ?? null) : null,
            defaults,
          };
          if (columns === null) {
            // Until the header is known, pieces are parsed here, in order.
            await use(parsePiece(task));
            continue;
          }
          const result = threads.run(task);
          result.catch(() => undefined);
          parsing.push(result);
          if (parsing.length >= threads.capacity) await use(await parsing.shift()!);
        }
        while (parsing.length > 0) await use(await parsing.shift()!);
      } catch (error) {
        if (pending) await pending.catch(() => undefined);
        // The connection leaves COPY before the caller rolls back.
        if (staging) await staging.abort(error as Error);
        throw asFileError(error, file);
      }
      if (pending) await pending;
      if (staging) await staging.end();
      if (columns === null) throw new ImportFileError(`${file} is empty: expected a header line with ${COLUMNS[kind].join(',')}`);
      if (batch.rows > 0) await merge(batch);
      endPhase('load');
      if (firstLoad) {
        await this.mergeFirstLoad(client, kind, firstLoad, now, counts, report, mode);
        endPhase('merge');
        await this.finishFirstLoad(runner, client, kind, firstLoad, counts.inserted, endPhase, joint);
      } else if (statsAtEnd) {
        await refreshCustomerStats(runner.manager, null, this.config.baseCurrency);
        endPhase('stats');
      }
      options.onProgress?.({ bytesRead: totalBytes, totalBytes, rows });

      const written = await report.close();
      return {
        kind,
        file,
        rows,
        ...counts,
        rejectedFile: written ? rejectedFile : null,
        timeZones: kind === 'customers' ? timeZones : null,
        ignoredColumns,
        seconds: Math.round((performance.now() - started) / 10) / 100,
        path: firstLoad ? 'first-load' : 'upsert',
        phases,
      };
    } catch (error) {
      // A first load is one transaction: a failure leaves the table empty, its indexes and keys in place.
      // (A joint load's step leaves that to importCustomersAndOrders.)
      if (firstLoad && !joint) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      input.destroy();
      await threads?.close();
      await report.close().catch(() => undefined);
      if (!joint) await runner.release();
    }
  }

  private async prepareSession(client: PoolClient, kind: ImportKind): Promise<void> {
    // A chunk of staging rows fits in memory; only possible before the session's first temp table.
    await client.query(STAGE_TEMP_BUFFERS).catch(() => undefined);
    await client.query(kind === 'customers' ? CUSTOMER_STAGE : ORDER_STAGE);
  }

  /** Stages one chunk and merges it, all in one transaction. */
  private async mergeChunk(
    runner: QueryRunner,
    client: PoolClient,
    kind: ImportKind,
    batch: Batch,
    now: Date,
    statsAtEnd: boolean,
    counts: Counts,
    report: RejectReport,
    mode: MergeMode,
  ): Promise<void> {
    await client.query('BEGIN');
    for (const setting of TRANSACTION_SETTINGS) await client.query(setting);
    try {
      await pipeline(Readable.from(batch.buffers), client.query(copyFrom(kind === 'customers' ? COPY_CUSTOMERS : COPY_ORDERS)));
      let unresolved: Unresolved[];
      let merged: { applied: number; inserted: number; updated: number; affected?: string[] };
      // Always deduplicated: pieces are parsed apart, so nobody sees a whole chunk's ids; the sort
      // of a chunk of a few thousand rows costs milliseconds.
      if (kind === 'customers') {
        unresolved = (await client.query<Unresolved>(UNKNOWN_MANAGERS)).rows;
        merged = (await client.query(mergeCustomers(true, false, mode.keep), [now])).rows[0];
      } else {
        for (const setting of PREFER_INDEX_PROBES) await client.query(setting);
        if (mode.customerByEmail) await client.query(ORDER_CUSTOMERS_BY_EMAIL);
        const perChunkStats = !statsAtEnd;
        const row = (await client.query(mergeOrders(true, perChunkStats), [now])).rows[0];
        unresolved = row.unresolved;
        merged = row;
        if (perChunkStats) await refreshCustomerStats(runner.manager, row.affected, this.config.baseCurrency);
      }
      await client.query('COMMIT');

      counts.inserted += merged.inserted;
      counts.updated += merged.updated;
      counts.unchanged += merged.applied - merged.inserted - merged.updated;
      counts.superseded += batch.rows - unresolved.length - merged.applied;
      counts.rejected += unresolved.length;
      for (const row of unresolved)
        await report.write(Number(row.line), row.external_id, mode.referenceColumn, unresolvedReason(kind, mode, row.value));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * First load: merges the whole staged file at once with the chunk statement (last row of an
   * external id wins, rows naming an unknown manager or customer are set aside and reported).
   * The staging table is analyzed first, so orders find their customers with one hash join.
   */
  private async mergeFirstLoad(
    client: PoolClient,
    kind: ImportKind,
    load: FirstLoad,
    now: Date,
    counts: Counts,
    report: RejectReport,
    mode: MergeMode,
  ): Promise<void> {
    await client.query(ANALYZE_STAGE[kind]);
    if (mode.customerByEmail) await client.query(ORDER_CUSTOMERS_BY_EMAIL);
    await client.query(FIRST_LOAD_UNRESOLVED[kind]);
    const merged = await this.insertFirstLoad(client, kind, now);
    let unresolved = 0;
    for (let after = '0'; ;) {
      const page = (await client.query<Unresolved>(UNRESOLVED_PAGE, [after])).rows;
      if (page.length === 0) break;
      unresolved += page.length;
      for (const row of page)
        await report.write(Number(row.line), row.external_id, mode.referenceColumn, unresolvedReason(kind, mode, row.value));
      after = page[page.length - 1].line;
    }
    // A joint load's orders set theirs aside under the same name, in the same transaction.
    await client.query(DROP_UNRESOLVED);
    counts.inserted += merged.inserted;
    counts.updated += merged.updated;
    counts.unchanged += merged.applied - merged.inserted - merged.updated;
    counts.superseded += load.staged - unresolved - merged.applied;
    counts.rejected += unresolved;
  }

  /**
   * First load: inserts the staged rows, the last row of an external id winning. Most files
   * repeat no id, and then sorting the whole stage to find each id's last row is wasted work (a
   * sort of every row, on top of the orders' sort into index order). So the rows are first
   * inserted as they are, behind a savepoint: the table is empty and locked, so its unique index
   * on external_id fails the insert exactly when the stage repeats an id among the rows it would
   * write, and then (only then) the insert is rolled back and done again with the deduplicating
   * sort. Without repeats both statements write the same rows and give the same counts.
   */
  private async insertFirstLoad(client: PoolClient, kind: ImportKind, now: Date): Promise<MergedCounts> {
    const statement = (dedupe: boolean) => (kind === 'customers' ? mergeCustomers(dedupe, true) : mergeOrders(dedupe, false, true));
    // The unique index is built after the insert, one sort instead of a random insert per row;
    // its build is what fails on a repeated id then.
    const unique = (await client.query<IndexDefinition>(UNIQUE_INDEXES, [kind])).rows;
    for (const index of unique) await client.query(dropIndex(index.name));
    await client.query(FIRST_LOAD_SAVEPOINT);
    try {
      const merged: MergedCounts = (await client.query(statement(false), [now])).rows[0];
      for (const index of unique) await client.query(index.definition);
      await client.query(RELEASE_FIRST_LOAD_SAVEPOINT);
      return merged;
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await client.query(ROLLBACK_TO_FIRST_LOAD_SAVEPOINT);
    }
    const merged: MergedCounts = (await client.query(statement(true), [now])).rows[0];
    for (const index of unique) await client.query(index.definition);
    return merged;
  }

  /**
   * When the target table is empty, opens the one transaction of a first load: locks the table
   * (for orders, customers too: dropping the foreign key locks it anyway), checks again that it
   * is empty, and drops its secondary indexes and (orders) its foreign key, to rebuild them once
   * at the end. Null, with no transaction open, when the table holds rows or its lock is not
   * granted within a few seconds: the import then upserts chunk by chunk.
   */
  private async beginFirstLoad(client: PoolClient, kind: ImportKind): Promise<FirstLoad | null> {
    if (!(await client.query<{ empty: boolean }>(tableIsEmpty(kind))).rows[0].empty) return null;
    await client.query('BEGIN');
    try {
      for (const setting of [...TRANSACTION_SETTINGS, ...FIRST_LOAD_SETTINGS, FIRST_LOAD_LOCK_TIMEOUT]) await client.query(setting);
      await client.query(FIRST_LOAD_TABLE_LOCK[kind]);
      await client.query(NO_LOCK_TIMEOUT);
      if (!(await client.query<{ empty: boolean }>(tableIsEmpty(kind))).rows[0].empty) {
        await client.query('ROLLBACK');
        return null;
      }
      return await this.dropForFirstLoad(client, kind);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (LOCK_GIVE_UP_CODES.has(String((error as { code?: unknown }).code))) return null;
      throw error;
    }
  }

  /**
   * Opens the transaction of a joint first load (importCustomersAndOrders) when both tables are
   * empty: locks both, as an orders first load does, checks again, and drops the customers'
   * secondary indexes. The orders' are dropped later, behind the savepoint of their part. Null,
   * with no transaction open, as for beginFirstLoad.
   */
  private async beginJointFirstLoad(client: PoolClient): Promise<FirstLoad | null> {
    const empty = async () =>
      (await client.query<{ empty: boolean }>(tableIsEmpty('customers'))).rows[0].empty &&
      (await client.query<{ empty: boolean }>(tableIsEmpty('orders'))).rows[0].empty;
    if (!(await empty())) return null;
    await client.query('BEGIN');
    try {
      for (const setting of [...TRANSACTION_SETTINGS, ...FIRST_LOAD_SETTINGS, FIRST_LOAD_LOCK_TIMEOUT]) await client.query(setting);
      await client.query(FIRST_LOAD_TABLE_LOCK.orders);
      await client.query(NO_LOCK_TIMEOUT);
      if (!(await empty())) {
        await client.query('ROLLBACK');
        return null;
      }
      return await this.dropForFirstLoad(client, 'customers');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (LOCK_GIVE_UP_CODES.has(String((error as { code?: unknown }).code))) return null;
      throw error;
    }
  }

  /** Drops the table's secondary indexes and (orders) its foreign key, to rebuild them once at the end. */
  private async dropForFirstLoad(client: PoolClient, kind: ImportKind): Promise<FirstLoad> {
    const foreignKeys = kind === 'orders' ? (await client.query(FOREIGN_KEYS, ['orders'])).rows : [];
    const indexes = (await client.query(DROPPABLE_INDEXES, [kind])).rows;
    for (const key of foreignKeys) await client.query(dropOrderForeignKey(key.name));
    for (const index of indexes) await client.query(dropIndex(index.name));
    return { staged: 0, indexes, foreignKeys };
  }

  /**
   * Ends a first load: rebuilds the dropped indexes, brings customer statistics up to date (orders),
   * re-adds the foreign key (validating every order once), refreshes the planner's statistics
   * and commits. Until the commit nobody else sees (or waits less than) any of it.
   */
  private async finishFirstLoad(
    runner: QueryRunner,
    client: PoolClient,
    kind: ImportKind,
    firstLoad: FirstLoad,
    inserted: number,
    endPhase: (name: string) => void,
    joint: JointStep | null,
  ): Promise<void> {
    // A joint load's customers keep theirs unbuilt until after the orders' statistics update.
    if (kind === 'customers' && joint) return;
    for (const index of firstLoad.indexes) await client.query(index.definition);
    endPhase('indexes');
    if (kind === 'orders') {
      let customerIndexes: IndexDefinition[];
      if (joint?.customerIndexes) {
        customerIndexes = joint.customerIndexes;
      } else {
        // Every customer with orders gets new figures: with its secondary indexes in place each
        // updated row would be inserted into all of them, in random order.
        const [{ customers }] = (await client.query<{ customers: number }>(CUSTOMERS_ESTIMATE)).rows;
        const rebuild = inserted >= REBUILD_CUSTOMER_INDEXES_SHARE * Math.max(customers, 0);
        customerIndexes = rebuild ? (await client.query<IndexDefinition>(DROPPABLE_INDEXES, ['customers'])).rows : [];
        for (const index of customerIndexes) await client.query(dropIndex(index.name));
      }
      // The external id's unique index too, when the others are rebuilt: every customer row is
      // written anew, and the index is built again from the same (unique) ids faster than kept.
      const customerUnique = customerIndexes.length > 0 ? (await client.query<IndexDefinition>(UNIQUE_INDEXES, ['customers'])).rows : [];
      for (const index of customerUnique) await client.query(dropIndex(index.name));
      await refreshCustomerStats(runner.manager, null, this.config.baseCurrency);
      endPhase('stats');
      for (const index of [...customerUnique, ...customerIndexes]) await client.query(index.definition);
      endPhase('customer_indexes');
      for (const key of firstLoad.foreignKeys) await client.query(addOrderForeignKey(key.name, key.definition));
      endPhase('foreign_key');
    }
    await client.query(ANALYZE_LOADED[kind]);
    endPhase('analyze');
    await client.query('COMMIT');
    endPhase('commit');
  }
}

function unresolvedReason(kind: ImportKind, mode: MergeMode, value: string): string {
  if (kind === 'customers') return `no staff member with email ${value}`;
  return mode.customerByEmail ? `no customer, or more than one, with email ${value}` : `no customer with external id ${value}`;
}

/** The offset after the first `lines` lines of COPY text (one line per row: line breaks in values are escaped). */
function afterLines(copy: Uint8Array, lines: number): number {
  let at = -1;
  for (let i = 0; i < lines; i++) at = copy.indexOf(0x0a, at + 1);
  return at + 1;
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await fs.stat(file);
    if (!info.isFile()) throw new ImportFileError(`${file} is not a file`);
    await fs.access(file, fs.constants.R_OK);
    return info.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function asFileError(error: unknown, file: string): unknown {
  // Malformed CSV is reported by the pieces' parser as an ImportFileError already.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')) {
    return new ImportFileError(`Cannot read ${file}: ${code}`);
  }
  return error;
}

/** The rejected-rows report: `line,external_id,field,reason`, opened on the first rejection. */
class RejectReport {
  private out: WriteStream | null = null;
  private closed = false;

  constructor(private readonly path: string) {}

  async write(line: number, externalId: string, field: string, reason: string): Promise<void> {
    if (!this.out) {
      this.out = createWriteStream(this.path);
      this.out.write('line,external_id,field,reason\n');
    }
    const ok = this.out.write(`${line},${csvField(externalId)},${csvField(field)},${csvField(reason)}\n`);
    if (!ok) await once(this.out, 'drain');
  }

  /** Finishes the report; true when it holds rows. A stale report from an earlier run is removed. */
  async close(): Promise<boolean> {
    if (this.closed) return this.out !== null;
    this.closed = true;
    if (!this.out) {
      await fs.rm(this.path, { force: true });
      return false;
    }
    const out = this.out;
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return true;
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
