import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from '../app';

/**
 * The built app (`dist/main.js`, made by npm test's build step) in a process of its own.
 * TOUCHPOINT_BUILD_DIR points the tests at another build output of the same tree.
 */
export const MAIN = join(process.env.TOUCHPOINT_BUILD_DIR ?? join(__dirname, '..', '..', 'dist'), 'main.js');

export interface RunningApp {
  child: ChildProcess;
  output: () => string;
  port: number;
  url: string;
}

/** Only what the app needs from the parent's environment, so the test decides the rest. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
}

/** `ownGroup`: the app leads a process group of its own, as in a terminal, where Ctrl-C signals the whole group. */
/** A port nothing listens on right now: the system's pick, so runs side by side do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(env: Record<string, string>, options: { ownGroup?: boolean } = {}): Promise<RunningApp> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: childEnv({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownGroup === true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    };
    child.stdout!.on('data', () => {
      if (output.includes('Touchpoint is running')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
    child.once('exit', onExit);
  });
  return { child, output: () => output, port, url: `http://127.0.0.1:${port}` };
}

export async function stopApp(running: RunningApp): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

/** A fresh database on the run's test server, dropped by the returned function. */
export async function scratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
