import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/options';
import { testDatabaseUrl } from '../app';
import { createStaff, uniqueId } from '../factories';
import { customersCsv, removeTempDir, tempDir, writeCsv } from './csv';

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
    const file = writeCsv(customersCsv([
      { external_id: `${id}-1`, account_manager_email: manager.email },
      { external_id: `${id}-2`, phone: '12' },
      { external_id: `${id}-3`, tags: 'a;b' },
    ]));

    const run = await runCli(['customers', file]);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/inserted: +2\n/);
    expect(run.stdout).toMatch(/rejected: +1 \(see .*\.rejected\.csv\)/);
    // Not a terminal: progress, if any, comes as plain lines, never a redrawn bar.
    expect(run.stderr).not.toMatch(/\r|\u001b\[/);
    expect(readFileSync(`${file}.rejected.csv`, 'utf8')).toMatch(/^line,external_id,field,reason\n3,.*-2,phone,is not a valid phone number/);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM customers WHERE external_id LIKE $1`, [`${id}-%`]);
    expect(count).toBe(2);
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

  it('survives being killed mid-import: whole chunks only, and a re-run converges to a clean import', async () => {
    const total = 12_000;
    const chunk = 200;
    const rows = (prefix: string) =>
      Array.from({ length: total }, (_, i) => ({
        external_id: `${prefix}-${i}`, first_name: `N${i}`, last_name: i % 2 ? 'Odd' : 'Even', tags: `t${i % 5};x`,
        birthday: i % 7 ? '1990-02-28' : '--02-29', consent_email: i % 3 ? 'granted' : 'withdrawn', phone: `+6681${String(1_000_000 + i)}`,
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
      db.query(
        `SELECT md5(string_agg(concat_ws('|', substr(external_id, length($1) + 1), first_name, last_name, phone, birth_year, birth_month,
                birth_day, tags::text, consent->'email'->>'status', consent->'email'->>'source', lifetime_value, order_count), ',' ORDER BY external_id)) AS digest,
                count(*)::int AS n
           FROM customers WHERE external_id LIKE $1 || '-%'`,
        [prefix],
      ).then((r: unknown[]) => r[0]);
    expect(await snapshot(crashed)).toEqual(await snapshot(clean));
    // Three child processes on a machine shared with other test runs.
  }, 180_000);
});
