import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Where a statement runs: the DataSource (a pooled connection for the one statement), a
 * transaction's EntityManager, or a QueryRunner holding a connection (and perhaps a lock).
 */
export type Db = DataSource | EntityManager | QueryRunner;

/** What a statement answered: its rows (RETURNING or SELECT) and the rows it wrote or read. */
export interface SqlResult<T> {
  rows: T[];
  count: number;
}

/**
 * Runs one statement and answers its rows and row count, whatever the command. TypeORM's plain
 * `query()` answers a top-level UPDATE or DELETE with `[rows, count]` and everything else with
 * the rows; the structured result used here has both, the same way for every command.
 */
export async function run<T = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<SqlResult<T>> {
  const { runner, borrowed } = runnerOf(db);
  try {
    const result = await runner.query(sql, params, true);
    return { rows: (result.records ?? []) as T[], count: result.affected ?? 0 };
  } finally {
    if (!borrowed) await runner.release();
  }
}

/** The statement's rows, typed by the caller (the column names as SQL spells them). */
export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await run<T>(db, sql, params)).rows;
}

/** The first row, or undefined when there is none. */
export async function firstRow<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await run<T>(db, sql, params)).rows[0];
}

/** How many rows the statement wrote (UPDATE, DELETE, INSERT) or answered (SELECT). */
export async function rowCount(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await run(db, sql, params)).count;
}

/** The connection to run on: the caller's own when it holds one, else a pooled one for this statement. */
function runnerOf(db: Db): { runner: QueryRunner; borrowed: boolean } {
  if (db instanceof DataSource) return { runner: db.createQueryRunner(), borrowed: false };
  if (db instanceof EntityManager) {
    return db.queryRunner ? { runner: db.queryRunner, borrowed: true } : { runner: db.connection.createQueryRunner(), borrowed: false };
  }
  return { runner: db, borrowed: true };
}

/**
 * Runs `work` so that its failure undoes what it wrote and leaves the caller's connection usable:
 * inside a transaction under a savepoint of its own, outside one as a transaction of its own.
 * One part failing (a rule the planner cannot plan) then does not stop the parts after it.
 */
export async function isolated<T>(db: QueryRunner, name: string, work: () => Promise<T>): Promise<T> {
  const savepoint = `sp_${name.replace(/[^a-z0-9_]/gi, '_')}`;
  const nested = db.isTransactionActive;
  await db.query(nested ? `SAVEPOINT ${savepoint}` : 'BEGIN');
  try {
    const result = await work();
    await db.query(nested ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
    return result;
  } catch (error) {
    await db.query(nested ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
    throw error;
  }
}
