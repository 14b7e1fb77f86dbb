import { sampleContext } from './context';
import { readShippedTemplates } from './defaults';
import { renderTemplate } from './renderer';
import { smsInfo } from './sms';
import { CHANNEL_PARTS } from './template.types';
import { checkVariant } from './variant-input';

const shipped = readShippedTemplates();
const now = new Date('2026-06-15T12:00:00Z');
const company = { name: 'Touchpoint Demo Shop', currency: 'USD' };

describe('shipped templates', () => {
  it('are the five the app promises, each with a default (en), vi, ru and th variant', () => {
    expect(shipped.map((t) => [t.key, t.channel])).toEqual([
      ['birthday-card', 'card'],
      ['birthday-email', 'email'],
      ['checkin-call', 'call'],
      ['thank-you-email', 'email'],
      ['thank-you-sms', 'sms'],
    ]);
    for (const template of shipped) expect([...template.variants.keys()].sort()).toEqual(['', 'ru', 'th', 'vi']);
  });

  describe.each(shipped.map((t) => [t.key, t] as const))('%s', (_key, template) => {
    it('passes the save-time compile check in every locale', () => {
      for (const [locale, parts] of template.variants) {
        expect(Object.keys(parts).sort()).toEqual([...CHANNEL_PARTS[template.channel]].sort());
        expect(checkVariant(parts, `variants.${locale || 'default'}`)).toEqual([]);
      }
    });

    it.each(['en-US', 'vi-VN', 'ru-RU', 'th-TH'])('renders for a sample %s customer, in their language', (locale) => {
      const context = sampleContext({ locale, now, company });
      const message = renderTemplate(template, locale, context, 'en');
      expect(message.locale).toBe(locale === 'en-US' ? '' : locale.slice(0, 2));
      for (const text of Object.values(message.parts)) {
        expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN|\[object/);
      }
      // Personal, not bulk: what the customer reads is signed by their manager (calls are read by the manager).
      if (template.channel !== 'call') expect(message.parts.text).toContain(context.manager.firstName);
      if (template.channel === 'card') expect(message.parts.address).toContain(context.customer.address!.city);
      if (template.key === 'thank-you-email') expect(message.parts.text).toContain(context.order!.externalId);
    });

    it('renders without an order, address or purchase history', () => {
      const context = sampleContext({ locale: 'en', now, company });
      const bare = { ...context, order: null, customer: { ...context.customer, address: null, lastOrderAt: null, daysSinceLastOrder: null, customerSince: null, birthday: null } };
      for (const locale of ['en', 'vi', 'ru', 'th']) expect(() => renderTemplate(template, locale, bare, 'en')).not.toThrow();
    });
  });

  it('keeps the English thank-you SMS to one GSM-7 segment', () => {
    const sms = shipped.find((t) => t.key === 'thank-you-sms')!;
    const message = renderTemplate(sms, 'en', sampleContext({ locale: 'en', now, company }), 'en');
    expect(smsInfo(message.parts.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    for (const locale of ['vi', 'ru', 'th']) {
      const local = renderTemplate(sms, locale, sampleContext({ locale, now, company }), 'en');
      expect(smsInfo(local.parts.text)).toMatchObject({ encoding: 'UCS-2' });
      expect(smsInfo(local.parts.text).segments).toBeLessThanOrEqual(2);
    }
  });
});
