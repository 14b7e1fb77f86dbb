import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Runs a named prepared statement on the connection pool behind TypeORM. PostgreSQL then plans
 * the statement once per connection (a generic plan after a few runs) instead of on every call.
 * Only for the hottest reads: planning the daily list costs ten times its execution.
 */
export async function queryPrepared<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master?: Pool }).master;
  // Another driver (or a future TypeORM) without a pg pool: the plain path gives the same rows.
  if (!pool || typeof pool.query !== 'function') return db.query(text, values);
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
