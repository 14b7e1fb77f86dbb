import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { childEnv, MAIN, scratchDatabase, startApp, stopApp } from '../support/app-process';

/** `npm start` as a newcomer runs it: the built app in its own process, on a fresh data folder. */
// Each case starts the app in a process of its own, migrations and all.
jest.setTimeout(180_000);

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
    const first = await startApp(env);
    try {
      const printed = first.output();
      expect(printed).toContain(`http://localhost:${first.port}/docs`);
      expect(printed).toContain('Demo data loaded');
      const token = /Demo admin token:\s+(\S+)/.exec(printed)?.[1];
      expect(token).toBeDefined();

      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      const me = await fetch(`${first.url}/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect((await me.json()).role).toBe('admin');
      expect((await fetch(`${first.url}/docs/openapi.json`)).status).toBe(200);
      // The demo manager's list has work at once, whatever the hour.
      const managerToken = /Demo manager token:\s+(\S+)/.exec(printed)?.[1];
      const today = await fetch(`${first.url}/tasks/today`, { headers: { Authorization: `Bearer ${managerToken}` } });
      expect(today.status).toBe(200);
      expect((await today.json()).tasks.length).toBeGreaterThan(0);
    } finally {
      await stopApp(first);
    }

    const second = await startApp(env);
    try {
      expect(second.output()).not.toContain('Demo data loaded');
      expect(second.output()).toContain('Demo admin token');
      const client = new Client({ host: '127.0.0.1', port: Number(pgPort), user: 'postgres', password: 'touchpoint', database: 'touchpoint' });
      await client.connect();
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM customers')).rows;
      await client.end();
      expect(count).toBeGreaterThan(100);
    } finally {
      await stopApp(second);
    }
  });

  it('uses DATABASE_URL when set and loads no demo data there', async () => {
    const database = await scratchDatabase('touchpoint_boot');
    const running = await startApp({ DATABASE_URL: database.url, DATA_DIR: dataDir });
    try {
      expect(running.output()).not.toContain('Demo');
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM staff')).rows;
      await client.end();
      expect(count).toBe(0);
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
    } finally {
      await stopApp(running);
      await database.drop();
    }
  });

  it('refuses to start on bad configuration and names the variable', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: childEnv({ PORT: 'eighty', DEFAULT_TIME_ZONE: 'Mars/Olympus', DATA_DIR: dataDir }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('DEFAULT_TIME_ZONE');
    expect(result.stderr).toContain('.env.example');
  });
});
