import { DomainError } from '../common/errors';
import { buildTemplateContext, TemplateContext } from './context';
import { RenderableTemplate, renderPart, RenderSettings, renderTemplate, TemplateNotFoundError } from './renderer';
import { VariantParts } from './template.types';

const settings: RenderSettings = { locale: 'en-US', timeZone: 'America/New_York', today: '2026-06-15', currency: 'USD' };

function context(overrides: { firstName?: string; locale?: string; timeZone?: string } = {}): TemplateContext {
  return buildTemplateContext({
    customer: {
      first_name: overrides.firstName ?? 'Olivia',
      last_name: 'Smith',
      email: null,
      phone: null,
      birth_year: 1986,
      birth_month: 6,
      birth_day: 21,
      customer_since: null,
      time_zone: overrides.timeZone ?? 'America/New_York',
      locale: overrides.locale ?? 'en-US',
      tier: null,
      tags: ['vip', 'wine'],
      lifetime_value: '1200.0000',
      order_count: 3,
      last_order_at: new Date('2026-06-10T02:00:00Z'),
      address: null,
    },
    manager: { name: 'Emma Clarke', email: 'emma@example.com', phone: null, email_signature: 'Emma Clarke\nTom & Co <Sales>' },
    order: { external_id: 'A-1', total: '1249.5000', currency: 'EUR', placed_at: new Date('2026-06-10T02:00:00Z') },
    company: { name: 'Tom & Jerry <Shop>', currency: 'USD' },
    touchDate: '2026-06-15',
  });
}

describe('renderPart', () => {
  it('escapes values in HTML parts only', () => {
    const ctx = context({ firstName: '<script>alert(1)</script>' });
    expect(renderPart('<p>Hi {{customer.firstName}}</p>', 'html', ctx, settings)).toBe('<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(renderPart('Hi {{customer.firstName}}', 'text', ctx, settings)).toBe('Hi <script>alert(1)</script>');
    expect(renderPart('{{company.name}}', 'subject', ctx, settings)).toBe('Tom & Jerry <Shop>');
    expect(renderPart('{{company.name}}', 'html', ctx, settings)).toBe('Tom &amp; Jerry &lt;Shop&gt;');
  });

  it('escapes helper output in HTML too, except nl2br which escapes itself', () => {
    const ctx = context({ firstName: 'A&B' });
    expect(renderPart('{{firstNameOr "there"}}', 'html', ctx, settings)).toBe('A&amp;B');
    expect(renderPart('{{nl2br manager.signature}}', 'html', ctx, settings)).toBe('Emma Clarke<br>\nTom &amp; Co &lt;Sales&gt;');
  });

  it('formats with the settings: locale, zone, currency and touch date', () => {
    const ctx = context();
    const source =
      '{{date order.placedAt "long"}} {{time order.placedAt}} {{money order.total order.currency}} {{money customer.lifetimeValue}} {{daysSince order.placedAt}} {{ordinal customer.birthday.turning}}';
    expect(renderPart(source, 'text', ctx, settings)).toBe('June 9, 2026 10:00 PM €1,249.50 $1,200.00 6 40th');
    expect(renderPart(source, 'text', ctx, { ...settings, locale: 'ru', timeZone: 'Europe/Moscow' }).replace(/\u00a0/g, ' ')).toBe(
      '10 июня 2026 г. 05:00 1 249,50 € 1 200,00 $ 5 40-й',
    );
    expect(renderPart('{{date order.placedAt "long"}}', 'text', ctx, { ...settings, locale: 'th', timeZone: 'Asia/Bangkok' })).toBe(
      '10 มิถุนายน 2569',
    );
    expect(renderPart('{{date customer.birthday}}', 'text', ctx, { ...settings, locale: 'vi-VN' })).toBe('21 tháng 6');
  });

  it("picks word forms by the locale's plural rules", () => {
    const source =
      '{{customer.birthday.turning}} {{plural customer.birthday.turning one="year" other="years"}}, 1 {{plural 1 one="order" other="orders"}}';
    expect(renderPart(source, 'text', context(), settings)).toBe('40 years, 1 order');
    const ru = '{{plural 3 one="заказ" few="заказа" many="заказов"}}';
    expect(renderPart(ru, 'text', context(), { ...settings, locale: 'ru' })).toBe('заказа');
  });

  it('falls back to the customer for firstNameOr', () => {
    expect(renderPart('Hi {{firstNameOr "there"}}', 'text', context({ firstName: ' ' }), settings)).toBe('Hi there');
    expect(renderPart('Hi {{firstNameOr customer.lastName "there"}}', 'text', context(), settings)).toBe('Hi Smith');
  });

  it('throws a domain error, not a crash, when strict mode finds a missing value', () => {
    const run = () => renderPart('{{order.externalId}}', 'text', { ...context(), order: null }, settings, 'variants.default.text');
    expect(run).toThrow(DomainError);
    try {
      run();
    } catch (error) {
      expect((error as DomainError).kind).toBe('unprocessable');
      expect((error as DomainError).errors[0]).toMatchObject({
        field: 'variants.default.text',
        reason: expect.stringContaining('externalId'),
      });
    }
  });

  it('does not reach prototype properties or methods', () => {
    class Person {
      get secret() {
        return 'leaked';
      }
    }
    const ctx = { ...context(), customer: new Person() } as unknown as TemplateContext;
    // Handlebars denies the access (and warns once); the value never reaches the output.
    const warn = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(renderPart('[{{customer.secret}}]', 'text', ctx, settings)).toBe('[]');
    expect(renderPart('[{{customer.constructor}}]', 'text', context(), settings)).toBe('[]');
    warn.mockRestore();
  });

  it('renders #each over tags and block params', () => {
    expect(
      renderPart('{{#each customer.tags as |tag i|}}{{i}}={{tag}}{{#unless @last}}, {{/unless}}{{/each}}', 'text', context(), settings),
    ).toBe('0=vip, 1=wine');
  });
});

describe('renderTemplate', () => {
  const variant = (word: string): VariantParts => ({
    subject: `${word} {{customer.firstName}}`,
    html: `<p>${word}</p>`,
    text: `${word} {{date touch.date "long"}}`,
  });
  const template: RenderableTemplate = {
    key: 'hello',
    channel: 'email',
    variants: new Map([
      ['', variant('Hello')],
      ['vi', variant('Xin chào')],
      ['vi-VN', variant('Chào')],
      ['ru', variant('Привет')],
    ]),
  };

  it.each([
    ['vi-VN', 'vi-VN', 'vi-VN', 'Chào 15 tháng 6, 2026'],
    ['vi', 'vi', 'vi', 'Xin chào 15 tháng 6, 2026'],
    ['ru-RU', 'ru', 'ru-RU', 'Привет 15 июня 2026 г.'],
    ['th', '', 'en', 'Hello June 15, 2026'],
    ['en-GB', '', 'en-GB', 'Hello 15 June 2026'],
  ])('asked %s, uses variant %j formatted as %s', (requested, locale, formatLocale, text) => {
    const message = renderTemplate(template, requested, context(), 'en');
    expect(message).toMatchObject({ templateKey: 'hello', channel: 'email', locale, formatLocale });
    expect(message.parts.text).toBe(text);
  });

  it('renders every part of the channel', () => {
    expect(renderTemplate(template, 'en', context(), 'en').parts).toEqual({
      subject: 'Hello Olivia',
      html: '<p>Hello</p>',
      text: 'Hello June 15, 2026',
    });
  });

  it('fails with a not-found domain error without a default variant to fall back to', () => {
    const partial: RenderableTemplate = { ...template, variants: new Map([['vi', variant('Xin chào')]]) };
    expect(() => renderTemplate(partial, 'ru', context(), 'en')).toThrow(TemplateNotFoundError);
    expect(renderTemplate(partial, 'vi-VN', context(), 'en').locale).toBe('vi');
  });
});
