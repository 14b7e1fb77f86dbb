import { DEV_SIGNING_SECRET } from '../../src/config/env';
import { signUnsubscribe } from '../../src/consent/unsubscribe-link';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createTouch } from '../factories';
import { consentOf, events, suppressionCount, touchState, uniquePhone } from './helpers';

describe('one-click unsubscribe', () => {
  let t: TestApp;
  let ruleId: string;
  const token = (customerId: string, channel: 'email' | 'sms' = 'email', touchId?: string) =>
    signUnsubscribe({ customerId, channel, touchId }, DEV_SIGNING_SECRET);

  beforeAll(async () => {
    t = await createTestApp({ env: { COMPANY_NAME: 'Linh & Co' } });
    ruleId = (await createRule(t.db)).id;
  });
  afterAll(() => t.close());

  it('shows a confirmation page with a one-click form, changing nothing', async () => {
    const customer = await createCustomer(t.db);
    const link = token(customer.id);
    const res = await t.http().get(`/u/${link}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Unsubscribe from emails');
    expect(res.text).toContain('emails from Linh &#38; Co.');
    expect(res.text).toContain(`<form method="post" action="${link}">`);
    expect(res.text).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await suppressionCount(t.db, 'email', `${customer.externalId}@example.com`)).toBe(0);
    expect((await consentOf(t.db, customer.id, 'email'))?.status).toBe('granted');
  });

  it.each([
    ['vi-VN', 'vi', 'Hủy đăng ký nhận email', 'Bạn đã hủy đăng ký'],
    ['ru', 'ru', 'Отписка от писем', 'Вы отписались'],
    ['th-TH', 'th', 'ยกเลิกการรับอีเมล', 'ยกเลิกการรับเรียบร้อยแล้ว'],
    ['de', 'en', 'Unsubscribe from emails', 'You are unsubscribed'],
  ])("speaks the customer's language (%s)", async (locale, lang, confirm, done) => {
    const customer = await createCustomer(t.db, { locale });
    const link = token(customer.id);
    const page = await t.http().get(`/u/${link}`).expect(200);
    expect(page.text).toContain(`<html lang="${lang}">`);
    expect(page.text).toContain(confirm);
    const after = await t.http().post(`/u/${link}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(after.text).toContain(`<html lang="${lang}">`);
    expect(after.text).toContain(done);
  });

  it('unsubscribes at once on the RFC 8058 POST and cancels pending email touches in the same request', async () => {
    const customer = await createCustomer(t.db, { email: 'Mixed.Case@Example.com' });
    const sentTouch = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
    const planned = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'planned' });
    const queued = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'queued' });
    const sms = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'planned' });
    const link = token(customer.id, 'email', sentTouch.id);

    const res = await t
      .http()
      .post(`/u/${link}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('Linh &#38; Co will not send you any more emails.');

    expect(await suppressionCount(t.db, 'email', 'mixed.case@example.com')).toBe(1);
    const [suppression] = await t.db.query(`SELECT reason, source, customer_id FROM suppressions WHERE address = 'mixed.case@example.com'`);
    expect(suppression).toEqual({ reason: 'unsubscribe', source: 'unsubscribe_link', customer_id: customer.id });
    expect(await touchState(t.db, planned.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
    expect(await touchState(t.db, queued.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
    expect(await touchState(t.db, sentTouch.id)).toEqual({ state: 'sent', reason: null });
    expect(await touchState(t.db, sms.id)).toEqual({ state: 'planned', reason: null });
    expect(await consentOf(t.db, customer.id, 'email')).toEqual({
      status: 'withdrawn',
      at: '2026-06-15T12:00:00.000Z',
      source: 'unsubscribe_link',
    });
    expect((await consentOf(t.db, customer.id, 'sms'))?.status).toBe('granted');
    const unsubscribed = await events(t.db, customer.id, 'unsubscribed');
    expect(unsubscribed).toEqual([
      expect.objectContaining({ touch_id: sentTouch.id, detail: expect.objectContaining({ channel: 'email', cancelledTouches: 2 }) }),
    ]);

    // A second click (or a mail client retrying) changes nothing more.
    await t.http().post(`/u/${link}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await t.http().post(`/u/${link}`).expect(200);
    expect(await suppressionCount(t.db, 'email', 'mixed.case@example.com')).toBe(1);
    expect(await events(t.db, customer.id, 'unsubscribed')).toHaveLength(1);
  });

  it('unsubscribes a phone number from an SMS link', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(t.db, { phone });
    const pending = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'queued' });
    const email = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'planned' });
    const res = await t
      .http()
      .post(`/u/${token(customer.id, 'sms')}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(res.text).toContain('will not send you any more text messages');
    expect(await suppressionCount(t.db, 'sms', phone)).toBe(1);
    expect(await touchState(t.db, pending.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
    expect(await touchState(t.db, email.id)).toEqual({ state: 'planned', reason: null });
  });

  it('answers 400 to a forged or damaged link and changes nothing', async () => {
    const customer = await createCustomer(t.db);
    const address = `${customer.externalId}@example.com`;
    const planned = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'planned' });
    const good = token(customer.id);
    const [body, mac] = good.split('.');
    const forged = signUnsubscribe({ customerId: customer.id, channel: 'email' }, 'some-other-secret-of-16+');
    const tampered = `${Buffer.from(JSON.stringify([customer.id, 'sms', null])).toString('base64url')}.${mac}`;
    for (const bad of [forged, tampered, `${body}.`, body, `${good}.x`, 'nonsense']) {
      const page = await t.http().get(`/u/${bad}`).expect(400);
      expect(page.text).toContain('This link does not work');
      const post = await t.http().post(`/u/${bad}`).type('form').send('List-Unsubscribe=One-Click').expect(400);
      expect(post.headers['content-type']).toMatch(/^text\/html/);
    }
    expect(await suppressionCount(t.db, 'email', address)).toBe(0);
    expect(await touchState(t.db, planned.id)).toEqual({ state: 'planned', reason: null });
    expect((await consentOf(t.db, customer.id, 'email'))?.status).toBe('granted');
  });

  it('answers 200 for a customer who no longer exists', async () => {
    await t
      .http()
      .get(`/u/${token('987654321')}`)
      .expect(200);
    await t
      .http()
      .post(`/u/${token('987654321')}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
  });
});
