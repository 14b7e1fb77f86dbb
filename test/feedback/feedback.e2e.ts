import { DataSource } from 'typeorm';
import { signFeedback } from '../../src/feedback/feedback-link';
import { PromoterService } from '../../src/delivery/promoter.service';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';
import { ProviderStub, startProviderStub, StubRequest } from '../stubs/provider-stub';
import {
  cancelLeftovers,
  createTemplates,
  DISPATCH_NOW,
  dueTouch,
  PUBLIC_URL,
  providerEnv,
  SIGNING_SECRET,
  waitForStates,
} from '../delivery/helpers';
import { answersOf, replyTasksOf, sentWithFeedback } from './helpers';

const LINK = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}/f/([0-9a-z]+\\.[0-9a-z]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{16})`);

describe('feedback: a rule asks, the message carries the link, the customer answers, the reports count it', () => {
  let stub: ProviderStub;
  let t: TestApp;
  let db: DataSource;
  let admin: StaffFixture;
  let emma: StaffFixture;
  let templates: { email: string; sms: string };
  const rules: Record<'email' | 'sms' | 'plain', string> = { email: '', sms: '', plain: '' };
  const links: Record<'email' | 'sms', { token: string; touchId: string; customerId: string; externalId: string }> = {} as never;
  let plainTouch: string;

  const textOf = (request: StubRequest): string =>
    request.provider === 'sendgrid'
      ? (request.body!.content.find((c: { type: string }) => c.type === 'text/plain').value as string)
      : (request.body!.Body as string);
  const htmlOf = (request: StubRequest): string =>
    request.body!.content.find((c: { type: string }) => c.type === 'text/html').value as string;
  const report = (query: string) => t.http().get(`/reports/feedback?from=2021-03-01&to=2021-04-01${query}`).set(admin.auth);
  const post = (token: string, form: string) => t.http().post(`/f/${token}`).type('form').send(form);
  const feedbackRows = async () => Number((await db.query(`SELECT count(*)::int AS n FROM feedback_answers`))[0].n);

  async function createRule(name: string, action: Record<string, unknown>): Promise<string> {
    const res = await t
      .http()
      .post('/rules')
      .set(admin.auth)
      .send({ name, trigger: { kind: 'date', field: 'birthday', offsetDays: 0 }, action })
      .expect(201);
    await t.http().post(`/rules/${res.body.id}/enable`).set(admin.auth).expect(200);
    return res.body.id as string;
  }

  beforeAll(async () => {
    stub = await startProviderStub();
    t = await createTestApp({ now: DISPATCH_NOW, env: providerEnv(stub, { FEEDBACK_LINK_DAYS: '30' }) });
    db = t.db;
    templates = await createTemplates(db);
    admin = await createStaff(db, { role: 'admin', name: 'Ann Admin' });
    emma = await createStaff(db, { name: 'Emma Clarke', timeZone: 'America/New_York' });
    rules.email = await createRule('Feedback email', {
      channel: 'email',
      templateKey: templates.email,
      sendAt: '09:00',
      askFeedback: true,
    });
    rules.sms = await createRule('Feedback SMS', { channel: 'sms', templateKey: templates.sms, sendAt: '09:00', askFeedback: true });
    rules.plain = await createRule('Plain email', { channel: 'email', templateKey: templates.email, sendAt: '09:00' });

    const email = await dueTouch(db, rules.email, 'email', templates, { accountManagerId: emma.id, firstName: 'Lan', locale: 'vi-VN' });
    const sms = await dueTouch(db, rules.sms, 'sms', templates, { accountManagerId: emma.id, firstName: 'Anna', locale: 'ru' });
    const plain = await dueTouch(db, rules.plain, 'email', templates, { accountManagerId: emma.id });
    plainTouch = plain.touchId;
    expect(await t.app.get(PromoterService).promoteDue()).toBe(3);
    await waitForStates(db, [email.touchId, sms.touchId, plain.touchId], ['sent']);
    for (const [channel, due] of [
      ['email', email],
      ['sms', sms],
    ] as const) {
      const request = stub.requests.find((r) => r.to === (channel === 'email' ? due.email : due.phone))!;
      const token = LINK.exec(textOf(request))![1];
      const [{ external_id }] = await db.query(`SELECT external_id FROM customers WHERE id = $1`, [due.customerId]);
      links[channel] = { token, touchId: due.touchId, customerId: due.customerId, externalId: external_id };
    }
  });

  afterAll(async () => {
    await cancelLeftovers(db, Object.values(rules));
    await t.close();
    await stub.close();
  });

  it('refuses a feedback request on a call or card rule, naming the field', async () => {
    for (const [channel, askFeedback, reason] of [
      ['call', true, 'only for email and sms'],
      ['email', 'yes', 'true or false'],
    ] as const) {
      const res = await t
        .http()
        .post('/rules')
        .set(admin.auth)
        .send({
          name: `Bad feedback ${channel} ${String(askFeedback)}`,
          trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
          action: { channel, templateKey: channel === 'call' ? 'checkin-call' : templates.email, sendAt: '09:00', askFeedback },
        })
        .expect(422);
      expect(res.body.errors).toContainEqual({ field: 'action.askFeedback', reason: expect.stringContaining(reason) });
    }
  });

  it("puts the signed link in the email (text and HTML, in the customer's language) and in the SMS, not in other rules' messages", async () => {
    const email = stub.requests.find((r) => r.touchId === links.email.touchId)!;
    expect(textOf(email)).toContain(`Bạn thấy chúng tôi thế nào? ${PUBLIC_URL}/f/${links.email.token}`);
    expect(htmlOf(email)).toContain(`<a href="${PUBLIC_URL}/f/${links.email.token}">Bạn thấy chúng tôi thế nào?</a>`);
    const sms = stub.requests.find((r) => r.provider === 'twilio' && String(r.body!.Body).includes(links.sms.token))!;
    expect(sms.body!.Body).toBe(
      `Hi Anna, thanks for your order! - Emma, Harbor Goods\nКак мы справились? ${PUBLIC_URL}/f/${links.sms.token}\nОтветьте STOP, чтобы отписаться.`,
    );
    expect(links.sms.token.length).toBeLessThanOrEqual(40);
    const plain = stub.requests.find((r) => r.touchId === plainTouch)!;
    expect(textOf(plain)).not.toContain('/f/');
    const [{ rendered }] = await db.query(`SELECT rendered FROM touches WHERE id = $1`, [links.email.touchId]);
    expect(rendered.feedback).toBe(true);
  });

  it("shows the page in the customer's language without a login, and counts the message as asked before any answer", async () => {
    const page = await t.http().get(`/f/${links.email.token}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<html lang="vi">');
    expect(page.text).toContain('Bạn thấy chúng tôi thế nào?');
    expect(page.text).toContain(`<form method="post" action="${links.email.token}">`);
    for (const score of [1, 2, 3, 4, 5]) expect(page.text).toContain(`name="score" value="${score}"`);
    expect((await t.http().get(`/f/${links.sms.token}`).expect(200)).text).toContain('<html lang="ru">');

    const before = await report('').expect(200);
    expect(before.body.find((r: { key: string }) => r.key === rules.email)).toMatchObject({
      asked: 1,
      answered: 0,
      responseRate: 0,
      averageScore: null,
    });
    expect(before.body.find((r: { key: string }) => r.key === rules.plain)).toBeUndefined();
  });

  it('refuses a score out of range or missing, and a comment too long, with the form again and nothing written', async () => {
    for (const [form, text] of [
      ['score=6', 'Hãy chọn một điểm từ 1 đến 5'],
      ['score=0', 'Hãy chọn một điểm từ 1 đến 5'],
      ['score=abc', 'Hãy chọn một điểm từ 1 đến 5'],
      ['comment=hello', 'Hãy chọn một điểm từ 1 đến 5'],
      [`score=4&comment=${'x'.repeat(2001)}`, 'tối đa 2000 ký tự'],
    ]) {
      const res = await post(links.email.token, form).expect(422);
      expect(res.text).toContain(text);
      expect(res.text).toContain(`<form method="post" action="${links.email.token}">`);
    }
    expect(await answersOf(db, links.email.touchId)).toEqual([]);
  });

  it('records an answer once: the thanks page, the timeline, the report at once; a second visit shows it, a second post is refused', async () => {
    const saved = await post(links.email.token, 'score=5&comment=' + encodeURIComponent('Rất tốt <b>cảm ơn</b>')).expect(200);
    expect(saved.text).toContain('Cảm ơn bạn');
    expect(saved.text).toContain('Rất tốt &#60;b&#62;cảm ơn&#60;/b&#62;');
    expect(await answersOf(db, links.email.touchId)).toEqual([{ score: 5, comment: 'Rất tốt <b>cảm ơn</b>' }]);

    const again = await t.http().get(`/f/${links.email.token}`).expect(200);
    expect(again.text).toContain('Bạn đã trả lời rồi');
    expect(again.text).toContain('5 – Rất hài lòng');
    expect(again.text).not.toContain('<form');

    const second = await post(links.email.token, 'score=1&comment=changed%20my%20mind').expect(409);
    expect(second.text).toContain('5 – Rất hài lòng');
    expect(await answersOf(db, links.email.touchId)).toEqual([{ score: 5, comment: 'Rất tốt <b>cảm ơn</b>' }]);
    expect(await replyTasksOf(db, links.email.customerId)).toEqual([]);

    const timeline = await t.http().get(`/customers/${links.email.externalId}/timeline`).set(admin.auth).expect(200);
    const event = timeline.body.entries.find((e: { type: string; kind: string }) => e.type === 'event' && e.kind === 'feedback');
    expect(event.detail).toMatchObject({ score: 5, lowScore: false, comment: true, touchId: links.email.touchId });
    const touch = timeline.body.entries.find((e: { type: string; id: string }) => e.type === 'touch' && e.id === links.email.touchId);
    expect(touch.detail.feedback).toMatchObject({ score: 5, comment: 'Rất tốt <b>cảm ơn</b>' });

    const byRule = await report('').expect(200);
    expect(byRule.body.find((r: { key: string }) => r.key === rules.email)).toMatchObject({
      label: 'Feedback email',
      asked: 1,
      answered: 1,
      responseRate: 1,
      averageScore: 5,
      lowScores: 0,
    });
    const csv = await report('&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'key,label,asked,answered,responseRate,averageScore,lowScores,satisfactionGoal,meetsSatisfactionGoal',
    );
    expect(csv.text).toContain(`${rules.email},Feedback email,1,1,1,5,0,,`);
  });

  it('turns a low score into a reply task for the account manager at once, and counts it per manager and month', async () => {
    const saved = await post(links.sms.token, 'score=1&comment=' + encodeURIComponent('Посылка пришла разбитой')).expect(200);
    expect(saved.text).toContain('<html lang="ru">');
    const tasks = await replyTasksOf(db, links.sms.customerId);
    expect(tasks).toEqual([{ id: expect.any(String), state: 'open', assignee_staff_id: emma.id }]);

    const list = await t.http().get('/tasks/today?kind=reply').set(emma.auth).expect(200);
    const task = list.body.tasks.find((k: { id: string }) => k.id === tasks[0].id);
    expect(task.reply.messages).toEqual([
      expect.objectContaining({ source: 'feedback', text: 'Feedback score 1 of 5: Посылка пришла разбитой' }),
    ]);
    expect(task.touchId).toBe(links.sms.touchId);

    const byManager = await report('&by=manager').expect(200);
    expect(byManager.body).toEqual([
      expect.objectContaining({
        key: emma.id,
        label: 'Emma Clarke',
        asked: 2,
        answered: 2,
        responseRate: 1,
        averageScore: 3,
        lowScores: 1,
      }),
    ]);
    const byMonth = await report('&by=month').expect(200);
    expect(byMonth.body).toEqual([expect.objectContaining({ key: '2021-03', label: '2021-03', asked: 2, answered: 2, averageScore: 3 })]);
    // Emma sees her own customers; the report is hers too.
    const hers = await t.http().get('/reports/feedback?from=2021-03-01&to=2021-04-01&by=manager').set(emma.auth).expect(200);
    expect(hers.body).toHaveLength(1);
  });

  it('erases the comment whole with the customer, and keeps the score for the reports', async () => {
    const customer = await createCustomer(db, { accountManagerId: emma.id });
    const { touchId, token } = await sentWithFeedback(db, customer.id, SIGNING_SECRET);
    await post(token, 'score=4&comment=' + encodeURIComponent('Call me on 555-0199, ask for Jo')).expect(200);
    await t.http().post(`/customers/${customer.externalId}/anonymize`).set(admin.auth).expect(200);
    const [answer] = await answersOf(db, touchId);
    expect(answer.score).toBe(4);
    expect(answer.comment).not.toContain('555');
    expect(answer.comment).not.toContain('Jo');
  });

  it('answers 404 for a link we did not sign or that names another customer, 410 once expired, and writes nothing', async () => {
    const other = await createCustomer(db);
    const before = await feedbackRows();
    const forged = [
      links.sms.token.slice(0, -1) + (links.sms.token.endsWith('A') ? 'B' : 'A'),
      signFeedback(
        { touchId: links.sms.touchId, customerId: links.sms.customerId, expiresAt: new Date('2099-01-01') },
        'another-secret-entirely',
      ),
      signFeedback({ touchId: links.sms.touchId, customerId: other.id, expiresAt: new Date('2099-01-01') }, SIGNING_SECRET),
      signFeedback({ touchId: '999999999', customerId: other.id, expiresAt: new Date('2099-01-01') }, SIGNING_SECRET),
      'not-a-token',
    ];
    for (const token of forged) {
      expect((await t.http().get(`/f/${token}`).expect(404)).text).toContain('This link does not work');
      await post(token, 'score=5').expect(404);
    }

    // A client that asks for JSON gets the one error body instead of a page.
    const json = await t.http().get(`/f/${forged[0]}`).set('Accept', 'application/json').expect(404);
    expect(json.body).toEqual({ statusCode: 404, error: 'not found', message: 'Feedback link not found' });
    const unanswered = await sentWithFeedback(db, other.id, SIGNING_SECRET);
    const badScore = await post(unanswered.token, 'score=9').set('Accept', 'application/json').expect(422);
    expect(badScore.body.errors).toEqual([{ field: 'score', reason: 'must be a whole number from 1 to 5' }]);
    await t
      .http()
      .get(`/f/${encodeURIComponent('a\u0000b')}`)
      .expect(400);

    const fresh = await dueTouch(db, rules.email, 'email', templates, { accountManagerId: emma.id, locale: 'th-TH' });
    await t.app.get(PromoterService).promoteDue();
    await waitForStates(db, [fresh.touchId], ['sent']);
    const token = LINK.exec(textOf(stub.requests.find((r) => r.touchId === fresh.touchId)!))![1];
    expect((await t.http().get(`/f/${token}`).expect(200)).text).toContain('<html lang="th">');
    t.clock.set('2021-04-09T12:00:01Z'); // 30 days after it was sent, and a second
    const expired = await t.http().get(`/f/${token}`).expect(410);
    expect(expired.text).toContain('ลิงก์นี้หมดอายุแล้ว');
    await post(token, 'score=5').expect(410);
    // An answered link still shows its answer after the expiry.
    expect((await t.http().get(`/f/${links.email.token}`).expect(200)).text).toContain('Bạn đã trả lời rồi');
    expect(await feedbackRows()).toBe(before);
    t.clock.set(DISPATCH_NOW);
  });
});
