import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, MAIN, scratchDatabase, startApp, stopApp } from '../support/app-process';

/** `npm run admin`: the way into a new installation, on the operator's own PostgreSQL or the embedded one. */
jest.setTimeout(180_000);

const ADMIN_CLI = join(MAIN, '..', 'staff', 'admin-cli.js');

function admin(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [ADMIN_CLI, ...args], { env: childEnv(env), encoding: 'utf8', timeout: 60_000 });
  const lines = result.stdout.trimEnd().split('\n');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: lines[lines.length - 1] };
}

async function me(url: string, token: string): Promise<{ status: number; body: { role?: string; name?: string } }> {
  const response = await fetch(`${url}/me`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { role?: string; name?: string } };
}

describe('npm run admin', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-admin-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the first admin on an empty DATABASE_URL server; the token on the last line works on /me', async () => {
    const database = await scratchDatabase('touchpoint_admin');
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    try {
      const created = admin(['create', '--email', 'Ana.Ruiz@Example.com', '--name', 'Ana Ruiz', '--time-zone', 'Europe/Madrid'], env);
      expect(created.stderr).toBe('');
      expect(created.status).toBe(0);
      expect(created.lastLine).toMatch(/^tp_[A-Za-z0-9_-]+$/);

      const again = admin(['create', '--email', 'ana.ruiz@example.com', '--name', 'Ana Again'], env);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('email is already in use');
      expect(again.stdout).toBe('');

      const second = admin(['token', '--email', 'ANA.RUIZ@example.com', '--token-name', 'laptop'], env);
      expect(second.status).toBe(0);
      expect(second.lastLine).toMatch(/^tp_[A-Za-z0-9_-]+$/);
      expect(second.lastLine).not.toBe(created.lastLine);

      const running = await startApp(env);
      try {
        for (const token of [created.lastLine, second.lastLine]) {
          const answer = await me(running.url, token);
          expect(answer.status).toBe(200);
          expect(answer.body).toMatchObject({ role: 'admin', name: 'Ana Ruiz' });
        }
      } finally {
        await stopApp(running);
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses bad input with the field and reason, and writes nothing', async () => {
    const database = await scratchDatabase('touchpoint_admin_bad');
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    try {
      const badEmail = admin(['create', '--email', 'not-an-email', '--name', 'Ana'], env);
      expect(badEmail.status).toBe(2);
      expect(badEmail.stderr).toContain('email must be an email');
      const badZone = admin(['create', '--email', 'ana@example.com', '--name', 'Ana', '--time-zone', '+07:00'], env);
      expect(badZone.status).toBe(2);
      expect(badZone.stderr).toContain('timeZone must be an IANA time zone');
      const unknown = admin(['token', '--email', 'nobody@example.com'], env);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('No active admin has the email nobody@example.com');
      const usage = admin(['create', '--name', 'Ana'], env);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('--email is required');
      expect(usage.stderr).toContain('Usage: npm run admin');

      const { Client } = await import('pg');
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const counts = await client.query(
        'SELECT (SELECT count(*) FROM staff)::int AS staff, (SELECT count(*) FROM api_tokens)::int AS tokens',
      );
      await client.end();
      expect(counts.rows[0]).toEqual({ staff: 0, tokens: 0 });
    } finally {
      await database.drop();
    }
  });

  it('works on the embedded database too', async () => {
    const embeddedDir = mkdtempSync(join(tmpdir(), 'touchpoint-admin-embedded-'));
    chmodSync(embeddedDir, 0o755);
    const env = { DATA_DIR: embeddedDir, EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 9000)), DEMO_DATA: 'off' };
    try {
      const created = admin(['create', '--email', 'lee@example.com', '--name', 'Lee Park'], env);
      expect(created.stderr).toBe('');
      expect(created.status).toBe(0);
      const running = await startApp(env);
      try {
        expect((await me(running.url, created.lastLine)).status).toBe(200);
      } finally {
        await stopApp(running);
      }
    } finally {
      rmSync(embeddedDir, { recursive: true, force: true });
    }
  });
});
