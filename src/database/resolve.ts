import { join } from 'node:path';
import { Env } from '../config/env';
import { startEmbeddedPostgres } from './embedded';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded server kept in DATA_DIR/postgres. */
export async function resolveDatabase(env: Env): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dir: join(env.DATA_DIR, 'postgres'),
    port: env.EMBEDDED_PG_PORT,
    database: 'touchpoint',
  });
  return { url: server.url, embedded: true, stop: server.stop };
}
