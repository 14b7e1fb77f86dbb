import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, createTouch, StaffFixture } from '../factories';
import { consentOf, events, suppressionCount, touchState, uniquePhone } from './helpers';

describe('suppressions admin API', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
    manager = await createStaff(t.db, { role: 'manager' });
    ruleId = (await createRule(t.db)).id;
  });
  afterAll(() => t.close());

  it('is for admins only', async () => {
    await t.http().get('/suppressions').expect(401);
    await t.http().post('/suppressions').send({ channel: 'email', address: 'x@example.com' }).expect(401);
    await t.http().delete('/suppressions/1').expect(401);
    await t.http().get('/suppressions').set(manager.auth).expect(403);
    await t.http().post('/suppressions').set(manager.auth).send({ channel: 'email', address: 'x@example.com' }).expect(403);
    await t.http().delete('/suppressions/1').set(manager.auth).expect(403);
    expect(await suppressionCount(t.db, 'email', 'x@example.com')).toBe(0);
  });

  it('adds a normalized address, cancels pending touches on that channel in the same request, and answers 409 the second time', async () => {
    const customer = await createCustomer(t.db);
    const email = `${customer.externalId}@example.com`;
    const planned = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'planned' });
    const queued = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'queued' });
    const sent = await createTouch(t.db, customer.id, ruleId, { channel: 'email', state: 'sent' });
    const sms = await createTouch(t.db, customer.id, ruleId, { channel: 'sms', state: 'planned' });

    const res = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({ channel: 'email', address: `  ${email.toUpperCase()} ` })
      .expect(201);
    expect(res.body).toMatchObject({ channel: 'email', address: email, reason: 'admin', source: `admin:${admin.id}`, customerId: null });

    expect(await touchState(t.db, planned.id)).toEqual({ state: 'cancelled', reason: 'suppressed' });
    expect(await touchState(t.db, queued.id)).toEqual({ state: 'cancelled', reason: 'suppressed' });
    expect(await touchState(t.db, sent.id)).toEqual({ state: 'sent', reason: null });
    expect(await touchState(t.db, sms.id)).toEqual({ state: 'planned', reason: null });
    // An admin's suppression is not the customer withdrawing consent.
    expect((await consentOf(t.db, customer.id, 'email'))?.status).toBe('granted');

    const again = await t.http().post('/suppressions').set(admin.auth).send({ channel: 'email', address: email }).expect(409);
    expect(again.body.errors).toEqual([{ field: 'address', reason: 'is already suppressed for email' }]);
    expect(await suppressionCount(t.db, 'email', email)).toBe(1);
  });

  it('records a customer\'s spoken "no" with consent withdrawn and a timeline event', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(t.db, { phone });
    const call = await createTouch(t.db, customer.id, ruleId, { channel: 'call', state: 'planned' });
    const res = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({
        channel: 'call',
        address: phone.replace('+84', '+84 ').replace(/(\d{3})(\d{4})$/, '$1 $2'),
        reason: 'asked_not_to_call',
        customerId: customer.id,
      })
      .expect(201);
    expect(res.body).toMatchObject({ channel: 'call', address: phone, customerId: customer.id, reason: 'asked_not_to_call' });
    expect(await touchState(t.db, call.id)).toEqual({ state: 'cancelled', reason: 'unsubscribed' });
    expect(await consentOf(t.db, customer.id, 'call')).toEqual({
      status: 'withdrawn',
      at: '2026-06-15T12:00:00.000Z',
      source: `admin:${admin.id}`,
    });
    expect((await events(t.db, customer.id, 'unsubscribed')).map((e) => e.detail)).toEqual([
      expect.objectContaining({ channel: 'call', reason: 'asked_not_to_call', cancelledTouches: 1 }),
    ]);
  });

  it('names every bad field', async () => {
    const bad = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({ channel: 'fax', address: '', reason: 'because', extra: 1 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address', 'channel', 'extra', 'reason']);

    const email = await t.http().post('/suppressions').set(admin.auth).send({ channel: 'email', address: 'not-an-email' }).expect(400);
    expect(email.body.errors).toEqual([{ field: 'address', reason: 'must be an email address' }]);
    const phone = await t.http().post('/suppressions').set(admin.auth).send({ channel: 'sms', address: '0901234567' }).expect(400);
    expect(phone.body.errors[0].field).toBe('address');
    const customer = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({ channel: 'email', address: 'someone@example.com', customerId: '999999999' })
      .expect(400);
    expect(customer.body.errors).toEqual([{ field: 'customerId', reason: 'is not a known customer id' }]);
    const notNumeric = await t
      .http()
      .post('/suppressions')
      .set(admin.auth)
      .send({ channel: 'email', address: 'someone@example.com', customerId: 'abc' })
      .expect(400);
    expect(notNumeric.body.errors[0].field).toBe('customerId');
    expect(await suppressionCount(t.db, 'email', 'someone@example.com')).toBe(0);

    await t.http().get('/suppressions?limit=0').set(admin.auth).expect(400);
    const cursor = await t.http().get('/suppressions?cursor=bm9wZQ').set(admin.auth).expect(400);
    expect(cursor.body.errors[0].field).toBe('cursor');
  });

  it('lists by channel and address, a page at a time, and lifts by id', async () => {
    const a = `list-a-${Date.now()}@example.com`;
    const b = `list-b-${Date.now()}@example.com`;
    const phone = uniquePhone();
    for (const [channel, address] of [
      ['email', a],
      ['email', b],
      ['sms', phone],
    ]) {
      await t.http().post('/suppressions').set(admin.auth).send({ channel, address }).expect(201);
    }
    const exact = await t.http().get('/suppressions').query({ channel: 'email', address: a.toUpperCase() }).set(admin.auth).expect(200);
    expect(exact.body.items.map((s: { address: string }) => s.address)).toEqual([a]);
    const sms = await t.http().get('/suppressions').query({ channel: 'sms', address: phone }).set(admin.auth).expect(200);
    expect(sms.body.items).toHaveLength(1);

    const first = await t.http().get('/suppressions').query({ address: 'list-', limit: 1 }).set(admin.auth).expect(200);
    expect(first.body.items.map((s: { address: string }) => s.address)).toEqual([b]);
    const second = await t
      .http()
      .get('/suppressions')
      .query({ address: 'list-', limit: 1, cursor: first.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(second.body.items.map((s: { address: string }) => s.address)).toEqual([a]);
    expect(second.body.nextCursor).toBeNull();

    const id = exact.body.items[0].id;
    await t.http().delete(`/suppressions/${id}`).set(admin.auth).expect(204);
    await t.http().delete(`/suppressions/${id}`).set(admin.auth).expect(404);
    const notId = await t.http().delete('/suppressions/abc').set(admin.auth).expect(400);
    expect(notId.body.errors[0].field).toBe('id');
    expect(await suppressionCount(t.db, 'email', a)).toBe(0);
  });
});
