import { loadShippedTemplates } from '../../src/templates/defaults';
import { TemplatesService } from '../../src/templates/templates.service';
import { TemplateContextService } from '../../src/templates/template-context.service';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createOrder, createRule, createStaff, createTemplate, StaffFixture, uniqueId } from '../factories';

const emailVariants = {
  default: {
    subject: 'Hello {{customer.firstName}}',
    html: '<p>Hello {{customer.firstName}}</p>',
    text: 'Hello {{customer.firstName}}\n{{manager.name}}',
  },
  vi: {
    subject: 'Chào {{customer.firstName}}',
    html: '<p>Chào {{customer.firstName}}</p>',
    text: 'Chào {{customer.firstName}}\n{{manager.name}}',
  },
};

const newKey = () => uniqueId('t').toLowerCase();

describe('templates API', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-15T12:00:00Z' });
    admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    manager = await createStaff(t.db, { role: 'manager', name: 'Linh Nguyen', emailSignature: 'Linh Nguyen\nAccount manager' });
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('needs a token', async () => {
      await t.http().get('/templates').expect(401);
      await t.http().post('/templates/birthday-email/preview').send({}).expect(401);
    });

    it('lets managers read and preview but not write', async () => {
      const key = newKey();
      await t.http().post('/templates').set(manager.auth).send({ key, channel: 'email', variants: emailVariants }).expect(403);
      const { key: existing } = await createTemplate(t.db);
      await t.http().get(`/templates/${existing}`).set(manager.auth).expect(200);
      await t.http().get('/templates').set(manager.auth).expect(200);
      await t.http().patch(`/templates/${existing}`).set(manager.auth).send({ description: 'x' }).expect(403);
      await t.http().put(`/templates/${existing}/variants/vi`).set(manager.auth).send(emailVariants.vi).expect(403);
      await t.http().delete(`/templates/${existing}/variants/vi`).set(manager.auth).expect(403);
      await t.http().delete(`/templates/${existing}`).set(manager.auth).expect(403);
      await t.http().post(`/templates/${existing}/preview`).set(manager.auth).send({}).expect(200);
    });
  });

  describe('CRUD', () => {
    it('creates, reads, updates and deletes a template with variants', async () => {
      const key = newKey();
      const created = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({ key, channel: 'email', description: 'Hi', variants: emailVariants })
        .expect(201);
      expect(created.body).toMatchObject({ key, channel: 'email', description: 'Hi', updatedBy: admin.id, variants: emailVariants });

      const got = await t.http().get(`/templates/${key}`).set(admin.auth).expect(200);
      expect(got.body.variants).toEqual(emailVariants);
      const list = await t.http().get('/templates').set(admin.auth).expect(200);
      expect(list.body.find((row: { key: string }) => row.key === key)).toMatchObject({ channel: 'email', locales: ['default', 'vi'] });

      const patched = await t.http().patch(`/templates/${key}`).set(admin.auth).send({ description: 'Changed' }).expect(200);
      expect(patched.body).toMatchObject({ description: 'Changed', variants: emailVariants });

      const ru = { subject: 'Привет, {{customer.firstName}}', html: '<p>Привет</p>', text: 'Привет' };
      const put = await t.http().put(`/templates/${key}/variants/ru-ru`).set(admin.auth).send(ru).expect(200);
      expect(put.body.variants['ru-RU']).toEqual(ru);

      const replaced = await t
        .http()
        .patch(`/templates/${key}`)
        .set(admin.auth)
        .send({ variants: { default: emailVariants.default } })
        .expect(200);
      expect(Object.keys(replaced.body.variants)).toEqual(['default']);

      await t.http().delete(`/templates/${key}`).set(admin.auth).expect(204);
      await t.http().get(`/templates/${key}`).set(admin.auth).expect(404);
    });

    it('deletes variants but never the default', async () => {
      const key = newKey();
      await t.http().post('/templates').set(admin.auth).send({ key, channel: 'email', variants: emailVariants }).expect(201);
      const after = await t.http().delete(`/templates/${key}/variants/vi`).set(admin.auth).expect(200);
      expect(Object.keys(after.body.variants)).toEqual(['default']);
      await t.http().delete(`/templates/${key}/variants/vi`).set(admin.auth).expect(404);
      const res = await t.http().delete(`/templates/${key}/variants/default`).set(admin.auth).expect(409);
      expect(res.body.errors[0].field).toBe('locale');
      await t.http().delete(`/templates/${key}/variants/not_a_locale`).set(admin.auth).expect(400);
    });

    it('answers 409 for a duplicate key and while a rule uses the template', async () => {
      const key = newKey();
      await t.http().post('/templates').set(admin.auth).send({ key, channel: 'email', variants: emailVariants }).expect(201);
      const dup = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({ key, channel: 'sms', variants: { default: { text: 'x' } } })
        .expect(409);
      expect(dup.body.errors).toEqual([{ field: 'key', reason: 'is already in use' }]);

      const rule = await createRule(t.db, { action: { channel: 'email', templateKey: key, sendAt: '09:00' } });
      const used = await t.http().delete(`/templates/${key}`).set(admin.auth).expect(409);
      expect(used.body.errors[0].reason).toContain(rule.name);
      await t.http().get(`/templates/${key}`).set(admin.auth).expect(200);
    });

    it('answers 404 for unknown keys', async () => {
      await t.http().get('/templates/no-such-template').set(admin.auth).expect(404);
      await t.http().patch('/templates/no-such-template').set(admin.auth).send({ description: 'x' }).expect(404);
      await t.http().delete('/templates/no-such-template').set(admin.auth).expect(404);
      await t.http().put('/templates/no-such-template/variants/vi').set(admin.auth).send({ text: 'x' }).expect(404);
      await t.http().post('/templates/no-such-template/preview').set(admin.auth).send({}).expect(404);
    });

    it('names every malformed field with 400', async () => {
      const res = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({ key: 'Bad Key', channel: 'fax', variants: 'nope', extra: 1 })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'extra', 'key', 'variants']);

      const shape = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key: newKey(),
          channel: 'email',
          variants: { vi: { subject: 'x', text: 'y', body: 'z' }, 'not a locale': { text: 'x' } },
        })
        .expect(400);
      expect(shape.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'variants.vi.body', reason: expect.stringContaining('not a part of email templates') },
          { field: 'variants.vi.html', reason: 'must be a non-empty string' },
          { field: 'variants.not a locale', reason: expect.stringContaining('BCP 47') },
          { field: 'variants.default', reason: expect.stringContaining('is required') },
        ]),
      );
      await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({ key: 'variables', channel: 'sms', variants: { default: { text: 'x' } } })
        .expect(400);
    });

    it('refuses null for what an update may leave out but not clear', async () => {
      const template = await createTemplate(t.db, { channel: 'sms' });
      for (const field of ['variants', 'description']) {
        const res = await t
          .http()
          .patch(`/templates/${template.key}`)
          .set(admin.auth)
          .send({ [field]: null })
          .expect(400);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      await t.http().get(`/templates/${template.key}`).set(admin.auth).expect(200);
    });
  });

  describe('compile check on save', () => {
    it('answers 422 naming the part, the unknown variable and its line', async () => {
      const res = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key: newKey(),
          channel: 'email',
          variants: { ...emailVariants, vi: { ...emailVariants.vi, subject: 'Chào\n{{customer.nmae}}' } },
        })
        .expect(422);
      expect(res.body).toEqual({
        statusCode: 422,
        error: 'unprocessable entity',
        message: 'The template does not compile',
        errors: [{ field: 'variants.vi.subject', reason: 'unknown variable customer.nmae at line 2' }],
      });
    });

    it('answers 422 with the line of a syntax error', async () => {
      const res = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key: newKey(),
          channel: 'sms',
          variants: { default: { text: 'Hi {{customer.firstName}}\nyour order {{order.externalId' } },
        })
        .expect(422);
      expect(res.body.errors).toEqual([{ field: 'variants.default.text', reason: expect.stringMatching(/^syntax error: .* at line 2$/) }]);

      const block = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key: newKey(),
          channel: 'call',
          variants: { default: { text: 'Talk\n{{#if order}}\nabout it\n{{/each}}' } },
        })
        .expect(422);
      expect(block.body.errors[0]).toEqual({
        field: 'variants.default.text',
        reason: 'syntax error: {{#if}} opened here is closed by {{/each}} at line 2, column 4',
      });
    });

    it('checks single variants and leaves nothing half-written', async () => {
      const { key } = await createTemplate(t.db, { channel: 'sms', variants: { '': { text: 'Hi' } } });
      const res = await t
        .http()
        .put(`/templates/${key}/variants/th`)
        .set(admin.auth)
        .send({ text: 'สวัสดี {{customer.nickname}}' })
        .expect(422);
      expect(res.body.errors).toEqual([{ field: 'text', reason: 'unknown variable customer.nickname at line 1' }]);
      await t.http().put(`/templates/${key}/variants/th`).set(admin.auth).send({ text: 'x', subject: 'no' }).expect(400);
      const bad = await t
        .http()
        .patch(`/templates/${key}`)
        .set(admin.auth)
        .send({ description: 'new', variants: { default: { text: '{{#each customer}}{{/each}}' } } })
        .expect(422);
      expect(bad.body.errors[0].field).toBe('variants.default.text');
      const after = await t.http().get(`/templates/${key}`).set(admin.auth).expect(200);
      expect(after.body).toMatchObject({ description: '', variants: { default: { text: 'Hi' } } });
    });

    it('refuses raw output in HTML', async () => {
      const res = await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key: newKey(),
          channel: 'email',
          variants: { default: { ...emailVariants.default, html: '<p>{{{customer.firstName}}}</p>' } },
        })
        .expect(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'variants.default.html', reason: expect.stringContaining('unescaped output') });
    });
  });

  describe('preview', () => {
    it("renders a stored template for the manager's own customer, in their locale with fallback", async () => {
      const key = newKey();
      await t.http().post('/templates').set(admin.auth).send({ key, channel: 'email', variants: emailVariants }).expect(201);
      const mine = await createCustomer(t.db, {
        firstName: 'Lan',
        lastName: 'Nguyễn',
        locale: 'vi-VN',
        timeZone: 'Asia/Ho_Chi_Minh',
        accountManagerId: manager.id,
      });
      const res = await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: mine.externalId })
        .expect(200);
      expect(res.body).toMatchObject({
        templateKey: key,
        channel: 'email',
        requestedLocale: 'vi-VN',
        locale: 'vi',
        formatLocale: 'vi-VN',
        data: { kind: 'customer', customerExternalId: mine.externalId, orderExternalId: null },
        parts: { subject: 'Chào Lan', html: '<p>Chào Lan</p>', text: 'Chào Lan\nLinh Nguyen' },
      });
      expect(res.body.sms).toBeUndefined();

      const english = await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: mine.externalId, locale: 'ru' })
        .expect(200);
      expect(english.body).toMatchObject({ requestedLocale: 'ru', locale: 'default', parts: { subject: 'Hello Lan' } });
    });

    it("hides other managers' customers as 404 but lets an admin use any", async () => {
      const other = await createStaff(t.db, { role: 'manager' });
      const theirs = await createCustomer(t.db, { accountManagerId: other.id });
      const { key } = await createTemplate(t.db);
      await t.http().post(`/templates/${key}/preview`).set(manager.auth).send({ customerExternalId: theirs.externalId }).expect(404);
      await t.http().post(`/templates/${key}/preview`).set(admin.auth).send({ customerExternalId: theirs.externalId }).expect(200);
      await t.http().post(`/templates/${key}/preview`).set(admin.auth).send({ customerExternalId: 'nobody-here' }).expect(404);
    });

    it("fills the order from the named or latest order and formats it in the customer's zone", async () => {
      const customer = await createCustomer(t.db, {
        firstName: 'Анна',
        locale: 'ru',
        timeZone: 'Europe/Moscow',
        accountManagerId: manager.id,
      });
      await createOrder(t.db, customer.id, { placedAt: '2026-05-01T10:00:00Z', total: '50.00' });
      const latest = await createOrder(t.db, customer.id, { placedAt: '2026-06-10T22:30:00Z', total: '1249.5', currency: 'EUR' });
      const key = newKey();
      await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key,
          channel: 'sms',
          variants: {
            default: {
              text: 'Order {{#if order}}{{order.externalId}} {{money order.total order.currency}} {{date order.placedAt "long"}}{{/if}} - {{manager.firstName}}',
            },
            ru: {
              text: 'Заказ {{#if order}}{{order.externalId}} {{money order.total order.currency}} {{date order.placedAt "long"}}{{/if}} - {{manager.firstName}}',
            },
          },
        })
        .expect(201);
      const res = await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: customer.externalId })
        .expect(200);
      // 22:30 UTC on 10 June is 11 June in Moscow.
      // Exactly what a first SMS to the number carries: signed once (the template did), with the opt-out line.
      expect(res.body.parts.text.replace(/\u00a0/g, ' ')).toBe(
        `Заказ ${latest.externalId} 1 249,50 € 11 июня 2026 г. - Linh\nОтветьте STOP, чтобы отписаться.`,
      );
      expect(res.body).toMatchObject({
        formatLocale: 'ru',
        data: { orderExternalId: latest.externalId },
        sms: { encoding: 'UCS-2', segments: 2, optOutLine: 'Ответьте STOP, чтобы отписаться.' },
      });
      // Served the English default, the same customer reads English dates and money.
      const english = await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: customer.externalId, locale: 'de' })
        .expect(200);
      expect(english.body).toMatchObject({
        locale: 'default',
        formatLocale: 'en',
        parts: { text: `Order ${latest.externalId} €1,249.50 June 11, 2026 - Linh\nОтветьте STOP, чтобы отписаться.` },
      });

      const other = await createCustomer(t.db, { accountManagerId: manager.id });
      const foreign = await createOrder(t.db, other.id);
      await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: customer.externalId, orderExternalId: foreign.externalId })
        .expect(404);
    });

    it('renders sample data in the locale asked for, with SMS encoding and segments', async () => {
      const key = newKey();
      await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key,
          channel: 'sms',
          variants: {
            default: { text: 'Hi {{customer.firstName}}, 20€ off {today}! - {{manager.firstName}}' },
            th: { text: 'สวัสดีคุณ{{customer.firstName}} - {{manager.firstName}}' },
          },
        })
        .expect(201);
      const en = await t.http().post(`/templates/${key}/preview`).set(manager.auth).send({}).expect(200);
      expect(en.body).toMatchObject({
        requestedLocale: 'en',
        locale: 'default',
        data: { kind: 'sample' },
        parts: { text: 'Hi Olivia, 20€ off {today}! - Emma\nReply STOP to opt out.' },
      });
      expect(en.body.sms).toEqual({
        encoding: 'GSM-7',
        characters: 60,
        segments: 1,
        perSegment: 160,
        optOutLine: 'Reply STOP to opt out.',
      });
      const th = await t.http().post(`/templates/${key}/preview`).set(manager.auth).send({ locale: 'th-TH' }).expect(200);
      expect(th.body).toMatchObject({
        locale: 'th',
        parts: { text: 'สวัสดีคุณสมหญิง - Suda\nตอบกลับ STOP เพื่อยกเลิกการรับข้อความ' },
        sms: { encoding: 'UCS-2', segments: 1 },
      });
      await t.http().post(`/templates/${key}/preview`).set(manager.auth).send({ locale: 'xx_YY' }).expect(400);
    });

    it('signs an SMS in the preview as the send path does, with a hyphen that keeps it GSM-7', async () => {
      const key = newKey();
      await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({ key, channel: 'sms', variants: { default: { text: 'Thanks {{customer.firstName}}, see you soon!' } } })
        .expect(201);
      const res = await t.http().post(`/templates/${key}/preview`).set(manager.auth).send({}).expect(200);
      expect(res.body.parts.text).toBe('Thanks Olivia, see you soon! - Emma, Touchpoint Demo Shop\nReply STOP to opt out.');
      expect(res.body.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    });

    it('previews an unsaved template after the same checks as saving', async () => {
      const ok = await t
        .http()
        .post('/templates/preview')
        .set(manager.auth)
        .send({
          channel: 'card',
          locale: 'vi',
          variants: {
            default: { text: 'Dear {{customer.firstName}}', address: '{{customer.fullName}}' },
            vi: { text: 'Gửi {{customer.firstName}}', address: '{{customer.fullName}}' },
          },
        })
        .expect(200);
      expect(ok.body).toMatchObject({
        templateKey: null,
        channel: 'card',
        locale: 'vi',
        parts: { text: 'Gửi Lan', address: 'Nguyễn Lan' },
      });
      const bad = await t
        .http()
        .post('/templates/preview')
        .set(manager.auth)
        .send({ channel: 'sms', variants: { default: { text: '{{customer.nmae}}' } } })
        .expect(422);
      expect(bad.body.errors).toEqual([{ field: 'variants.default.text', reason: 'unknown variable customer.nmae at line 1' }]);
    });

    it('answers 422, not 500, when a stored template meets data it cannot render', async () => {
      const { key } = await createTemplate(t.db, { channel: 'sms', variants: { '': { text: '{{order.externalId}}' } } });
      const customer = await createCustomer(t.db, { accountManagerId: manager.id });
      const res = await t
        .http()
        .post(`/templates/${key}/preview`)
        .set(manager.auth)
        .send({ customerExternalId: customer.externalId })
        .expect(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'variants.default.text', reason: expect.stringContaining('cannot render') });
    });
  });

  describe('documentation and shipped templates', () => {
    it('publishes the variables and helpers', async () => {
      const res = await t.http().get('/templates/variables').set(manager.auth).expect(200);
      expect(Object.keys(res.body.variables)).toEqual(['customer', 'manager', 'order', 'company', 'touch']);
      expect(res.body.variables.customer.fields.birthday.fields.turning.type).toBe('number');
      expect(Object.keys(res.body.helpers)).toEqual(
        expect.arrayContaining(['date', 'time', 'money', 'firstNameOr', 'daysSince', 'ordinal']),
      );
      const docs = await t.http().get('/docs/openapi.json').expect(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/templates',
          '/templates/variables',
          '/templates/preview',
          '/templates/{key}',
          '/templates/{key}/variants/{locale}',
          '/templates/{key}/preview',
        ]),
      );
    });

    it('loads the shipped templates at first start', async () => {
      const res = await t.http().get('/templates/birthday-email').set(admin.auth).expect(200);
      expect(Object.keys(res.body.variants).sort()).toEqual(['default', 'ru', 'th', 'vi']);
      const company = await t.http().get('/templates/thank-you-sms').set(admin.auth).expect(200);
      expect(company.body.channel).toBe('sms');
    });

    it('loads shipped templates idempotently, even twice at once', async () => {
      const now = new Date('2026-06-15T12:00:00Z');
      const [a, b] = await Promise.all([
        t.db.transaction((m) => loadShippedTemplates(m, now)),
        t.db.transaction((m) => loadShippedTemplates(m, now)),
      ]);
      expect([...a, ...b]).toEqual([]);
      const counts: { key: string; n: string }[] = await t.db.query(
        `SELECT t.key, count(v.*) AS n FROM templates t JOIN template_variants v ON v.template_id = t.id
          WHERE t.key IN ('birthday-email', 'birthday-card', 'thank-you-email', 'checkin-call', 'thank-you-sms') GROUP BY t.key ORDER BY t.key`,
      );
      expect(counts.map((row) => [row.key, Number(row.n)])).toEqual([
        ['birthday-card', 4],
        ['birthday-email', 4],
        ['checkin-call', 4],
        ['thank-you-email', 4],
        ['thank-you-sms', 4],
      ]);
    });
  });

  describe('TemplatesService for other modules', () => {
    it('renders for a customer and a triggering order, and from its own copy', async () => {
      const service = t.app.get(TemplatesService);
      const contexts = t.app.get(TemplateContextService);
      const key = newKey();
      await t
        .http()
        .post('/templates')
        .set(admin.auth)
        .send({
          key,
          channel: 'email',
          variants: {
            default: {
              subject: 'Thanks {{firstNameOr "there"}}',
              html: '<p>{{#if order}}{{order.externalId}}{{/if}}</p>',
              text: '{{#if order}}{{money order.total order.currency}} {{daysSince order.placedAt}}{{/if}}',
            },
            th: {
              subject: 'ขอบคุณคุณ{{customer.firstName}}',
              html: '<p>{{#if order}}{{order.externalId}}{{/if}}</p>',
              text: '{{#if order}}{{date order.placedAt "long"}}{{/if}}',
            },
          },
        })
        .expect(201);
      const customer = await createCustomer(t.db, { firstName: 'สมชาย', locale: 'th-TH', timeZone: 'Asia/Bangkok' });
      const order = await createOrder(t.db, customer.id, { placedAt: '2026-06-12T18:00:00Z', total: '1500', currency: 'THB' });

      const now = new Date('2026-06-15T12:00:00Z');
      const message = await service.renderForCustomer(key, customer.id, { orderId: order.id, now });
      expect(message).toMatchObject({ templateKey: key, channel: 'email', locale: 'th', formatLocale: 'th-TH' });
      // 18:00 UTC on 12 June is 13 June in Bangkok.
      expect(message.parts).toEqual({ subject: 'ขอบคุณคุณสมชาย', html: `<p>${order.externalId}</p>`, text: '13 มิถุนายน 2569' });

      const context = await contexts.forCustomer(customer.id, { orderId: order.id, now });
      // daysSince counts from 13 June (Bangkok) to the touch date, 15 June.
      expect(service.render(key, 'en', context).parts.text).toBe('THB\u00a01,500.00 2');
      expect(service.render(key, 'th', context).locale).toBe('th');
      await expect(service.exists(key, 'email')).resolves.toBe(true);
      await expect(service.exists(key, 'sms')).resolves.toBe(false);
      expect(() => service.render('no-such-template', 'en', context)).toThrow('Template no-such-template not found');
      await expect(service.renderForCustomer(key, '999999999', { now })).rejects.toMatchObject({ kind: 'not_found' });
      const stranger = await createCustomer(t.db);
      await expect(service.renderForCustomer(key, stranger.id, { orderId: order.id, now })).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('builds many contexts at once, each entry the context or the error a single call would give', async () => {
      const contexts = t.app.get(TemplateContextService);
      const now = new Date('2026-06-15T12:00:00Z');
      const ana = await createCustomer(t.db, { firstName: 'Ana', locale: 'en-US', timeZone: 'America/New_York' });
      const bao = await createCustomer(t.db, { firstName: 'Bảo', locale: 'vi-VN', timeZone: 'Asia/Ho_Chi_Minh' });
      const order = await createOrder(t.db, ana.id, { placedAt: '2026-06-10T15:00:00Z', total: '80', currency: 'USD' });

      const results = await contexts.forCustomers([
        { customerId: ana.id, orderId: order.id, now },
        { customerId: bao.id, now, touchDate: '2026-06-16' },
        { customerId: '999999999', now },
        { customerId: 'not-an-id', now },
        { customerId: bao.id, orderId: order.id, now },
        { customerId: ana.id, now },
      ]);
      expect(results).toHaveLength(6);
      const [first, second, unknown, malformed, foreignOrder, again] = results;
      expect(first).toMatchObject({
        customer: { firstName: 'Ana' },
        order: { externalId: order.externalId },
        touch: { date: '2026-06-15' },
      });
      expect(second).toMatchObject({ customer: { firstName: 'Bảo', locale: 'vi-VN' }, order: null, touch: { date: '2026-06-16' } });
      expect(unknown).toMatchObject({ kind: 'not_found', message: expect.stringContaining('Customer') });
      expect(malformed).toMatchObject({ kind: 'not_found', message: expect.stringContaining('Customer') });
      // Ana's order is not Bảo's: as unknown as a missing one.
      expect(foreignOrder).toMatchObject({ kind: 'not_found', message: expect.stringContaining('Order') });
      expect(again).toMatchObject({ customer: { firstName: 'Ana' }, order: null });
      // The single form answers the same as the batch.
      await expect(contexts.forCustomer(ana.id, { orderId: order.id, now })).resolves.toEqual(first);
      await expect(contexts.forCustomers([])).resolves.toEqual([]);
    });
  });
});
