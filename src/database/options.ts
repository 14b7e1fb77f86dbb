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
