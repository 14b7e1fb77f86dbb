import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from '../app';

/**
 * `npm start` as a newcomer runs it: the built app in its own process, on a fresh data folder.
 * Needs `dist/` (npm test builds it first).
 */
const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  port: number;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
  return env;
}

async function start(env: Record<string, string>): Promise<Running> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [MAIN], { env: baseEnv({ PORT: String(port), ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 45_000);
    const check = () => {
      if (output.includes('Touchpoint is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, port };
}

async function stop(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

describe('npm start', () => {
  let dataDir: string;
  const pgPort = String(20000 + Math.floor(Math.random() * 9000));

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-boot-'));
    // As root the server runs as a `postgres` user, who must be able to reach the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('boots on the embedded database with demo data, prints the URLs and a token, and keeps data across restarts', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort };
    const first = await start(env);
    try {
      const printed = first.output();
      expect(printed).toContain(`http://localhost:${first.port}/docs`);
      expect(printed).toContain('Demo data loaded');
      const token = /Demo admin token:\s+(\S+)/.exec(printed)?.[1];
      expect(token).toBeDefined();

      const health = await fetch(`http://127.0.0.1:${first.port}/health`);
      expect(health.status).toBe(200);
      const me = await fetch(`http://127.0.0.1:${first.port}/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect((await me.json()).role).toBe('admin');
      const docs = await fetch(`http://127.0.0.1:${first.port}/docs/openapi.json`);
      expect(docs.status).toBe(200);
    } finally {
      await stop(first);
    }

    const second = await start(env);
    try {
      expect(second.output()).not.toContain('Demo data loaded');
      expect(second.output()).toContain('Demo admin token');
      const client = new Client({ host: '127.0.0.1', port: Number(pgPort), user: 'postgres', password: 'touchpoint', database: 'touchpoint' });
      await client.connect();
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM customers')).rows;
      await client.end();
      expect(count).toBeGreaterThan(100);
    } finally {
      await stop(second);
    }
  });

  it('uses DATABASE_URL when set and loads no demo data there', async () => {
    // A database of its own on the same server as the run's test database.
    const name = `touchpoint_boot_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    const running = await start({ DATABASE_URL: url.toString(), DATA_DIR: dataDir });
    try {
      expect(running.output()).not.toContain('Demo');
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM staff')).rows;
      await client.end();
      expect(count).toBe(0);
      expect((await fetch(`http://127.0.0.1:${running.port}/health`)).status).toBe(200);
    } finally {
      await stop(running);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('refuses to start on bad configuration and names the variable', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: baseEnv({ PORT: 'eighty', DEFAULT_TIME_ZONE: 'Mars/Olympus', DATA_DIR: dataDir }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('DEFAULT_TIME_ZONE');
    expect(result.stderr).toContain('.env.example');
  });
});
