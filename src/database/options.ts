import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AdvisoryLock, withLock } from './advisory-locks';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

const logger = new Logger('Database');

/**
 * A pool client that never crashes the process when its server connection ends between two
 * statements (a failover, `pg_terminate_backend`, a restart) while it is checked out: node-postgres
 * emits that as an 'error' event, and TypeORM listens only on idle clients. The client is then
 * unusable; the next statement on it fails as a lost connection (retried where that is safe) and
 * the pool drops it on release.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    // Quiet on purpose: at shutdown the server ends connections a job still held, which is no
    // fault; a statement that needed the connection fails loudly on its own.
    this.on('error', (error: Error & { code?: string }) => {
      logger.debug(`a database connection ended while checked out (${error.code ?? 'no code'})`);
    });
  }
}

/**
 * The service's own pool keeps idle connections for this long instead of node-postgres' 10 s.
 * Under a steady, light load most of the pool sits idle between bursts; closed every 10 s, the
 * next burst opened them again, and requests waiting on a fresh connection took 150–220 ms, a
 * stall every ten seconds (the daily list's open-loop bench). Idle clients do not hold the
 * process open (`allowExitOnIdle`).
 */
const SERVICE_POOL_IDLE_MS = 10 * 60_000;

/** The options of the running service's data source: dataSourceOptions with a long-lived pool. */
export function serviceDataSourceOptions(url: string): DataSourceOptions {
  const options = dataSourceOptions(url);
  return { ...options, extra: { ...(options.extra as object), idleTimeoutMillis: SERVICE_POOL_IDLE_MS, allowExitOnIdle: true } };
}

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    poolSize,
    // Time zone math happens in SQL with explicit zones; the session itself stays in UTC.
    extra: { options: '-c timezone=UTC', Client: GuardedClient },
  };
}

/** Runs pending migrations; instances booting together take turns on an advisory lock. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await dataSource.initialize();
  try {
    const applied = await withLock(dataSource, AdvisoryLock.Migrations, () => dataSource.runMigrations({ transaction: 'all' }));
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
