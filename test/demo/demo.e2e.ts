import { DateTime } from 'luxon';
import { validateEnv } from '../../src/config/env';
import { runMigrations } from '../../src/database/options';
import { DEMO_ADMIN_TOKEN, DEMO_MANAGERS, seedDemoIfEmpty } from '../../src/demo/seed';
import { SESSION_COOKIE } from '../../src/web/web-session';
import { createTestApp, TestApp } from '../app';
import { scratchDatabase } from '../support/app-process';

/**
 * The demo set as a newcomer meets it: loaded into an empty database at some hour of the day,
 * then the app's first promoter run. Each case has a database of its own.
 */
jest.setTimeout(120_000);

interface TaskItem {
  dueDate: string;
  kind: string;
  overdue: boolean;
}

interface UpliftItem {
  rule: string;
  result: { enough: boolean; conversionUplift?: { estimate: number; low: number; high: number } };
}

const emma = DEMO_MANAGERS.find((person) => person.name.startsWith('Emma'))!;

describe('the demo data set on first start', () => {
  // In New York: Sunday evening; Tuesday 23:30 (already Wednesday in UTC); Wednesday evening;
  // Thursday 06:00, before her working day has begun.
  it.each([
    ['2026-12-07T01:00:00Z', false],
    ['2026-12-09T04:30:00Z', true],
    ['2026-12-09T23:00:00Z', true],
    ['2026-12-10T11:00:00Z', true],
  ])('at %s Emma has work on her list, and the uplift report has a figure with an interval', async (now, workingDay) => {
    const database = await scratchDatabase('touchpoint_demo');
    let t: TestApp | undefined;
    try {
      await runMigrations(database.url);
      const demo = await seedDemoIfEmpty(database.url, validateEnv({ NODE_ENV: 'test', CLOCK_START: now }));
      expect(demo?.seeded).toBe(true);

      t = await createTestApp({ now, databaseUrl: database.url });
      const admin = { Authorization: `Bearer ${DEMO_ADMIN_TOKEN}` };
      const manager = { Authorization: `Bearer ${emma.token}` };
      // What the app does right after loading the demo set.
      const promoted = await t.http().post('/tasks/promote').set(admin).expect(200);
      expect(promoted.body.created).toBeGreaterThan(0);

      const today = DateTime.fromISO(now, { zone: emma.timeZone }).toISODate();
      const list = await t.http().get('/tasks/today').set(manager).expect(200);
      expect(list.body.date).toBe(today);
      const tasks: TaskItem[] = list.body.tasks;
      expect(tasks.length).toBeGreaterThan(0);
      expect(tasks.some((task) => task.overdue)).toBe(true);
      // A customer's answer waits on top, whatever the day.
      expect(tasks[0].kind).toBe('reply');
      expect(tasks.filter((task) => task.kind === 'reply')).toHaveLength(1);
      // On a working day, calls and cards due that very day; at a weekend they wait for Monday.
      if (workingDay) {
        const dueToday = tasks.filter((task) => task.dueDate === today && task.kind !== 'reply');
        expect(new Set(dueToday.map((task) => task.kind))).toEqual(new Set(['call', 'card']));
      }

      // The shop's report: a manager's own share of the holdout depends on the draw, which hashes
      // the rule's id (new with every seed), so her figure alone may fall under the threshold.
      const report = await t.http().get('/reports/uplift').set(admin).expect(200);
      const measured = (report.body as UpliftItem[]).filter((row) => row.result.enough);
      expect(measured.length).toBeGreaterThan(0);
      for (const row of measured) {
        const { estimate, low, high } = row.result.conversionUplift!;
        expect(low).toBeLessThanOrEqual(estimate);
        expect(high).toBeGreaterThanOrEqual(estimate);
        expect(high).toBeGreaterThan(low);
      }

      // The holdout the demo gives its email rules is a rule change like any other: a version of its own.
      const rules: { id: string; name: string }[] = (await t.http().get('/rules').set(admin).expect(200)).body;
      const birthdayEmail = rules.find((rule) => rule.name === 'Birthday email')!;
      const versions = await t.http().get(`/rules/${birthdayEmail.id}/versions`).set(admin).expect(200);
      expect(versions.body.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
        [1, 'created'],
        [2, 'updated'],
      ]);
      expect(versions.body[1].snapshot.limits).toEqual({ holdoutPercent: 20 });

      // The page signs in through its form, as a browser does; the cookie holds the session it opens.
      const signIn = await t
        .http()
        .post('/app/sign-in')
        .set('Host', 'touchpoint.test')
        .set('Origin', 'http://touchpoint.test')
        .type('form')
        .send({ token: DEMO_ADMIN_TOKEN })
        .expect(303);
      const session = String(signIn.headers['set-cookie'][0]).split(';')[0];
      expect(session.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
      const page = await t.http().get('/app/reports').set('Cookie', session).expect(200);
      expect(page.text).toContain('95% interval');
    } finally {
      await t?.close();
      await database.drop();
    }
  });
});
