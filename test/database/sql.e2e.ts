import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/options';
import { Db, firstRow, rowCount, rows, run } from '../../src/database/sql';
import { testDatabaseUrl } from '../app';

/** The statement runner answers rows and counts the same way for every command and every kind of `Db`. */
describe('typed statements', () => {
  let db: DataSource;
  const table = `sql_runner_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 3), logging: false });
    await db.initialize();
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL)`);
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.destroy();
  });
  beforeEach(async () => {
    await db.query(`DELETE FROM ${table}`);
    await db.query(`INSERT INTO ${table} VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
  });

  it('answers the rows of a bare UPDATE ... RETURNING (TypeORM alone answers [rows, count])', async () => {
    expect(await db.query(`UPDATE ${table} SET name = name || '!' WHERE id < 3 RETURNING id`)).toEqual([[{ id: 1 }, { id: 2 }], 2]);
    const updated = await rows<{ id: number; name: string }>(db, `UPDATE ${table} SET name = name || '?' WHERE id < 3 RETURNING id, name`);
    expect(updated.sort((x, y) => x.id - y.id)).toEqual([
      { id: 1, name: 'a!?' },
      { id: 2, name: 'b!?' },
    ]);
  });

  it('answers the rows of a bare DELETE ... RETURNING, an INSERT and a SELECT alike', async () => {
    expect(await rows(db, `DELETE FROM ${table} WHERE id = $1 RETURNING name`, [3])).toEqual([{ name: 'c' }]);
    expect(await rows(db, `INSERT INTO ${table} VALUES (4, 'd') RETURNING id`)).toEqual([{ id: 4 }]);
    expect(await rows(db, `SELECT name FROM ${table} WHERE id = 4`)).toEqual([{ name: 'd' }]);
    expect(await rows(db, `UPDATE ${table} SET name = 'x' WHERE id = 99`)).toEqual([]);
  });

  it('counts the rows a statement wrote, without RETURNING', async () => {
    expect(await rowCount(db, `UPDATE ${table} SET name = 'x' WHERE id >= $1`, [2])).toBe(2);
    expect(await rowCount(db, `DELETE FROM ${table} WHERE id = 99`)).toBe(0);
    expect(await rowCount(db, `INSERT INTO ${table} VALUES (5, 'e'), (6, 'f') ON CONFLICT DO NOTHING`)).toBe(2);
    expect(await run(db, `SELECT id FROM ${table} WHERE id > 4 ORDER BY id`)).toEqual({ rows: [{ id: 5 }, { id: 6 }], count: 2 });
  });

  it('answers the first row, or undefined', async () => {
    expect(await firstRow<{ name: string }>(db, `SELECT name FROM ${table} ORDER BY id`)).toEqual({ name: 'a' });
    expect(await firstRow(db, `SELECT name FROM ${table} WHERE id = 99`)).toBeUndefined();
  });

  it("runs inside the caller's transaction: its writes are seen there and rolled back with it", async () => {
    await expect(
      db.transaction(async (tx) => {
        expect(await rowCount(tx, `UPDATE ${table} SET name = 'in-tx' WHERE id = 1`)).toBe(1);
        expect(await firstRow(tx, `SELECT name FROM ${table} WHERE id = 1`)).toEqual({ name: 'in-tx' });
        // Another connection does not see it before the commit.
        expect(await firstRow(db, `SELECT name FROM ${table} WHERE id = 1`)).toEqual({ name: 'a' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await firstRow(db, `SELECT name FROM ${table} WHERE id = 1`)).toEqual({ name: 'a' });
  });

  it("runs on a QueryRunner's own connection and on a manager without a transaction", async () => {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      const [{ pid }] = await rows<{ pid: number }>(runner, 'SELECT pg_backend_pid() AS pid');
      const again = await firstRow<{ pid: number }>(runner, 'SELECT pg_backend_pid() AS pid');
      expect(again?.pid).toBe(pid);
    } finally {
      await runner.release();
    }
    const manager: Db = db.manager;
    expect(await rowCount(manager, `UPDATE ${table} SET name = 'm' WHERE id = 2`)).toBe(1);
  });

  it('lets a failing statement through as an error, and frees the pooled connection', async () => {
    for (let i = 0; i < 5; i += 1) {
      await expect(rows(db, `SELECT * FROM ${table}_missing`)).rejects.toThrow(/does not exist/);
    }
    expect(await rowCount(db, `SELECT 1`)).toBe(1);
  });

  it('survives a connection ended while checked out between statements: the process goes on, the pool replaces it', async () => {
    // A client straight from the pool, as the import and prepared statements use it: nothing of
    // TypeORM's listens on it while it is checked out.
    const pool = (db.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    // An 'error' event with no listener throws, out of any request, and ends the process.
    expect(client.listenerCount('error')).toBeGreaterThan(0);
    const crashes: unknown[] = [];
    const onUncaught = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const {
        rows: [{ pid }],
      } = await client.query('SELECT pg_backend_pid() AS pid');
      const [{ cut }] = await db.query('SELECT pg_terminate_backend($1) AS cut', [pid]);
      expect(cut).toBe(true);
      // The server's goodbye reaches the idle, checked-out client.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat|Connection/i);
    } finally {
      client.release(true);
      process.off('uncaughtException', onUncaught);
    }
    expect(crashes).toEqual([]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
