import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
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
      const client = new Client({
        host: '127.0.0.1',
        port: Number(pgPort),
        user: 'postgres',
        password: 'touchpoint',
        database: 'touchpoint',
      });
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

  it('writes one access line per request at the default log level: method, route, status, duration, request id', async () => {
    const database = await scratchDatabase('touchpoint_access');
    const running = await startApp({ DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'log' });
    try {
      await fetch(`${running.url}/health`, { headers: { 'X-Request-Id': 'access-line-1' } });
      await fetch(`${running.url}/customers/some-one@example.com`, { headers: { 'X-Request-Id': 'access-line-2' } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = running
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((line) => line.requestId === 'access-line-1')).toEqual([
        expect.objectContaining({ level: 'log', method: 'GET', route: '/health', status: 200, ms: expect.any(Number) }),
      ]);
      const refused = lines.filter((line) => line.requestId === 'access-line-2');
      expect(refused).toEqual([expect.objectContaining({ method: 'GET', route: '/customers/:externalId', status: 401 })]);
      // The route pattern, never the URL: ids and addresses stay out of the log.
      expect(running.output()).not.toContain('some-one@example.com');
    } finally {
      await stopApp(running);
      await database.drop();
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops on %s without an error line and exits 0, embedded database included', async (signal) => {
    const stopDir = mkdtempSync(join(tmpdir(), 'touchpoint-stop-'));
    chmodSync(stopDir, 0o755);
    const running = await startApp(
      {
        DATA_DIR: stopDir,
        EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 9000)),
        LOG_LEVEL: 'log',
        DISPATCH_INTERVAL_SECONDS: '1',
      },
      { ownGroup: true },
    );
    try {
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
      // As a terminal's Ctrl-C does, the signal goes to the whole process group: the database the
      // app started must outlive the app's own shutdown rather than die under its work in flight.
      process.kill(-running.child.pid!, signal);
      expect(await exited).toBe(0);
      const errors = running
        .output()
        .split('\n')
        .filter((line) => /"level":"(error|warn)"|\bError:|terminating connection/.test(line));
      expect(errors).toEqual([]);
    } finally {
      await stopApp(running);
      rmSync(stopDir, { recursive: true, force: true });
    }
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('starts as root from a folder only root can enter (mode 700), keeping the data across restarts', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'touchpoint-private-'));
    chmodSync(privateDir, 0o700);
    const projectData = join(privateDir, 'project', 'data');
    const env = { DATA_DIR: projectData, EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 9000)), DEMO_DATA: 'off' };
    let relocated: string | undefined;
    try {
      const first = await startApp(env);
      try {
        expect((await fetch(`${first.url}/health`)).status).toBe(200);
        relocated = realpathSync(join(projectData, 'postgres'));
        expect(relocated.startsWith(privateDir)).toBe(false);
      } finally {
        await stopApp(first);
      }
      const second = await startApp(env);
      try {
        expect((await fetch(`${second.url}/health`)).status).toBe(200);
        expect(realpathSync(join(projectData, 'postgres'))).toBe(relocated);
      } finally {
        await stopApp(second);
      }
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
      if (relocated) rmSync(relocated, { recursive: true, force: true });
    }
  });
});
