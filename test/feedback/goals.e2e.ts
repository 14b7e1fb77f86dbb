import { DEV_SIGNING_SECRET } from '../../src/config/env';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';
import { webClient } from '../web/web-client';
import { replyTasksOf, sentWithFeedback } from './helpers';

describe('service goals: the goals API, reply times in working hours, and goal states on open reply tasks', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let nora: StaffFixture;
  let somchai: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-12-01T12:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    nora = await createStaff(t.db, { name: 'Nora New York', timeZone: 'America/New_York' });
    somchai = await createStaff(t.db, { name: 'Somchai Bangkok', timeZone: 'Asia/Bangkok' });
  });
  afterAll(() => t.close());

  const goals = () => t.http().get('/goals').set(admin.auth).expect(200);
  const auditCount = async () =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'service_goals'`))[0].n);

  /** A low score from one of `manager`'s customers at `at`: the reply task it opens. */
  async function lowScoreAt(manager: StaffFixture, at: string): Promise<string> {
    const customer = await createCustomer(t.db, { accountManagerId: manager.id });
    const { token } = await sentWithFeedback(t.db, customer.id, DEV_SIGNING_SECRET, { scheduledAt: '2026-12-01T09:00:00Z' });
    t.clock.set(at);
    await t.http().post(`/f/${token}`).type('form').send('score=1').expect(200);
    const [task] = await replyTasksOf(t.db, customer.id);
    return task.id;
  }
  const webSession = (staff: StaffFixture): Promise<string> => webClient(t).signIn(staff.token);
  const completeAt = async (manager: StaffFixture, taskId: string, at: string) => {
    t.clock.set(at);
    await t.http().post(`/tasks/${taskId}/complete`).set(manager.auth).send({ outcome: 'replied' }).expect(200);
  };

  it('has no goals and a 09:00–17:00 working day until an admin sets them; every member of staff may read them', async () => {
    const res = await t.http().get('/goals').set(nora.auth).expect(200);
    expect(res.body).toEqual({
      replyWithinMinutes: null,
      satisfactionAtLeast: null,
      workdayStart: '09:00',
      workdayEnd: '17:00',
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('refuses managers, bad values (422 naming each field) and unknown fields, changing nothing', async () => {
    await t.http().put('/goals').set(nora.auth).send({ replyWithinMinutes: 60 }).expect(403);
    const bad = await t.http().put('/goals').set(admin.auth).send({ replyWithinMinutes: 0, satisfactionAtLeast: 6 }).expect(422);
    expect(bad.body.errors).toEqual([
      { field: 'replyWithinMinutes', reason: expect.stringContaining('from 1 to 14400') },
      { field: 'satisfactionAtLeast', reason: expect.stringContaining('from 1 to 5') },
    ]);
    const types = await t.http().put('/goals').set(admin.auth).send({ replyWithinMinutes: '60', workdayStart: '9am' }).expect(422);
    expect(types.body.errors.map((e: { field: string }) => e.field)).toEqual(['replyWithinMinutes', 'workdayStart']);
    const backwards = await t.http().put('/goals').set(admin.auth).send({ workdayStart: '18:00' }).expect(422);
    expect(backwards.body.errors).toEqual([{ field: 'workdayStart', reason: 'the working day must end after it starts' }]);
    const unknown = await t.http().put('/goals').set(admin.auth).send({ responseGoal: 60 }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'responseGoal' })]);
    expect((await goals()).body.updatedAt).toBeNull();
    expect(await auditCount()).toBe(0);
  });

  it('sets goals, keeps fields left out, and audits each change', async () => {
    const set = await t.http().put('/goals').set(admin.auth).send({ replyWithinMinutes: 60, satisfactionAtLeast: 4.5 }).expect(200);
    expect(set.body).toMatchObject({
      replyWithinMinutes: 60,
      satisfactionAtLeast: 4.5,
      workdayStart: '09:00',
      workdayEnd: '17:00',
      updatedBy: admin.id,
    });
    await t.http().put('/goals').set(admin.auth).send({ workdayEnd: '17:30' }).expect(200);
    await t.http().put('/goals').set(admin.auth).send({ workdayEnd: '17:00' }).expect(200);
    expect((await goals()).body).toMatchObject({ replyWithinMinutes: 60, satisfactionAtLeast: 4.5, workdayEnd: '17:00' });
    const audit = await t.http().get('/audit?entityType=service_goals').set(admin.auth).expect(200);
    expect(audit.body.items).toHaveLength(3);
    expect(audit.body.items.at(-1)).toMatchObject({
      action: 'update',
      actorStaffId: admin.id,
      before: { replyWithinMinutes: null, satisfactionAtLeast: null },
      after: { replyWithinMinutes: 60, satisfactionAtLeast: 4.5 },
    });
  });

  it("shows an open reply task's goal on the manager's list: due by the working time it runs out, ok, near, breached", async () => {
    // Friday 20:00 in New York: the goal's hour starts Monday 09:00.
    const taskId = await lowScoreAt(nora, '2026-12-04T20:00:00-05:00');
    const goalAt = async (at: string) => {
      t.clock.set(at);
      const list = await t.http().get('/tasks/today').set(nora.auth).expect(200);
      return list.body.tasks.find((k: { id: string }) => k.id === taskId).goal;
    };
    expect(await goalAt('2026-12-05T12:00:00-05:00')).toEqual({ dueBy: '2026-12-07T15:00:00.000Z', state: 'ok', withinMinutes: 60 });
    expect((await goalAt('2026-12-07T09:30:00-05:00')).state).toBe('ok');
    expect((await goalAt('2026-12-07T09:50:00-05:00')).state).toBe('near');
    expect((await goalAt('2026-12-07T10:05:00-05:00')).state).toBe('breached');
    // The manager's own page marks it, in her zone and language.
    const session = await webSession(nora);
    const page = async (at: string) => {
      t.clock.set(at);
      return (await t.http().get('/app').set('Cookie', session).expect(200)).text;
    };
    expect(await page('2026-12-07T09:30:00-05:00')).toMatch(/<p class="goal goal-ok">Answer by [^<]*10:00[^<]*<\/p>/);
    expect(await page('2026-12-07T09:50:00-05:00')).toMatch(
      /<p class="goal goal-near"><strong class="badge">Answer soon: the response goal ends at [^<]*10:00/,
    );
    expect(await page('2026-12-07T10:05:00-05:00')).toMatch(/<p class="goal goal-breached"><strong class="badge">Past the response goal/);
    await t.http().patch('/me').set(nora.auth).send({ locale: 'vi' }).expect(200);
    expect(await page('2026-12-07T10:05:00-05:00')).toContain('Đã quá mục tiêu phản hồi');
    const one = await t.http().get(`/tasks/${taskId}`).set(nora.auth).expect(200);
    expect(one.body.goal).toMatchObject({ state: 'breached' });
    await completeAt(nora, taskId, '2026-12-07T10:05:00-05:00'); // 65 working minutes
    const done = await t.http().get(`/tasks/${taskId}`).set(nora.auth).expect(200);
    expect(done.body.goal).toBeNull();
  });

  it('reports per manager and month the median and 90th percentile in working hours, the share within the goal and satisfaction', async () => {
    // Tuesday 16:30 answered Wednesday 09:15 in New York: 30 + 15 = 45 working minutes.
    await completeAt(nora, await lowScoreAt(nora, '2026-12-08T16:30:00-05:00'), '2026-12-09T09:15:00-05:00');
    // Bangkok: Friday 16:00 answered Monday 10:00 there: 60 + 60 = 120; in New York hours it would have been 0.
    await completeAt(somchai, await lowScoreAt(somchai, '2026-12-11T16:00:00+07:00'), '2026-12-14T10:00:00+07:00');

    const res = await t.http().get('/reports/service?from=2026-12-01&to=2027-01-01').set(admin.auth).expect(200);
    expect(res.body).toEqual([
      {
        managerId: nora.id,
        manager: 'Nora New York',
        month: '2026-12',
        replies: 2,
        medianMinutes: 55,
        p90Minutes: 63,
        withinGoal: 1,
        withinGoalShare: 0.5,
        replyGoalMinutes: 60,
        feedbackAnswers: 2,
        averageScore: 1,
        satisfactionGoal: 4.5,
        meetsSatisfactionGoal: false,
      },
      expect.objectContaining({ managerId: somchai.id, month: '2026-12', replies: 1, medianMinutes: 120, p90Minutes: 120, withinGoal: 0 }),
    ]);

    const csv = await t.http().get('/reports/service?from=2026-12-01&to=2027-01-01&format=csv').set(admin.auth).expect(200);
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual([
      'manager,month,replies,medianMinutes,p90Minutes,withinGoal,withinGoalShare,replyGoalMinutes,feedbackAnswers,averageScore,satisfactionGoal,meetsSatisfactionGoal',
      'Nora New York,2026-12,2,55,63,1,0.5,60,2,1,4.5,false',
    ]);

    const hers = await t.http().get('/reports/service?from=2026-12-01&to=2027-01-01').set(nora.auth).expect(200);
    expect(hers.body.map((r: { managerId: string }) => r.managerId)).toEqual([nora.id]);
    await t.http().get('/reports/service?from=2027-01-01&to=2026-12-01').set(admin.auth).expect(400);
  });

  it('shows feedback and the service goals on the reports page', async () => {
    t.clock.set('2026-12-15T12:00:00Z');
    const session = await webSession(admin);
    const page = await t.http().get('/app/reports').set('Cookie', session).expect(200);
    expect(page.text).toContain('Customer feedback');
    expect(page.text).toMatch(
      /<tr><th scope="row">Nora New York<\/th><td>2026-12<\/td><td>2<\/td><td>55 min<\/td><td>1 h 3 min<\/td><td>50%<\/td><td>1<\/td><td>below goal<\/td><\/tr>/,
    );
    expect(page.text).toMatch(/<td>1<\/td><td>1<\/td><td>100%<\/td><td>1<\/td><td>1<\/td><td>below goal<\/td>/);

    // The customer's timeline page shows the score and the comment.
    const customer = await createCustomer(t.db, { accountManagerId: nora.id });
    const { token } = await sentWithFeedback(t.db, customer.id, DEV_SIGNING_SECRET, { scheduledAt: '2026-12-10T09:00:00Z' });
    await t.http().post(`/f/${token}`).type('form').send('score=4&comment=Quick%20%3Cb%3Edelivery%3C%2Fb%3E').expect(200);
    const timeline = await t.http().get(`/app/customers/${customer.externalId}`).set('Cookie', session).expect(200);
    expect(timeline.text).toContain('Score 4 of 5');
    expect(timeline.text).toContain('Feedback: Score 4 of 5');
    expect(timeline.text).toContain('Comment: Quick &lt;b&gt;delivery&lt;/b&gt;');
  });
});
