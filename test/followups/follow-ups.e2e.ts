import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, createTemplate, createTouch, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';

// 2026-06-15 is a Monday; the app's clock starts at 12:00 UTC that day.
describe('follow-ups after a call outcome', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let emma: StaffFixture;
  let template: string;
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
    template = (await createTemplate(t.db, { channel: 'call' })).key;
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-06-15T12:00:00Z'));

  const lapseTrigger = { kind: 'lapse', audience: { tier: 'gold' }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 1 };

  async function callRule(followUps: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send({
        name: `Check-in ${Math.random()}`,
        enabled: true,
        priority: 60,
        trigger: lapseTrigger,
        action: { channel: 'call', templateKey: template, sendAt: '10:00', followUps },
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function emmasCall(ruleId: string, occurrence: string, customer?: { id: string; externalId: string }) {
    const c = customer ?? (await createCustomer(t.db, { accountManagerId: emma.id }));
    const task = await createTask(t.db, c.id, { assigneeStaffId: emma.id, ruleId, occurrence });
    return { customer: c, task };
  }

  const touchesOf = (customerId: string, ruleId: string) =>
    t.db.query(
      `SELECT occurrence, state, reason, channel, priority, to_char(due_date, 'YYYY-MM-DD') AS due_date,
              to_char(local_date, 'YYYY-MM-DD') AS local_date, scheduled_at
         FROM touches WHERE customer_id = $1 AND rule_id = $2 ORDER BY id`,
      [customerId, ruleId],
    );

  const complete = (taskId: string, outcome: string) => t.http().post(`/tasks/${taskId}/complete`).set(emma.auth).send({ outcome });

  it('no_answer plans the follow-up as a touch of its own, two working days later at the send time, once', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 2, maxAttempts: 3 }]);
    const { customer, task } = await emmasCall(ruleId, 'lapse:2026-06-01:1');
    expect((await complete(task.id, 'no_answer')).status).toBe(200);
    expect((await complete(task.id, 'no_answer')).status).toBe(409);

    const touches = await touchesOf(customer.id, ruleId);
    expect(touches).toEqual([
      expect.objectContaining({ occurrence: 'lapse:2026-06-01:1', state: 'done' }),
      {
        occurrence: 'lapse:2026-06-01:1#followup-1',
        state: 'planned',
        reason: null,
        channel: 'call',
        priority: 60,
        due_date: '2026-06-17',
        // The occurrence's own date stays the original's (createTask's touch is of 2026-06-15).
        local_date: '2026-06-15',
        scheduled_at: new Date('2026-06-17T10:00:00Z'),
      },
    ]);
    const [event] = await t.db.query(
      `SELECT e.kind, e.actor_staff_id, e.detail FROM touch_events e JOIN touches t ON t.id = e.touch_id
        WHERE t.customer_id = $1 AND t.occurrence LIKE '%#followup-1'`,
      [customer.id],
    );
    expect(event).toEqual({
      kind: 'follow_up_planned',
      actor_staff_id: emma.id,
      detail: { attempt: 1, afterOutcome: 'no_answer', followsTouchId: task.touchId, afterWorkingDays: 2, state: 'planned', reason: null },
    });
  });

  it('two concurrent no_answer completions plan one follow-up', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 2 }]);
    const { customer, task } = await emmasCall(ruleId, 'lapse:2026-05-01:1');
    const answers = await Promise.all([complete(task.id, 'no_answer'), complete(task.id, 'no_answer'), complete(task.id, 'no_answer')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const followUps = (await touchesOf(customer.id, ruleId)).filter((x: { occurrence: string }) => x.occurrence.includes('#followup'));
    expect(followUps.map((x: { occurrence: string }) => x.occurrence)).toEqual(['lapse:2026-05-01:1#followup-1']);
  });

  it('a follow-up becomes a task the usual way, and the tries stop after maxAttempts', async () => {
    const ruleId = await callRule([
      { outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 2 },
      { outcome: 'left_voicemail', afterWorkingDays: 3, maxAttempts: 2 },
    ]);
    // Friday: the next working day is Monday.
    t.clock.set('2026-06-19T15:00:00Z');
    const { customer, task } = await emmasCall(ruleId, 'lapse:2026-05-02:1');
    expect((await complete(task.id, 'no_answer')).status).toBe(200);
    expect((await touchesOf(customer.id, ruleId))[1]).toMatchObject({
      occurrence: 'lapse:2026-05-02:1#followup-1',
      due_date: '2026-06-22',
    });

    t.clock.set('2026-06-22T10:00:00Z');
    const promoted = await t.http().post('/tasks/promote').set(admin.auth);
    expect(promoted.body.created).toBeGreaterThanOrEqual(1);
    const first = (await t.http().get('/tasks/today').set(emma.auth)).body.tasks.find(
      (x: { customer: { externalId: string } }) => x.customer.externalId === customer.externalId,
    );
    expect(first).toMatchObject({ kind: 'call', dueDate: '2026-06-22', followUpAttempt: 1 });
    expect((await complete(first.id, 'left_voicemail')).status).toBe(200);

    t.clock.set('2026-06-25T10:00:00Z');
    await t.http().post('/tasks/promote').set(admin.auth).expect(200);
    const second = (await t.http().get('/tasks/today').set(emma.auth)).body.tasks.find(
      (x: { customer: { externalId: string } }) => x.customer.externalId === customer.externalId,
    );
    expect(second).toMatchObject({ followUpAttempt: 2, dueDate: '2026-06-25' });
    expect((await complete(second.id, 'no_answer')).status).toBe(200);

    // The second follow-up was the last of two: nothing more.
    expect((await touchesOf(customer.id, ruleId)).map((x: { occurrence: string; state: string }) => [x.occurrence, x.state])).toEqual([
      ['lapse:2026-05-02:1', 'done'],
      ['lapse:2026-05-02:1#followup-1', 'done'],
      ['lapse:2026-05-02:1#followup-2', 'done'],
    ]);
    // Reported like any other touch of the rule.
    const report = await t.http().get(`/reports/rules?ruleId=${ruleId}&from=2026-06-01&to=2026-06-30`).set(admin.auth);
    expect(report.status).toBe(200);
    expect(report.body).toEqual([expect.objectContaining({ ruleId, tasksDone: { no_answer: 2, left_voicemail: 1 } })]);
  });

  it('reached, or a rule without a follow-up for the outcome, or a switched-off rule, plans nothing', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 2 }]);
    const reached = await emmasCall(ruleId, 'lapse:2026-05-03:1');
    expect((await complete(reached.task.id, 'reached')).status).toBe(200);
    const voicemail = await emmasCall(ruleId, 'lapse:2026-05-04:1');
    expect((await complete(voicemail.task.id, 'left_voicemail')).status).toBe(200);
    await t.http().post(`/rules/${ruleId}/disable`).set(admin.auth).expect(200);
    const off = await emmasCall(ruleId, 'lapse:2026-05-05:1');
    expect((await complete(off.task.id, 'no_answer')).status).toBe(200);
    for (const { customer } of [reached, voicemail, off]) {
      expect(await touchesOf(customer.id, ruleId)).toHaveLength(1);
    }
  });

  it('an edit of the rule leaves the planned tries alone: an outcome planned them, not the planner', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 2 }]);
    const { customer, task } = await emmasCall(ruleId, 'lapse:2026-05-08:1');
    expect((await complete(task.id, 'no_answer')).status).toBe(200);
    expect(
      (
        await t
          .http()
          .patch(`/rules/${ruleId}`)
          .set(admin.auth)
          .send({ action: { sendAt: '11:00' } })
      ).status,
    ).toBe(200);
    const run = await t.http().post('/planner/run').set(admin.auth);
    expect([run.status, run.body]).toEqual([200, expect.anything()]);
    expect((await touchesOf(customer.id, ruleId))[1]).toMatchObject({ occurrence: 'lapse:2026-05-08:1#followup-1', state: 'planned' });
  });

  it('is checked for consent: a customer who withdrew call consent gets the follow-up skipped as opted_out', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 2 }]);
    const customer = await createCustomer(t.db, {
      accountManagerId: emma.id,
      consent: { call: { status: 'withdrawn', at: '2026-06-01T00:00:00Z', source: 'test' } },
    });
    const { task } = await emmasCall(ruleId, 'lapse:2026-05-06:1', customer);
    expect((await complete(task.id, 'no_answer')).status).toBe(200);
    expect((await touchesOf(customer.id, ruleId))[1]).toMatchObject({
      occurrence: 'lapse:2026-05-06:1#followup-1',
      state: 'skipped',
      reason: 'opted_out',
    });
  });

  it('is subject to the frequency cap: three higher-priority touches that week leave it capped', async () => {
    const ruleId = await callRule([{ outcome: 'no_answer', afterWorkingDays: 2, maxAttempts: 2 }]);
    const busy = await callRule([], { priority: 90 });
    const customer = await createCustomer(t.db, { accountManagerId: emma.id });
    for (const day of ['16', '17', '18']) {
      await createTouch(t.db, customer.id, busy, {
        channel: 'call',
        priority: 90,
        scheduledAt: `2026-06-${day}T09:00:00Z`,
        localDate: `2026-06-${day}`,
      });
    }
    const { task } = await emmasCall(ruleId, 'lapse:2026-05-07:1', customer);
    expect((await complete(task.id, 'no_answer')).status).toBe(200);
    expect((await touchesOf(customer.id, ruleId))[1]).toMatchObject({
      occurrence: 'lapse:2026-05-07:1#followup-1',
      state: 'skipped',
      reason: 'capped',
    });
  });

  it('answers 422 naming the field for follow-ups that cannot be', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          channel: 'email',
          templateKey: 'birthday-email',
          sendAt: '09:00',
          followUps: [{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 1 }],
        },
        'action.followUps',
      ],
      [
        {
          channel: 'call',
          templateKey: template,
          sendAt: '09:00',
          followUps: [{ outcome: 'reached', afterWorkingDays: 1, maxAttempts: 1 }],
        },
        'action.followUps.0.outcome',
      ],
      [
        {
          channel: 'call',
          templateKey: template,
          sendAt: '09:00',
          followUps: [{ outcome: 'no_answer', afterWorkingDays: 0, maxAttempts: 1 }],
        },
        'action.followUps.0.afterWorkingDays',
      ],
      [
        {
          channel: 'call',
          templateKey: template,
          sendAt: '09:00',
          followUps: [{ outcome: 'no_answer', afterWorkingDays: 1, maxAttempts: 99 }],
        },
        'action.followUps.0.maxAttempts',
      ],
    ];
    for (const [action, field] of cases) {
      const res = await t
        .http()
        .post('/rules')
        .set(admin.auth)
        .send({ name: `Bad ${field} ${Math.random()}`, trigger: lapseTrigger, action });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
