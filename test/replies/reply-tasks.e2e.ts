import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';
import { IncomingReply, ReplyTasksService } from '../../src/tasks/reply-tasks.service';
import { replyTasksOf, sentTouch } from './helpers';

describe('reply tasks: one open task per customer and touch answered', () => {
  let t: TestApp;
  let replies: ReplyTasksService;
  let emma: StaffFixture;
  beforeAll(async () => {
    // 12:00 UTC on Monday June 15th.
    t = await createTasksApp();
    replies = t.app.get(ReplyTasksService);
    emma = await createStaff(t.db, { name: 'Emma Clarke', timeZone: 'Asia/Bangkok' });
  });
  afterAll(() => t.close());

  const reply = (over: Partial<IncomingReply> & { customerId: string }): IncomingReply => ({
    touchId: null,
    text: 'Thank you so much!',
    source: 'email',
    receivedAt: t.clock.now(),
    ...over,
  });
  const open = (input: IncomingReply) => t.db.transaction((m) => replies.openOrAppend(m, input));

  async function emmasCustomer() {
    const customer = await createCustomer(t.db, { accountManagerId: emma.id });
    const touch = await sentTouch(t.db, customer.id);
    return { customer, touch };
  }

  it('opens a task for the account manager, due their today, ranked above every call, with the words and the touch answered', async () => {
    const { customer, touch } = await emmasCustomer();
    const overdueCall = await createTask(t.db, customer.id, { assigneeStaffId: emma.id, dueDate: '2026-06-12', priority: 1000 });
    const result = await open(reply({ customerId: customer.id, touchId: touch.id, subject: 'Re: Happy birthday, Ada' }));
    expect(result).toMatchObject({ opened: true, assigneeStaffId: emma.id, dueDate: '2026-06-15', touchId: touch.id });

    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task).toMatchObject({
      id: result.taskId,
      touch_id: touch.id,
      state: 'open',
      assignee_staff_id: emma.id,
      due_date: '2026-06-15',
    });
    expect(task.priority).toBeGreaterThan(1060);
    expect(task.reply_received_at).toEqual(t.clock.now());
    expect(task.talking_points.reply).toEqual({
      answers: {
        touchId: touch.id,
        channel: 'email',
        sentAt: '2026-06-14T09:00:00.000Z',
        subject: 'Happy birthday, Ada',
        text: 'Dear Ada, many happy returns.',
      },
      messages: [
        { source: 'email', text: 'Thank you so much!', receivedAt: t.clock.now().toISOString(), subject: 'Re: Happy birthday, Ada' },
      ],
      messageCount: 1,
    });
    const events = await t.db.query(`SELECT kind, touch_id::text, detail FROM touch_events WHERE customer_id = $1`, [customer.id]);
    expect(events).toEqual([
      { kind: 'reply_task_opened', touch_id: touch.id, detail: { taskId: result.taskId, source: 'email', assigneeStaffId: emma.id } },
    ]);

    const list = await t.http().get('/tasks/today').set(emma.auth);
    expect(list.status).toBe(200);
    const ids = list.body.tasks.map((x: { id: string }) => x.id);
    expect(ids.indexOf(result.taskId)).toBeLessThan(ids.indexOf(overdueCall.id));
    const listed = list.body.tasks.find((x: { id: string }) => x.id === result.taskId);
    expect(listed).toMatchObject({
      kind: 'reply',
      touchId: touch.id,
      talkingPoints: null,
      reply: {
        receivedAt: t.clock.now().toISOString(),
        messageCount: 1,
        messages: [{ source: 'email', text: 'Thank you so much!' }],
        answers: { touchId: touch.id, subject: 'Happy birthday, Ada' },
      },
    });
    const onlyReplies = await t.http().get('/tasks/today?kind=reply').set(emma.auth);
    expect(onlyReplies.body.tasks.map((x: { id: string }) => x.id)).toEqual([result.taskId]);
  });

  it('a second reply to the same touch joins the open task; after it is done, a reply opens a new one', async () => {
    const { customer, touch } = await emmasCustomer();
    const first = await open(reply({ customerId: customer.id, touchId: touch.id, text: 'Thanks!' }));
    t.clock.advance(60_000);
    const second = await open(reply({ customerId: customer.id, touchId: touch.id, text: 'Also, can you call me?', source: 'sms' }));
    expect(second).toMatchObject({ taskId: first.taskId, opened: false });
    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task.talking_points.reply.messages.map((x) => [x.source, x.text])).toEqual([
      ['email', 'Thanks!'],
      ['sms', 'Also, can you call me?'],
    ]);
    expect(task.talking_points.reply.messageCount).toBe(2);
    // Response times run from the first reply.
    expect(task.reply_received_at).toEqual(new Date(t.clock.now().getTime() - 60_000));

    const wrong = await t.http().post(`/tasks/${first.taskId}/complete`).set(emma.auth).send({ outcome: 'reached' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      { field: 'outcome', reason: 'must be one of replied, called_back, no_action_needed for a reply task' },
    ]);
    const done = await t
      .http()
      .post(`/tasks/${first.taskId}/complete`)
      .set(emma.auth)
      .send({ outcome: 'called_back', note: 'Booked a fitting' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', outcome: 'called_back', note: 'Booked a fitting', kind: 'reply' });
    // The touch answered is history: completing its reply leaves it as it was.
    const [touchRow] = await t.db.query(`SELECT state FROM touches WHERE id = $1`, [touch.id]);
    expect(touchRow.state).toBe('delivered');
    const [completed] = await t.db.query(
      `SELECT touch_id::text, detail FROM touch_events WHERE customer_id = $1 AND kind = 'task_completed'`,
      [customer.id],
    );
    expect(completed).toEqual({
      touch_id: touch.id,
      detail: { taskId: first.taskId, kind: 'reply', outcome: 'called_back', note: 'Booked a fitting' },
    });

    const third = await open(reply({ customerId: customer.id, touchId: touch.id, text: 'See you Friday' }));
    expect(third.opened).toBe(true);
    expect(third.taskId).not.toBe(first.taskId);
    expect((await replyTasksOf(t.db, customer.id)).map((x) => x.state)).toEqual(['done', 'open']);

    // The timeline shows a touch with several reply tasks (one per conversation) without trouble.
    const timeline = await t.http().get(`/customers/${customer.externalId}/timeline`).set(emma.auth);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.some((e: { kind: string }) => e.kind === 'reply_task_opened')).toBe(true);
  });

  it('replies to different touches make different tasks; a reply with no touch has one open task per customer', async () => {
    const { customer, touch } = await emmasCustomer();
    const other = await sentTouch(t.db, customer.id, 'sms');
    const a = await open(reply({ customerId: customer.id, touchId: touch.id }));
    const b = await open(reply({ customerId: customer.id, touchId: other.id }));
    const c = await open(reply({ customerId: customer.id, touchId: null, text: 'one' }));
    const d = await open(reply({ customerId: customer.id, touchId: null, text: 'two' }));
    expect(new Set([a.taskId, b.taskId, c.taskId]).size).toBe(3);
    expect(d).toMatchObject({ taskId: c.taskId, opened: false, touchId: null });
  });

  it("another customer's touch is not linked", async () => {
    const { touch } = await emmasCustomer();
    const { customer } = await emmasCustomer();
    const result = await open(reply({ customerId: customer.id, touchId: touch.id }));
    expect(result.touchId).toBeNull();
    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task.touch_id).toBeNull();
    expect(task.talking_points.reply.answers).toBeNull();
  });

  it('goes to the backup when the manager is away, and to the pool when both are', async () => {
    const backup = await createStaff(t.db, { name: 'Bao Backup', timeZone: 'UTC' });
    const away = await createStaff(t.db, { awayFrom: '2026-06-10', awayUntil: '2026-06-20', backupStaffId: backup.id });
    const customer = await createCustomer(t.db, { accountManagerId: away.id });
    expect(await open(reply({ customerId: customer.id }))).toMatchObject({ assigneeStaffId: backup.id, dueDate: '2026-06-15' });

    const awayBackup = await createStaff(t.db, { awayFrom: '2026-06-01' });
    const bothAway = await createStaff(t.db, { awayFrom: '2026-06-10', backupStaffId: awayBackup.id });
    const pooled = await createCustomer(t.db, { accountManagerId: bothAway.id, timeZone: 'Pacific/Kiritimati' });
    // The pool's day is the customer's: 12:00 UTC is 02:00 on the 16th in Kiritimati (UTC+14).
    expect(await open(reply({ customerId: pooled.id }))).toMatchObject({ assigneeStaffId: null, dueDate: '2026-06-16' });
    const pool = await t.http().get('/tasks/pool?kind=reply').set(emma.auth);
    expect(pool.status).toBe(200);
    expect(pool.body.tasks.some((x: { customer: { externalId: string } }) => x.customer.externalId === pooled.externalId)).toBe(true);
  });

  it('two replies arriving at the same moment make one task: the second waits for the first and joins it', async () => {
    const { customer, touch } = await emmasCustomer();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstOpened!: () => void;
    const firstDone = new Promise<void>((resolve) => (firstOpened = resolve));
    const first = t.db.transaction(async (m) => {
      const result = await replies.openOrAppend(m, reply({ customerId: customer.id, touchId: touch.id, text: 'first' }));
      firstOpened();
      await held;
      return result;
    });
    await firstDone;
    let secondSettled = false;
    const second = open(reply({ customerId: customer.id, touchId: touch.id, text: 'second' })).finally(() => (secondSettled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSettled).toBe(false);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.opened).toBe(true);
    expect(b).toMatchObject({ taskId: a.taskId, opened: false });
    const tasks = await replyTasksOf(t.db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messages.map((x) => x.text)).toEqual(['first', 'second']);
  });

  it('many at once, without coordination, still make one task holding every message', async () => {
    const { customer, touch } = await emmasCustomer();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => open(reply({ customerId: customer.id, touchId: touch.id, text: `message ${i}` }))),
    );
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    const tasks = await replyTasksOf(t.db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messageCount).toBe(6);
    expect(tasks[0].talking_points.reply.messages.map((x) => x.text).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `message ${i}`));
  });

  it('keeps the last 20 messages on the task and counts them all', async () => {
    const { customer, touch } = await emmasCustomer();
    for (let i = 1; i <= 22; i++) await open(reply({ customerId: customer.id, touchId: touch.id, text: `n${i}` }));
    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task.talking_points.reply.messageCount).toBe(22);
    expect(task.talking_points.reply.messages.map((x) => x.text)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i + 3}`));
  });

  it('a skipped reply task leaves the touch alone; capacity never moves a reply', async () => {
    const busy = await createStaff(t.db, { dailyCapacity: 1 });
    const customer = await createCustomer(t.db, { accountManagerId: busy.id });
    const touch = await sentTouch(t.db, customer.id);
    const r = await open(reply({ customerId: customer.id, touchId: touch.id }));
    const skipped = await t.http().post(`/tasks/${r.taskId}/skip`).set(busy.auth).send({ reason: 'Spam' });
    expect(skipped.status).toBe(200);
    expect((await t.db.query(`SELECT state FROM touches WHERE id = $1`, [touch.id]))[0].state).toBe('delivered');

    const again = await open(reply({ customerId: customer.id, touchId: touch.id }));
    const call = await createTask(t.db, customer.id, { assigneeStaffId: busy.id, dueDate: '2026-06-15' });
    // Reassigning to the busy manager runs capacity for them: the call stays (one task, capacity 1), the reply is not counted.
    const handed = await createTask(t.db, customer.id, { assigneeStaffId: null, dueDate: '2026-06-15' });
    const admin = await createStaff(t.db, { role: 'admin' });
    expect((await t.http().post(`/tasks/${handed.id}/reassign`).set(admin.auth).send({ staffId: busy.id })).status).toBe(200);
    const rows = await t.db.query(`SELECT id::text, due_date::text AS due FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY id`, [
      [again.taskId, call.id, handed.id],
    ]);
    expect(rows.find((x: { id: string }) => x.id === again.taskId).due).toBe('2026-06-15');
    expect(rows.filter((x: { due: string }) => x.due === '2026-06-15')).toHaveLength(2);
  });

  it('calls and cards stay one task per touch', async () => {
    const { customer } = await emmasCustomer();
    const call = await createTask(t.db, customer.id, { assigneeStaffId: emma.id });
    await expect(
      t.db.query(
        `INSERT INTO tasks (customer_id, touch_id, kind, due_date, original_due_date, priority, created_at, updated_at)
         VALUES ($1, $2, 'call', '2026-06-15', '2026-06-15', 1, now(), now())`,
        [customer.id, call.touchId],
      ),
    ).rejects.toThrow(/tasks_touch_key/);
    await expect(
      t.db.query(
        `INSERT INTO tasks (customer_id, touch_id, kind, due_date, original_due_date, priority, created_at, updated_at)
         VALUES ($1, NULL, 'call', '2026-06-15', '2026-06-15', 1, now(), now())`,
        [customer.id],
      ),
    ).rejects.toThrow(/tasks_touch_required/);
  });

  it('an unknown customer is a not-found error and writes nothing', async () => {
    await expect(open(reply({ customerId: '999999999' }))).rejects.toThrow(/Customer 999999999 not found/);
  });
});
