import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { CsvImportService } from '../../src/crm/import/import.service';
import { dataSourceOptions, runMigrations } from '../../src/database/options';
import { testDatabaseUrl } from '../app';

export interface ImportDatabase {
  db: DataSource;
  service: CsvImportService;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

/**
 * A freshly migrated database of the test file's own, with an import service on it: for tests of
 * a first load, whose tables must start empty whatever other files left in the shared one.
 */
export async function importDatabase(prefix: string): Promise<ImportDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  const db = new DataSource({ ...dataSourceOptions(url.toString(), 2), logging: false });
  await db.initialize();
  const service = new CsvImportService(db, new FixedClock(new Date('2026-06-15T12:00:00Z')), {
    defaultTimeZone: 'UTC',
    defaultLocale: 'en',
    baseCurrency: 'USD',
  });
  return {
    db,
    service,
    async drop() {
      await db.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
