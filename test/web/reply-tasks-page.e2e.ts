import { IncomingReply, ReplyTasksService } from '../../src/tasks/reply-tasks.service';
import { pageText } from '../../src/web/i18n/page-text';
import { TestApp } from '../app';
import { createCustomer, createStaff, createTask } from '../factories';
import { sentTouch } from '../replies/helpers';
import { createTasksApp } from '../tasks/tasks-app';
import { webClient } from './web-client';

describe('reply tasks on the web page', () => {
  let t: TestApp;
  let web: ReturnType<typeof webClient>;
  let replies: ReplyTasksService;
  beforeAll(async () => {
    t = await createTasksApp();
    web = webClient(t);
    replies = t.app.get(ReplyTasksService);
  });
  afterAll(() => t.close());

  const reply = (input: Partial<IncomingReply> & { customerId: string }) =>
    t.db.transaction((m) =>
      replies.openOrAppend(m, { touchId: null, text: 'Thank you!', source: 'sms', receivedAt: t.clock.now(), ...input }),
    );

  async function managerWithCallAndReply(locale = 'en') {
    const manager = await createStaff(t.db, { name: 'Emma Clarke', timeZone: 'Asia/Bangkok', locale });
    const customer = await createCustomer(t.db, { accountManagerId: manager.id, firstName: 'Ada', lastName: 'Lovelace' });
    // An overdue call of the highest rule priority still comes after a customer waiting for an answer.
    const call = await createTask(t.db, customer.id, { assigneeStaffId: manager.id, dueDate: '2026-06-12', priority: 1060 });
    const touch = await sentTouch(t.db, customer.id, 'email');
    const opened = await reply({
      customerId: customer.id,
      touchId: touch.id,
      source: 'email',
      subject: 'Re: Happy birthday, Ada',
      text: 'Thank you!\n<b>Can I still change the size?</b>',
    });
    return { manager, customer, call, replyTaskId: opened.taskId, cookie: await web.signIn(manager.token) };
  }

  it('puts the reply on top of the list with the customer’s words, escaped, what they answered and the reply outcomes', async () => {
    const { call, replyTaskId, cookie } = await managerWithCallAndReply();
    const list = await web.get('/app', cookie);
    expect(list.status).toBe(200);
    const replyAt = list.text.indexOf(`aria-labelledby="task-${replyTaskId}-title"`);
    const callAt = list.text.indexOf(`aria-labelledby="task-${call.id}-title"`);
    expect(replyAt).toBeGreaterThan(0);
    expect(replyAt).toBeLessThan(callAt);
    expect(list.text).toContain(`href="/app/tasks/${replyTaskId}"`);
    expect(list.text).toContain('<h3>The customer wrote</h3>');
    expect(list.text).toContain('<blockquote>Thank you!\n&lt;b&gt;Can I still change the size?&lt;/b&gt;</blockquote>');
    expect(list.text).not.toContain('<b>Can I still');
    // When it came, in the manager's zone (Bangkok, UTC+7).
    expect(list.text).toContain(pageText('en').instant(t.clock.now(), 'Asia/Bangkok'));
    expect(list.text).toContain('15 Jun 2026, 19:00');
    expect(list.text).toContain('Re: Happy birthday, Ada');
    expect(list.text).toContain('<summary>In reply to our Email</summary>');
    expect(list.text).toContain('Dear Ada, many happy returns.');
    const card = list.text.slice(replyAt, callAt);
    expect(card).toContain('<option value="replied">Replied in writing</option>');
    expect(card).toContain('<option value="called_back">Called back</option>');
    expect(card).toContain('<option value="no_action_needed">Nothing to answer</option>');
    expect(card).not.toContain('value="reached"');

    const replies = await web.get('/app?kind=reply', cookie);
    expect(replies.text).toContain(`task-${replyTaskId}-title`);
    expect(replies.text).not.toContain(`task-${call.id}-title`);
  });

  it('completes the reply with a note from its page, goes on to the call, and shows it on the timeline', async () => {
    const { customer, call, replyTaskId, cookie } = await managerWithCallAndReply();
    const page = await web.get(`/app/tasks/${replyTaskId}`, cookie);
    expect(page.text).toContain('Task 1 of 2 on your list');

    const wrong = await web.post(`/app/tasks/${replyTaskId}/complete`, cookie).send({ outcome: 'reached', flow: 'next', kind: '' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<strong>outcome</strong>');

    const done = await web
      .post(`/app/tasks/${replyTaskId}/complete`, cookie)
      .send({ outcome: 'replied', note: 'Sent the size guide', flow: 'next', kind: '' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/app/tasks/${call.id}?flash=completed`);
    const [row] = await t.db.query('SELECT state, outcome, note FROM tasks WHERE id = $1', [replyTaskId]);
    expect(row).toEqual({ state: 'done', outcome: 'replied', note: 'Sent the size guide' });

    const timeline = await web.get(`/app/customers/${customer.externalId}`, cookie);
    expect(timeline.text).toContain('<p class="title">Task completed</p>');
    expect(timeline.text).toContain('Replied in writing');
    expect(timeline.text).toContain('Sent the size guide');
    expect(timeline.text).toContain('<p class="title">Reply task opened</p>');
  });

  it('shows the reply in the manager’s language', async () => {
    const { replyTaskId, cookie } = await managerWithCallAndReply('vi');
    const page = await web.get(`/app/tasks/${replyTaskId}`, cookie);
    expect(page.text).toContain('<html lang="vi">');
    expect(page.text).toContain('<h1>Phản hồi: Ada Lovelace</h1>');
    expect(page.text).toContain('<h3>Khách hàng viết</h3>');
    expect(page.text).toContain('<option value="replied">Đã trả lời bằng văn bản</option>');
    expect(page.text).toContain(pageText('vi').instant(t.clock.now(), 'Asia/Bangkok'));
  });
});
