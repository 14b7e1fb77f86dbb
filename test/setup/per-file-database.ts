import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each end-to-end test file runs on a database of its own, cloned from the run's migrated
 * template (global-setup.ts) before its first test and dropped after its last. A file's rows
 * (rules, customers, touches, tasks) are then seen by no other file, whatever dates it uses:
 * the planner and the task promoter act on the whole database, and now that is the file's own.
 */
const template = process.env.TEST_TEMPLATE_DATABASE_URL;
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
const isE2e = /\.e2e\.ts$/.test(expect.getState().testPath ?? '');

if (template && adminUrl && isE2e) {
  const templateName = new URL(template).pathname.slice(1);
  const name = `${templateName}_${randomBytes(4).toString('hex')}`;
  // Set now, not in beforeAll: test files read it when their module loads.
  process.env.TEST_DATABASE_URL = Object.assign(new URL(template), { pathname: `/${name}` }).toString();

  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(() => admin(`CREATE DATABASE ${name} TEMPLATE ${templateName}`));

  // Runs after the file's own afterAll hooks (they sit in its describe blocks), when its apps are
  // closed. Without FORCE: a connection some test left open keeps the clone until global teardown
  // drops it, instead of failing that test's pool mid-file.
  afterAll(async () => {
    try {
      await admin(`DROP DATABASE IF EXISTS ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
    }
  });
}
