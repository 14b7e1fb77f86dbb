import { Client } from 'pg';
import { MIGRATIONS } from '../../src/database/migrations';
import { testDatabaseUrl } from '../app';

/** The guarantee every other test file leans on: its rows are its own (test/setup/per-file-database.ts). */
describe('a test file on its own database', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
  });
  afterAll(() => client.end());

  it("is a clone of the run's migrated template, not the template itself", async () => {
    const template = new URL(process.env.TEST_TEMPLATE_DATABASE_URL!).pathname.slice(1);
    const [{ name }] = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows;
    expect(name).not.toBe(template);
    expect(name.startsWith(`${template}_`)).toBe(true);
    const [{ applied }] = (await client.query<{ applied: number }>('SELECT count(*)::int AS applied FROM migrations')).rows;
    expect(applied).toBe(MIGRATIONS.length);
  });

  it('holds no row another test file wrote, whichever files ran before it', async () => {
    const { rows } = await client.query<{ rows: number }>(
      `SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM rules) + (SELECT count(*) FROM touches)
            + (SELECT count(*) FROM staff) + (SELECT count(*) FROM tasks) AS rows`,
    );
    expect(Number(rows[0].rows)).toBe(0);
  });
});
