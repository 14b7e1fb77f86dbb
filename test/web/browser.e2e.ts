import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import twilio from 'twilio';
import { createTestApp, TestApp } from '../app';
import { TaskPromoterService } from '../../src/tasks/task-promoter.service';
import { pageText } from '../../src/web/i18n/page-text';
import { createCustomer, createOrder, createRule, createStaff, createTask, createTouch, StaffFixture } from '../factories';
import { sentTouch } from '../replies/helpers';

const PUBLIC_URL = 'https://touchpoint.example.test';
const TWILIO_TOKEN = '0123456789abcdef0123456789abcdef';
const INBOUND = '/webhooks/twilio/inbound';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`Browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

(available ? describe : describe.skip)('the task list in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let manager: StaffFixture;
  let customer: { id: string; externalId: string };

  beforeAll(async () => {
    // Intervals off (the test promotes itself); Twilio's inbound webhook on, for replies.
    t = await createTestApp({
      now: '2026-06-15T12:00:00Z',
      env: { TASKS_INTERVAL_SECONDS: '0', PLANNER_INTERVAL_SECONDS: '0', PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    manager = await createStaff(t.db, { name: 'Emma Clarke', timeZone: 'America/New_York' });
    customer = await createCustomer(t.db, { accountManagerId: manager.id, firstName: 'Olivia', lastName: 'Smith' });
    await createOrder(t.db, customer.id, { placedAt: '2026-05-20T15:00:00Z', total: '180.00' });
    await t.db.query('UPDATE customers SET lifetime_value = 180, order_count = 1 WHERE id = $1', [customer.id]);
    // A due call touch, promoted as the worker would: the task gets its real talking points.
    const rule = await createRule(t.db, { action: { channel: 'call', templateKey: 'checkin-call', sendAt: '09:00' } });
    await createTouch(t.db, customer.id, rule.id, {
      channel: 'call',
      templateKey: 'checkin-call',
      scheduledAt: '2026-06-15T09:00:00Z',
      localDate: '2026-06-15',
      dueDate: '2026-06-15',
    });
    await t.app.get(TaskPromoterService).promote(t.clock.now());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with a token, completes a call with a note using the keyboard, and finds it on the timeline', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/app`);

    await page.getByLabel('Personal token').fill(manager.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Today/ }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'tp_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/app' });

    const card = page.getByRole('article', { name: /Olivia Smith/ });
    // The talking points open from the keyboard too.
    await card.getByText('Talking points', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await card.getByText(/Order .*\$180/).waitFor();
    await card.getByText(/Check-in call: Olivia Smith/).waitFor();

    await card.getByLabel('Outcome').selectOption('reached');
    await card.getByLabel('Note', { exact: true }).fill('Called: she loves the autumn range');
    // From the note, Tab reaches the form's button; Enter submits it.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Complete');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    await expect(page.getByRole('article', { name: /Olivia Smith/ }).count()).resolves.toBe(0);

    await page.goto(`${base}/app/customers/${customer.externalId}`);
    await page.getByRole('heading', { name: 'Olivia Smith' }).waitFor();
    const timeline = await page.locator('ol.timeline').innerText();
    expect(timeline).toContain('Task completed');
    expect(timeline).toContain('Called: she loves the autumn range');
    expect(timeline).toContain('Emma Clarke');
    await context.close();
  });

  it('shows an admin the funnel and the uplift charts of a rule with history', async () => {
    const admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    const rule = await createRule(t.db, { name: `Reported rule ${Date.now()}` });
    // 40 customers touched, 12 of whom reordered; 40 held out, 4 of whom reordered.
    for (let i = 0; i < 80; i++) {
      const held = i >= 40;
      const someone = await createCustomer(t.db);
      await createTouch(t.db, someone.id, rule.id, {
        state: held ? 'skipped' : 'delivered',
        reason: held ? 'holdout' : null,
        scheduledAt: '2026-05-10T09:00:00Z',
      });
      if ((!held && i < 12) || (held && i < 44)) await createOrder(t.db, someone.id, { placedAt: '2026-05-18T10:00:00Z', total: '90.00' });
    }
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/app`);
    await page.getByLabel('Personal token').fill(admin.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    const section = page.getByRole('region', { name: new RegExp(rule.name) });
    await section.waitFor();
    await expect(section.locator('svg.funnel rect.bar').count()).resolves.toBe(6);
    await expect(section.locator('svg.uplift circle.estimate').count()).resolves.toBe(1);
    await expect(section.locator('svg.uplift line.interval').count()).resolves.toBe(1);
    const summary = await section.innerText();
    expect(summary).toContain('30.0% of 40 touched customers reordered, against 10.0% of 40 held out');
    expect(summary).toContain('+20.0 points');
    const box = await section.locator('svg.uplift').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    await context.close();
  });

  it('works a list in Vietnamese: start, complete with a note, skip, done for today; then hands a task to the pool', async () => {
    const linh = await createStaff(t.db, { name: 'Nguyễn Thị Linh', timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' });
    const an = await createCustomer(t.db, { accountManagerId: linh.id, firstName: 'Trần', lastName: 'Văn An' });
    const binh = await createCustomer(t.db, { accountManagerId: linh.id, firstName: 'Lê', lastName: 'Thị Bình' });
    await createTask(t.db, an.id, { assigneeStaffId: linh.id, priority: 90 });
    const skipped = await createTask(t.db, binh.id, { assigneeStaffId: linh.id, priority: 40, kind: 'card' });
    const vi = pageText('vi');

    // The browser asks for Vietnamese, so the sign-in page speaks it before anyone is known.
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/app`);
    await page.getByLabel('Mã cá nhân').fill(linh.token);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: `Hôm nay, ${vi.day('2026-06-15')}` }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
    await page.getByText('Còn lại: 2 · Đã xong: 0').waitFor();

    await page.getByRole('link', { name: 'Bắt đầu với việc đầu tiên' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cuộc gọi: Trần Văn An' }).waitFor();
    await page.getByText('Việc 1 trên 2 trong danh sách của bạn').waitFor();
    await page.getByLabel('Kết quả').selectOption({ label: 'Đã liên lạc được' });
    await page.getByLabel('Ghi chú', { exact: true }).fill('Chị ấy thích bộ sưu tập mùa thu');
    await page.getByRole('button', { name: 'Hoàn thành' }).click();

    // Straight on to the next task, without the list in between.
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành việc.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Thiệp: Lê Thị Bình' }).waitFor();
    await page.getByLabel('Lý do bỏ qua').fill('Đã gửi thiệp tuần trước');
    await page.getByRole('button', { name: 'Bỏ qua', exact: true }).click();

    await page.getByRole('status').filter({ hasText: 'Xong việc hôm nay: danh sách của bạn đã hết.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');
    await page.getByText('Còn lại: 0 · Đã xong: 1 · Đã bỏ qua: 1').waitFor();
    const [row] = await t.db.query('SELECT state, skip_reason FROM tasks WHERE id = $1', [skipped.id]);
    expect(row).toEqual({ state: 'skipped', skip_reason: 'Đã gửi thiệp tuần trước' });

    // A task she cannot take on goes to the shared pool, from the list.
    const cuong = await createCustomer(t.db, { accountManagerId: linh.id, firstName: 'Phạm', lastName: 'Cường' });
    await createTask(t.db, cuong.id, { assigneeStaffId: linh.id });
    await page.reload();
    const card = page.getByRole('article', { name: /Phạm Cường/ });
    await card.getByRole('button', { name: 'Chuyển vào việc chung' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chuyển việc vào việc chung.' }).waitFor();
    await expect(page.getByRole('article', { name: /Phạm Cường/ }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Việc chung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Việc chung' }).waitFor();
    await page
      .getByRole('article', { name: /Phạm Cường/ })
      .getByRole('button', { name: /Nhận/ })
      .waitFor();
    await context.close();
  });

  it('puts a reply that arrives on top of the list with the customer’s words; completed with a note, it is on the timeline', async () => {
    const emma = await createStaff(t.db, { name: 'Emma Stone', timeZone: 'America/New_York' });
    const ada = await createCustomer(t.db, { accountManagerId: emma.id, firstName: 'Ada', lastName: 'Byron', phone: '+12025550123' });
    await createTask(t.db, ada.id, { assigneeStaffId: emma.id, dueDate: '2026-06-12', priority: 1060 });
    const touch = await sentTouch(t.db, ada.id, 'sms');

    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/app`);
    await page.getByLabel('Personal token').fill(emma.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Today/ }).waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(1);

    // The customer answers our text message: Twilio posts it, signed, to the inbound webhook.
    const words = 'Is the <blue> one back in stock? I would love two.';
    const sid = `SM${'7'.repeat(32)}`;
    const form = {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: '+12025550123',
      To: '+15005550006',
      Body: words,
      NumMedia: '0',
    };
    await t
      .http()
      .post(INBOUND)
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TWILIO_TOKEN, PUBLIC_URL + INBOUND, form))
      .type('form')
      .send(form)
      .expect(200);
    const [{ touch_id: answered }] = await t.db.query(`SELECT touch_id::text FROM tasks WHERE customer_id = $1 AND kind = 'reply'`, [
      ada.id,
    ]);
    expect(answered).toBe(touch.id);

    await page.reload();
    const first = page.getByRole('article').first();
    await expect(first.getByRole('heading', { level: 2 }).innerText()).resolves.toMatch(/^Reply\s+Ada Byron$/i);
    await expect(first.locator('blockquote').innerText()).resolves.toBe(words);
    await expect(page.getByRole('article').count()).resolves.toBe(2);

    await page.getByRole('link', { name: 'Start with the first task' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reply: Ada Byron' }).waitFor();
    await page.getByLabel('Outcome').selectOption({ label: 'Called back' });
    await page.getByLabel('Note', { exact: true }).fill('Two blue ones reserved for Friday');
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Call: Ada Byron' }).waitFor();

    await page.getByRole('link', { name: 'Ada Byron' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada Byron' }).waitFor();
    const entry = page.locator('li.entry', { hasText: 'Two blue ones reserved for Friday' });
    await expect(entry.locator('.title').innerText()).resolves.toBe('Task completed');
    await expect(entry.innerText()).resolves.toContain('Called back');
    await expect(entry.innerText()).resolves.toContain('Emma Stone');
    await context.close();
  });
});
