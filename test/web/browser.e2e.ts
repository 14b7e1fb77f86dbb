import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { TestApp } from '../app';
import { TaskPromoterService } from '../../src/tasks/task-promoter.service';
import { createCustomer, createOrder, createRule, createStaff, createTouch, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';

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
    t = await createTasksApp();
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
});
