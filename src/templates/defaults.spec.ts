import { sampleContext } from './context';
import { readShippedTemplates } from './defaults';
import { renderTemplate } from './renderer';
import { noticeWording } from '../consent/notices';
import { composeSms } from './sms';
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
      // Personal, not bulk: what the customer reads is signed by their manager (calls are read by the
      // manager; SMS are signed when sent, by composeSms, checked below).
      if (template.channel !== 'call' && template.channel !== 'sms') expect(message.parts.text).toContain(context.manager.firstName);
      if (template.channel === 'card') expect(message.parts.address).toContain(context.customer.address!.city);
      if (template.key === 'thank-you-email') expect(message.parts.text).toContain(context.order!.externalId);
    });

    it('renders without an order, address or purchase history', () => {
      const context = sampleContext({ locale: 'en', now, company });
      const bare = {
        ...context,
        order: null,
        customer: { ...context.customer, address: null, lastOrderAt: null, daysSinceLastOrder: null, customerSince: null, birthday: null },
      };
      for (const locale of ['en', 'vi', 'ru', 'th']) expect(() => renderTemplate(template, locale, bare, 'en')).not.toThrow();
    });
  });

  it('keeps the English thank-you SMS, as first sent to a number (signed once, with the opt-out line), to one GSM-7 segment', () => {
    const sms = shipped.find((t) => t.key === 'thank-you-sms')!;
    const send = (locale: string) => {
      const context = sampleContext({ locale, now, company });
      const text = renderTemplate(sms, locale, context, 'en').parts.text;
      return composeSms({
        text,
        signer: { managerFirstName: context.manager.firstName, companyName: company.name },
        optOutLine: noticeWording(locale).smsOptOut,
      });
    };
    const english = send('en');
    expect(english.info).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(english.body).toMatch(/just reply here\. - Emma, Touchpoint Demo Shop\nReply STOP to opt out\.$/);
    expect(english.body.match(/Emma/g)).toHaveLength(1);
    for (const locale of ['vi', 'ru', 'th']) {
      const local = send(locale);
      expect(local.info).toMatchObject({ encoding: 'UCS-2' });
      // UCS-2 segments hold 67 characters: the opt-out line of a first message may take a third.
      expect(local.info.segments).toBeLessThanOrEqual(3);
      expect(local.body.match(new RegExp(sampleContext({ locale, now, company }).manager.firstName, 'g'))).toHaveLength(1);
      expect(local.body.endsWith(noticeWording(locale).smsOptOut)).toBe(true);
    }
  });
});
