import { DataSource, DataSourceOptions } from 'typeorm';
import { AdvisoryLock, withLock } from './advisory-locks';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

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
    extra: { options: '-c timezone=UTC' },
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
