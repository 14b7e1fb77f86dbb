import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/options';
import { DEFAULT_RULES, loadDefaultRules } from '../../src/rules/default-rules';
import { createTestApp } from '../app';
import { createStaff } from '../factories';

/**
 * Default rules load only into an empty rules table, so these tests get a database of their
 * own on the run's server instead of emptying the shared one.
 */
describe('default rules', () => {
  const sharedUrl = process.env.TEST_DATABASE_URL!;
  const name = `tp_defaults_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(sharedUrl), { pathname: `/${name}` }).toString();

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: sharedUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    await runMigrations(url);
  });
  afterAll(async () => {
    process.env.TEST_DATABASE_URL = sharedUrl;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it('boots without default rules under test unless asked, then loads them once, enabled, as version 1', async () => {
    process.env.TEST_DATABASE_URL = url;
    try {
      const quiet = await createTestApp();
      const [{ n }] = await quiet.db.query(`SELECT count(*)::int AS n FROM rules`);
      await quiet.close();
      expect(n).toBe(0);

      const app = await createTestApp({ env: { DEFAULT_RULES: 'on' } });
      try {
        const staff = await createStaff(app.db, { role: 'admin' });
        const rules = await app.http().get('/rules').set(staff.auth).expect(200);
        expect(rules.body.map((r: { name: string; enabled: boolean; version: number }) => [r.name, r.enabled, r.version]).sort()).toEqual(
          DEFAULT_RULES.map((r) => [r.name, true, 1]).sort(),
        );
        const versions = await app.http().get(`/rules/${rules.body[0].id}/versions`).set(staff.auth).expect(200);
        expect(versions.body).toEqual([
          expect.objectContaining({ version: 1, change: 'created', changedBy: null, changedAt: '2026-06-15T12:00:00.000Z' }),
        ]);
        // Written as POST /rules writes a rule: the version holds the whole rule, conditions and limits included.
        const posted = await app
          .http()
          .post('/rules')
          .set(staff.auth)
          .send({
            name: 'A rule through the API',
            trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
            action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
          })
          .expect(201);
        const postedVersions = await app.http().get(`/rules/${posted.body.id}/versions`).set(staff.auth).expect(200);
        expect(Object.keys(versions.body[0].snapshot).sort()).toEqual(Object.keys(postedVersions.body[0].snapshot).sort());
        expect(versions.body[0].snapshot).toEqual(
          expect.objectContaining({ id: rules.body[0].id, conditions: rules.body[0].conditions, limits: {}, enabled: true }),
        );
        // The shipped templates the defaults name were loaded first, with the same channels.
        const found = await app.db.query(`SELECT key, channel FROM templates WHERE key = ANY($1::text[]) ORDER BY key`, [
          DEFAULT_RULES.map((r) => r.action.templateKey),
        ]);
        expect(found).toEqual(
          DEFAULT_RULES.map((r) => ({ key: r.action.templateKey, channel: r.action.channel })).sort((a, b) => a.key.localeCompare(b.key)),
        );
      } finally {
        await app.close();
      }
    } finally {
      process.env.TEST_DATABASE_URL = sharedUrl;
    }
  });

  it('inserts nothing when rules exist, also with two instances at once', async () => {
    const one = new DataSource(dataSourceOptions(url, 2));
    const two = new DataSource(dataSourceOptions(url, 2));
    await Promise.all([one.initialize(), two.initialize()]);
    try {
      await one.query(`DELETE FROM rules`);
      const now = new Date('2026-07-01T00:00:00Z');
      const results = await Promise.all([loadDefaultRules(one.manager, now), loadDefaultRules(two.manager, now)]);
      expect(results.sort()).toEqual([0, DEFAULT_RULES.length]);
      expect(await loadDefaultRules(one.manager, now)).toBe(0);
      const [{ rules, versions }] = await one.query(
        `SELECT (SELECT count(*)::int FROM rules) AS rules, (SELECT count(*)::int FROM rule_versions) AS versions`,
      );
      expect({ rules, versions }).toEqual({ rules: DEFAULT_RULES.length, versions: DEFAULT_RULES.length });
    } finally {
      await Promise.all([one.destroy(), two.destroy()]);
    }
  });
});
