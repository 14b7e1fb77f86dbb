import { TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';
import { ReplyTasksService } from '../../src/tasks/reply-tasks.service';
import { webClient } from '../web/web-client';
import { sentTouch } from './helpers';

const HOST = 'touchpoint.test';
const ORIGIN = `http://${HOST}`;

describe("a reply task on the manager's web page", () => {
  let t: TestApp;
  let emma: StaffFixture;
  let cookie: string;
  beforeAll(async () => {
    t = await createTasksApp();
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
    cookie = await webClient(t).signIn(emma.token);
  });
  afterAll(() => t.close());

  it("shows the customer's words (escaped) and the reply outcomes, and completes with one", async () => {
    const customer = await createCustomer(t.db, { accountManagerId: emma.id, firstName: 'Ada' });
    const touch = await sentTouch(t.db, customer.id);
    const task = await t.db.transaction((m) =>
      t.app.get(ReplyTasksService).openOrAppend(m, {
        customerId: customer.id,
        touchId: touch.id,
        text: 'Loved it! <script>alert(1)</script>',
        source: 'email',
        receivedAt: t.clock.now(),
      }),
    );
    const page = await t.http().get('/app').set('Host', HOST).set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="kind kind-reply">Reply</span>');
    expect(page.text).toContain('<blockquote>Loved it! &lt;script&gt;alert(1)&lt;/script&gt;</blockquote>');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toMatch(/<summary>In reply to our Email<\/summary>[\s\S]*<strong>Happy birthday, Ada<\/strong>/);
    for (const outcome of ['replied', 'called_back', 'no_action_needed']) expect(page.text).toContain(`<option value="${outcome}">`);
    expect(page.text).not.toContain('<option value="reached">');

    const done = await t
      .http()
      .post(`/app/tasks/${task.taskId}/complete`)
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Cookie', cookie)
      .type('form')
      .send({ outcome: 'replied', note: 'Wrote back', return: '/app' });
    expect(done.status).toBe(303);
    const [row] = await t.db.query(`SELECT state, outcome, note FROM tasks WHERE id = $1`, [task.taskId]);
    expect(row).toEqual({ state: 'done', outcome: 'replied', note: 'Wrote back' });
  });
});
