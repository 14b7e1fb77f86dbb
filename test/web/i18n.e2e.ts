import { PAGE_LOCALES } from '../../src/common/domain';
import { CATALOGUES, pageText } from '../../src/web/i18n/page-text';
import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';
import { webClient } from './web-client';

describe('the web page in the reader’s language', () => {
  let t: TestApp;
  let web: ReturnType<typeof webClient>;
  let admin: StaffFixture;
  beforeAll(async () => {
    t = await createTasksApp();
    web = webClient(t);
    admin = await createStaff(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  describe('staff locale through the API', () => {
    it('defaults to en, takes a supported language, and refuses another with 422 naming locale, changing nothing', async () => {
      const created = await t
        .http()
        .post('/staff')
        .set(admin.auth)
        .send({ name: 'Linh Nguyen', email: `linh-${Date.now()}@example.test`, role: 'manager', timeZone: 'Asia/Ho_Chi_Minh' });
      expect(created.status).toBe(201);
      expect(created.body.locale).toBe('en');

      const changed = await t.http().patch(`/staff/${created.body.id}`).set(admin.auth).send({ locale: 'vi' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh' });

      const refused = await t.http().patch(`/staff/${created.body.id}`).set(admin.auth).send({ locale: 'fr' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'locale', reason: 'must be one of en, vi, ru, th' }]);
      const onCreate = await t
        .http()
        .post('/staff')
        .set(admin.auth)
        .send({ name: 'X', email: `x-${Date.now()}@example.test`, role: 'manager', timeZone: 'UTC', locale: 'klingon' });
      expect(onCreate.status).toBe(422);
      expect(onCreate.body.errors[0].field).toBe('locale');
      const [{ locale }] = await t.db.query('SELECT locale FROM staff WHERE id = $1', [created.body.id]);
      expect(locale).toBe('vi');
    });

    it('lets staff set their own language with PATCH /me, and nothing else about themselves', async () => {
      const manager = await createStaff(t.db);
      const mine = await t.http().patch('/me').set(manager.auth).send({ locale: 'th' });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: manager.id, locale: 'th', role: 'manager' });
      expect((await t.http().get('/me').set(manager.auth)).body.locale).toBe('th');

      const unknown = await t.http().patch('/me').set(manager.auth).send({ locale: 'xx' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([{ field: 'locale', reason: 'must be one of en, vi, ru, th' }]);
      const promote = await t.http().patch('/me').set(manager.auth).send({ role: 'admin' });
      expect(promote.status).toBe(400);
      expect(promote.body.errors[0].field).toBe('role');
      const [row] = await t.db.query('SELECT role, locale FROM staff WHERE id = $1', [manager.id]);
      expect(row).toEqual({ role: 'manager', locale: 'th' });
      expect((await t.http().patch('/me').send({ locale: 'en' })).status).toBe(401);
    });
  });

  describe.each(PAGE_LOCALES)('%s', (locale) => {
    const m = CATALOGUES[locale];
    const text = pageText(locale);
    let manager: StaffFixture;
    let cookie: string;
    let customer: { id: string; externalId: string };
    let task: { id: string };
    beforeAll(async () => {
      manager = await createStaff(t.db, { locale, timeZone: 'Asia/Ho_Chi_Minh', name: `Manager ${locale}` });
      customer = await createCustomer(t.db, { accountManagerId: manager.id, firstName: 'Olivia', lastName: `Smith-${locale}` });
      task = await createTask(t.db, customer.id, { assigneeStaffId: manager.id, dueDate: '2026-06-14' });
      cookie = await web.signIn(manager.token);
    });

    it('renders the list, the task page and the pool in the language, with dates formatted for it', async () => {
      const list = await web.get('/app', cookie);
      expect(list.status).toBe(200);
      expect(list.headers['content-language']).toBe(locale);
      expect(list.text).toContain(`<html lang="${locale}">`);
      // Today in the manager's zone: 19:00 on 15 June in Ho Chi Minh City.
      expect(list.text).toContain(`<h1>${escape(text.t('todayHeading', { date: text.day('2026-06-15') }))}</h1>`);
      expect(list.text).toContain(escape(text.t('overdueSince', { date: text.day('2026-06-14') })));
      expect(list.text).toContain(`>${escape(m.navToday)}</a>`);
      expect(list.text).toContain(`<label for="outcome-${task.id}">${escape(m.outcome)}</label>`);
      expect(list.text).toContain(`<option value="reached">${escape(m.outcomeReached)}</option>`);
      expect(list.text).toContain(`<button type="submit">${escape(m.skip)}</button>`);
      expect(list.text).toContain(`<button type="submit">${escape(m.handToPool)}</button>`);
      expect(list.text).toContain(`>${escape(m.start)}</a>`);

      const page = await web.get(`/app/tasks/${task.id}`, cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain(escape(text.t('taskPosition', { position: 1, total: 1 })));

      const pool = await web.get('/app/pool', cookie);
      expect(pool.text).toContain(`<h1>${escape(m.poolHeading)}</h1>`);
    });

    it('shows the timeline with its labels and times in the language and the manager’s zone', async () => {
      const note = await web.post(`/app/tasks/${task.id}/note`, cookie).send({ note: 'Prefers mornings', return: '/app' });
      expect(note.status).toBe(303);
      expect(note.headers.location).toBe('/app?flash=noted');
      expect((await web.get(note.headers.location, cookie)).text).toContain(escape(m.flashNoted));
      const timeline = await web.get(`/app/customers/${customer.externalId}`, cookie);
      expect(timeline.text).toContain(`<p class="title">${escape(m.eventNote)}</p>`);
      expect(timeline.text).toContain(escape(text.instant(t.clock.now(), 'Asia/Ho_Chi_Minh')));
      expect(timeline.text).toContain(escape(text.t('timelineMeta', { id: customer.externalId })));
    });

    it('words the error page in the language', async () => {
      const missing = await web.get('/app/tasks/999999999', cookie);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain(`<h1>${escape(m.errorNotFound)}</h1>`);
      const blank = await web.post(`/app/tasks/${task.id}/skip`, cookie).send({ reason: '  ', return: '/app' });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain(`<h1>${escape(m.errorCheck)}</h1>`);
      expect(blank.text).toContain('<strong>reason</strong>');
    });

    it('greets a signed-out browser that asks for the language in it', async () => {
      const signIn = await t.http().get('/app').set('Accept-Language', `${locale};q=0.9, de;q=0.95`);
      expect(signIn.text).toContain(`<html lang="${locale}">`);
      expect(signIn.text).toContain(`<label for="token">${escape(m.tokenLabel)}</label>`);
      const wrong = await web.post('/app/sign-in').set('Accept-Language', locale).send({ token: 'tp_not_a_real_token_at_all' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain(escape(m.signInUnknownToken));
    });
  });

  it('lets the manager choose her language at the foot of the page; refuses one it does not speak, or a form from elsewhere', async () => {
    const manager = await createStaff(t.db);
    const cookie = await web.signIn(manager.token);
    const before = await web.get('/app', cookie);
    expect(before.text).toContain('<label for="page-language">Language of this page</label>');
    expect(before.text).toContain('<option value="en" lang="en" selected>English</option>');
    expect(before.text).toContain('<option value="th" lang="th">ไทย</option>');

    const chosen = await web.post('/app/language', cookie).send({ locale: 'th' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/app?flash=language');
    const after = await web.get(chosen.headers.location, cookie);
    expect(after.text).toContain('<html lang="th">');
    expect(after.text).toContain('หน้านี้แสดงเป็นภาษาไทยแล้ว');
    expect(after.text).toContain('<option value="th" lang="th" selected>ไทย</option>');

    const unknown = await web.post('/app/language', cookie).send({ locale: 'de' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('<strong>locale</strong> must be one of en, vi, ru, th');
    const forged = await t
      .http()
      .post('/app/language')
      .set('Host', 'touchpoint.test')
      .set('Origin', 'http://evil.example')
      .set('Cookie', cookie)
      .type('form')
      .send({ locale: 'ru' });
    expect(forged.status).toBe(403);
    const [{ locale }] = await t.db.query('SELECT locale FROM staff WHERE id = $1', [manager.id]);
    expect(locale).toBe('th');
  });

  it('reads the locale at every request: a change shows on the next page', async () => {
    const manager = await createStaff(t.db, { locale: 'ru' });
    const cookie = await web.signIn(manager.token);
    expect((await web.get('/app', cookie)).text).toContain('<html lang="ru">');
    expect((await t.http().patch('/me').set(manager.auth).send({ locale: 'en' })).status).toBe(200);
    expect((await web.get('/app', cookie)).text).toContain('<html lang="en">');
  });
});

/** As Handlebars escapes text on the page. */
function escape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
}
