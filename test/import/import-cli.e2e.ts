import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/options';
import { testDatabaseUrl } from '../app';
import { createStaff, uniqueId } from '../factories';
import { customersCsv, ordersCsv, removeTempDir, tempDir, writeCsv } from './csv';

/** `npm run import` as a child process, running the TypeScript sources through swc. */
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'src/crm/import/import-cli.ts');
const REGISTER = join(ROOT, 'test/import/ts-register.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], env: Record<string, string | undefined> = {}): { child: ChildProcess; done: Promise<Run> } {
  const childEnv: Record<string, string | undefined> = { ...process.env, DATABASE_URL: testDatabaseUrl(), NODE_ENV: 'test', ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  // A folder of its own as working directory, so no developer's .env leaks into the run.
  const child = spawn(process.execPath, ['-r', REGISTER, CLI, ...args], { cwd: tempDir(), env: childEnv as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolveRun) => child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr })));
  return { child, done };
}

const runCli = (args: string[], env?: Record<string, string | undefined>) => startCli(args, env).done;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

describe('npm run import (CLI)', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 2), logging: false });
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    removeTempDir();
  });

  it('imports a file, prints the summary and writes the rejected rows, exiting 0', async () => {
    const manager = await createStaff(db);
    const id = uniqueId('cli');
    const file = writeCsv(
      customersCsv([
        { external_id: `${id}-1`, account_manager_email: manager.email },
        { external_id: `${id}-2`, phone: '12' },
        { external_id: `${id}-3`, tags: 'a;b' },
      ]),
    );

    const run = await runCli(['customers', file]);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/inserted: +2\n/);
    expect(run.stdout).toMatch(/rejected: +1 \(see .*\.rejected\.csv\)/);
    // Not a terminal: progress, if any, comes as plain lines, never a redrawn bar.
    // eslint-disable-next-line no-control-regex -- the escape that starts a terminal redraw
    expect(run.stderr).not.toMatch(/\r|\u001b\[/);
    expect(readFileSync(`${file}.rejected.csv`, 'utf8')).toMatch(
      /^line,external_id,field,reason\n3,.*-2,phone,is not a valid phone number/,
    );
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM customers WHERE external_id LIKE $1`, [`${id}-%`]);
    expect(count).toBe(2);
  });

  it('imports a Shopify customers export with --preset shopify; a second run of the same file reports 0 updated', async () => {
    const prefix = uniqueId('shop');
    const fixture = readFileSync(join(__dirname, 'fixtures/shopify-customers.csv'), 'utf8');
    // Ids and emails of its own: other tests import the same fixture.
    const file = writeCsv(fixture.replace(/'7390214561/g, `'${prefix}-`).replace(/@example\./g, `@${prefix}.example.`), 'shopify');

    const first = await runCli(['customers', file, '--preset', 'shopify']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/inserted: +6\n/);
    expect(first.stdout).toMatch(/timeZone: +given 0, address 4, phone 1, default 1\n/);
    expect(first.stdout).toMatch(/ignored columns: Default Address Company, Total Spent, Total Orders, Note, Tax Exempt\n/);

    const second = await runCli(['customers', file, '--preset', 'shopify']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/inserted: +0\n +updated: +0\n +unchanged: +6\n/);
  });

  it('refuses an unknown preset, a preset for the wrong export and a bad mapping file, saying why', async () => {
    const file = writeCsv('x\n');
    const unknown = await runCli(['customers', file, '--preset', 'salesforce']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown preset "salesforce": use shopify or hubspot/);
    const wrong = await runCli(['orders', file, '--preset', 'hubspot']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/the hubspot preset reads customers exports, not orders/);
    const both = await runCli(['customers', file, '--preset', 'shopify', '--map', 'm.json']);
    expect(both.code).toBe(2);
    const mapping = writeCsv(
      JSON.stringify({ external_id: 'Id', first_name: 'Name', email: { column: 'Mail', transform: 'upper' } }),
      'map',
    );
    const bad = await runCli(['customers', file, '--map', mapping]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Bad mapping .*\n {2}email\.transform: must be one of text, unquote/);
  });

  it('imports a customers file and an orders file in one run, each with its summary', async () => {
    const manager = await createStaff(db);
    const id = uniqueId('both');
    const customers = writeCsv(
      customersCsv([
        { external_id: `${id}-1`, account_manager_email: manager.email },
        { external_id: `${id}-2`, phone: '12' },
      ]),
    );
    const orders = writeCsv(
      ordersCsv([
        { external_id: `${id}-o1`, customer_external_id: `${id}-1`, total: '40.00' },
        { external_id: `${id}-o2`, customer_external_id: `${id}-1`, total: '2.50' },
        { external_id: `${id}-o3`, customer_external_id: `${id}-2` },
      ]),
    );

    const run = await runCli(['customers', customers, 'orders', orders]);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Imported customers from .*\n +rows: +2\n +inserted: +1\n/);
    expect(run.stdout).toMatch(/Imported orders from .*\n +rows: +3\n +inserted: +2\n/);
    // The order of the customer whose row was rejected is rejected in its turn, and reported.
    expect(readFileSync(`${orders}.rejected.csv`, 'utf8')).toMatch(new RegExp(`${id}-o3`));
    const [customer] = await db.query(`SELECT lifetime_value::float8 AS ltv, order_count FROM customers WHERE external_id = $1`, [
      `${id}-1`,
    ]);
    expect(customer).toEqual({ ltv: 42.5, order_count: 2 });
  });

  it('refuses two files in the wrong order or with a mapping file, saying why', async () => {
    const file = writeCsv('x\n');
    const reversed = await runCli(['orders', file, 'customers', file]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/customers FILE\.csv orders FILE\.csv \(customers first\)/);
    const mapped = await runCli(['customers', file, 'orders', file, '--map', 'm.json']);
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toMatch(/--map describes one file/);
    const wrongPreset = await runCli(['customers', file, 'orders', file, '--preset', 'hubspot']);
    expect(wrongPreset.code).toBe(2);
    expect(wrongPreset.stderr).toMatch(/the hubspot preset reads customers exports, not orders/);
  });

  it('exits non-zero naming the missing and unknown columns of a bad header', async () => {
    const file = writeCsv('external_id,first_name,surname\nx,Ann,B\n');
    const run = await runCli(['customers', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing column\(s\): last_name, email/);
    expect(run.stderr).toMatch(/unknown column\(s\): surname/);
  });

  it('exits non-zero on an unreadable file and on bad usage', async () => {
    const missing = await runCli(['orders', join(tempDir(), 'no-such-file.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*no-such-file\.csv: ENOENT/);
    const usage = await runCli(['products', 'x.csv']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run import/);
  });

  it('uses an embedded database when DATABASE_URL is unset, and stops it at the end', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-import-embedded-'));
    // The server runs as its own system user when the tests run as root: it must reach the folder.
    chmodSync(dataDir, 0o755);
    const port = 20000 + Math.floor(Math.random() * 20000);
    try {
      const file = writeCsv(customersCsv([{ external_id: 'e-1' }, { external_id: 'e-2' }]));
      const run = await runCli(['customers', file], { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) });
      expect(run.stderr).not.toMatch(/failed/i);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/inserted: +2\n/);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      expect(await portOpen(port)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('imports into the embedded database a running service started on the same folder, and leaves it running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-import-running-'));
    chmodSync(dataDir, 0o755);
    const port = 20000 + Math.floor(Math.random() * 20000);
    // The service's embedded server, in a process of its own as `npm start` would hold it.
    const script = `require(${JSON.stringify(join(ROOT, 'src/database/embedded.ts'))})
      .startEmbeddedPostgres({ dir: ${JSON.stringify(join(dataDir, 'postgres'))}, port: ${port}, database: 'touchpoint' })
      .then((s) => { console.log(s.url); process.on('SIGTERM', () => s.stop().then(() => process.exit(0))); });`;
    const service = spawn(process.execPath, ['-r', REGISTER, '-e', script], { cwd: tempDir() });
    const exited = new Promise((resolveExit) => service.on('close', resolveExit));
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        service.stdout!.on('data', (chunk: Buffer) => resolveUrl(chunk.toString().trim()));
        service.on('close', () => reject(new Error('the embedded server did not start')));
      });
      await runMigrations(url);
      const file = writeCsv(customersCsv([{ external_id: 'r-1' }, { external_id: 'r-2' }]));
      const run = await runCli(['customers', file], { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) });
      expect(run.stderr).not.toMatch(/failed/i);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/inserted: +2\n/);
      expect(await portOpen(port)).toBe(true);
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM customers WHERE external_id IN ('r-1', 'r-2')`);
      await client.end();
      expect(rows[0].n).toBe(2);
    } finally {
      service.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('survives being killed mid-import: whole chunks only, and a re-run converges to a clean import', async () => {
    const total = 12_000;
    const chunk = 200;
    const rows = (prefix: string) =>
      Array.from({ length: total }, (_, i) => ({
        external_id: `${prefix}-${i}`,
        first_name: `N${i}`,
        last_name: i % 2 ? 'Odd' : 'Even',
        tags: `t${i % 5};x`,
        birthday: i % 7 ? '1990-02-28' : '--02-29',
        consent_email: i % 3 ? 'granted' : 'withdrawn',
        phone: `+6681${String(1_000_000 + i)}`,
      }));
    const crashed = uniqueId('crash');
    const clean = uniqueId('clean');
    const file = writeCsv(customersCsv(rows(crashed)));
    const count = async (prefix: string): Promise<number> =>
      (await db.query(`SELECT count(*)::int AS n FROM customers WHERE external_id LIKE $1`, [`${prefix}-%`]))[0].n;

    const { child, done } = startCli(['customers', file, '--chunk-rows', String(chunk)]);
    let seen = 0;
    while (seen < chunk * 2) {
      await new Promise((r) => setTimeout(r, 10));
      seen = await count(crashed);
      if (child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const afterCrash = await count(crashed);
    expect(afterCrash).toBeGreaterThan(0);
    expect(afterCrash).toBeLessThan(total);
    expect(afterCrash % chunk).toBe(0);

    const rerun = await runCli(['customers', file, '--chunk-rows', String(chunk)]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`inserted: +${total - afterCrash}\\n`));
    // Rows the crashed run wrote are rewritten only for the time their consent was (re)stated.
    const updated = Number(/updated: +(\d+)/.exec(rerun.stdout)![1]);
    const unchanged = Number(/unchanged: +(\d+)/.exec(rerun.stdout)![1]);
    expect(updated + unchanged).toBe(afterCrash);

    expect((await runCli(['customers', writeCsv(customersCsv(rows(clean)))])).code).toBe(0);
    // Everything but the key and the moment the consent was recorded must match.
    const snapshot = (prefix: string) =>
      db
        .query(
          `SELECT md5(string_agg(concat_ws('|', substr(external_id, length($1) + 1), first_name, last_name, phone, birth_year, birth_month,
                birth_day, tags::text, consent->'email'->>'status', consent->'email'->>'source', lifetime_value, order_count), ',' ORDER BY external_id)) AS digest,
                count(*)::int AS n
           FROM customers WHERE external_id LIKE $1 || '-%'`,
          [prefix],
        )
        .then((r: unknown[]) => r[0]);
    expect(await snapshot(crashed)).toEqual(await snapshot(clean));
    // Three child processes on a machine shared with other test runs.
  }, 180_000);

  it('loads an empty table in one transaction: killed mid-load it stays empty, and a re-run equals a clean import', async () => {
    // A database of its own: the first-load path needs empty tables, which the shared one never has for long.
    const name = `touchpoint_import_first_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const parsed = new URL(testDatabaseUrl());
    parsed.pathname = `/${name}`;
    const url = parsed.toString();
    await runMigrations(url);
    const own = new Client({ connectionString: url });
    await own.connect();
    try {
      const total = 30_000;
      const rows = (prefix: string) =>
        Array.from({ length: total }, (_, i) => ({
          external_id: `${prefix}-${i}`,
          first_name: `N${i}`,
          last_name: i % 2 ? 'Odd' : 'Even',
          tags: `t${i % 5};x`,
          birthday: i % 7 ? '1990-02-28' : '--02-29',
          consent_email: i % 3 ? 'granted' : 'withdrawn',
          phone: `+6681${String(1_000_000 + i)}`,
        }));
      const file = writeCsv(customersCsv(rows('first')));
      const catalog = () =>
        own
          .query(
            `SELECT (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('customers', 'orders')) AS indexes,
                          (SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'orders'::regclass) AS constraints`,
          )
          .then((r) => r.rows[0]);
      const before = await catalog();
      const count = async (): Promise<number> => (await own.query(`SELECT count(*)::int AS n FROM customers`)).rows[0].n;

      const { child, done } = startCli(['customers', file, '--chunk-rows', '1000'], { DATABASE_URL: url });
      // The load holds its table's lock from the start to the commit.
      const loading = async () =>
        (
          await own.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                           WHERE c.relname = 'customers' AND l.mode = 'AccessExclusiveLock' AND l.granted
                             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`)
        ).rows[0].n > 0;
      while (!(await loading()) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).toBeNull();
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      // All or nothing: no row, and every index and key is back.
      expect(await count()).toBe(0);
      expect(await catalog()).toEqual(before);

      const rerun = await runCli(['customers', file, '--chunk-rows', '1000'], { DATABASE_URL: url });
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toMatch(new RegExp(`inserted: +${total}\n`));
      expect(await catalog()).toEqual(before);
      // The same rows through the chunked upsert of a table that is no longer empty.
      expect((await runCli(['customers', writeCsv(customersCsv(rows('clean')))], { DATABASE_URL: url })).code).toBe(0);
      const snapshot = (prefix: string) =>
        own
          .query(
            `SELECT md5(string_agg(concat_ws('|', substr(external_id, length($1) + 1), first_name, last_name, phone, birth_year, birth_month,
                  birth_day, tags::text, consent::text, created_at, lifetime_value, order_count), ',' ORDER BY external_id)) AS digest,
                  count(*)::int AS n
             FROM customers WHERE external_id LIKE $1 || '-%'`,
            [prefix],
          )
          .then((r) => r.rows[0]);
      const first = await snapshot('first');
      expect(first.n).toBe(total);
      // consent and created_at carry the import's time: compare the rest.
      const rest = (prefix: string) =>
        own
          .query(
            `SELECT md5(string_agg(concat_ws('|', substr(external_id, length($1) + 1), first_name, last_name, phone, birth_year, birth_month,
                  birth_day, tags::text, consent->'email'->>'status', lifetime_value, order_count), ',' ORDER BY external_id)) AS digest
             FROM customers WHERE external_id LIKE $1 || '-%'`,
            [prefix],
          )
          .then((r) => r.rows[0]);
      expect(await rest('first')).toEqual(await rest('clean'));

      // Orders into the empty orders table: one transaction too, with the last row of an id
      // winning, unknown customers rejected, statistics computed and the foreign key back.
      const orders = writeCsv(
        ordersCsv([
          { external_id: 'o-1', customer_external_id: 'first-1', total: '10.00' },
          { external_id: 'o-2', customer_external_id: 'first-1', total: '5.50', placed_at: '2026-05-02T10:00:00Z' },
          { external_id: 'o-3', customer_external_id: 'nobody' },
          { external_id: 'o-1', customer_external_id: 'first-2', total: '7.00' },
          { external_id: 'o-4', customer_external_id: 'first-2', total: '3.00', status: 'cancelled' },
        ]),
      );
      const loaded = await runCli(['orders', orders], { DATABASE_URL: url });
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toMatch(/inserted: +3\n/);
      expect(loaded.stdout).toMatch(/superseded: +1 /);
      expect(loaded.stdout).toMatch(/rejected: +1 /);
      expect(readFileSync(`${orders}.rejected.csv`, 'utf8')).toMatch(/\n4,o-3,customer_external_id,no customer with external id nobody\n/);
      const stats = await own.query(
        `SELECT external_id, lifetime_value, order_count, last_order_at FROM customers WHERE external_id IN ('first-1', 'first-2') ORDER BY 1`,
      );
      expect(stats.rows).toEqual([
        { external_id: 'first-1', lifetime_value: '5.5000', order_count: 1, last_order_at: new Date('2026-05-02T10:00:00Z') },
        { external_id: 'first-2', lifetime_value: '7.0000', order_count: 1, last_order_at: new Date('2026-05-01T03:00:00Z') },
      ]);
      expect(await catalog()).toEqual(before);
      await expect(
        own.query(`INSERT INTO orders (customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
                              VALUES (-1, 'o-x', now(), 1, 'USD', 'placed', now(), now())`),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await own.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 180_000);
});
