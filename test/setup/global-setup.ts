import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded';
import { runMigrations } from '../../src/database/options';
import { testState } from './state';

/**
 * One migrated template database per test run: a fresh database on DATABASE_URL's server when it
 * is set, else an embedded server of the run's own on a free port. Runs never share a database,
 * and each test file works on a clone of the template of its own (see per-file-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const serverUrl = process.env.DATABASE_URL;
  const name = `touchpoint_test_${randomBytes(5).toString('hex')}`;
  let url: string;
  let adminUrl: string;
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(serverUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    adminUrl = serverUrl;
    testState.set({ mode: 'server', url, serverUrl, name });
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-test-pg-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = await startEmbeddedPostgres({ dir, port, database: name });
    url = server.url;
    adminUrl = Object.assign(new URL(url), { pathname: '/postgres' }).toString();
    testState.set({ mode: 'embedded', url, dir, stop: server.stop });
  }
  // The migration connection is closed when this returns: a database is cloned only while
  // nobody is connected to it.
  await runMigrations(url);
  process.env.TEST_TEMPLATE_DATABASE_URL = url;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.stdout.write(`\n[test db] ${serverUrl ? 'DATABASE_URL server' : 'embedded'}: ${name} ready in ${Date.now() - started} ms\n`);
}
