import { createTestApp, TestApp } from '../app';
import { createCustomer, createRule, createStaff, createTouch, StaffFixture, uniqueId } from '../factories';

/** Enabled rules here match no customer, so planners running in other test files never act on them. */
const nobody = () => ({ field: 'tags', op: 'contains', value: uniqueId('nobody') });

describe('touch ledger', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let mine: StaffFixture;
  let theirs: StaffFixture;
  let rule: { id: string; name: string };
  let myCustomer: { id: string; externalId: string };
  let theirCustomer: { id: string; externalId: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin' });
    mine = await createStaff(t.db, { role: 'manager', name: 'Mina Mine' });
    theirs = await createStaff(t.db, { role: 'manager', name: 'Theo Theirs' });
    rule = await createRule(t.db, { enabled: true, conditions: nobody() });
    myCustomer = await createCustomer(t.db, { accountManagerId: mine.id });
    theirCustomer = await createCustomer(t.db, { accountManagerId: theirs.id });
    // Five touches for my customer at distinct and equal times, two for theirs.
    ids.a = (await createTouch(t.db, myCustomer.id, rule.id, { scheduledAt: '2026-07-01T09:00:00Z' })).id;
    ids.b = (await createTouch(t.db, myCustomer.id, rule.id, { scheduledAt: '2026-07-02T09:00:00Z', channel: 'card', state: 'queued' })).id;
    ids.c = (await createTouch(t.db, myCustomer.id, rule.id, { scheduledAt: '2026-07-02T09:00:00Z', state: 'sent' })).id;
    ids.d = (await createTouch(t.db, myCustomer.id, rule.id, { scheduledAt: '2026-07-02T09:00:00.000123Z', state: 'delivered' })).id;
    ids.e = (await createTouch(t.db, myCustomer.id, rule.id, { scheduledAt: '2026-07-03T09:00:00Z', state: 'sending' })).id;
    ids.x = (await createTouch(t.db, theirCustomer.id, rule.id, { scheduledAt: '2026-07-01T10:00:00Z' })).id;
    ids.y = (
      await createTouch(t.db, theirCustomer.id, rule.id, { scheduledAt: '2026-07-04T10:00:00Z', state: 'failed', reason: 'bounced' })
    ).id;
  });
  afterAll(() => t.close());

  const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

  it('needs a token to read and the admin role to cancel', async () => {
    await t.http().get('/touches').expect(401);
    await t.http().get(`/touches/${ids.a}`).expect(401);
    await t.http().post(`/touches/${ids.a}/cancel`).expect(401);
    await t.http().post(`/touches/${ids.a}/cancel`).set(mine.auth).expect(403);
    await t.http().post(`/rules/${rule.id}/cancel-pending`).set(mine.auth).expect(403);
  });

  it('shows an admin every touch, a manager only those of their customers', async () => {
    const all = await t.http().get(`/touches?ruleId=${rule.id}`).set(admin.auth).expect(200);
    expect(idsOf(all.body)).toEqual([ids.a, ids.x, ids.b, ids.c, ids.d, ids.e, ids.y]);
    const asMine = await t.http().get(`/touches?ruleId=${rule.id}`).set(mine.auth).expect(200);
    expect(idsOf(asMine.body)).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e]);
    const asTheirs = await t.http().get(`/touches?ruleId=${rule.id}`).set(theirs.auth).expect(200);
    expect(idsOf(asTheirs.body)).toEqual([ids.x, ids.y]);
    // Asking for another manager's customer finds nothing rather than failing.
    const peek = await t.http().get(`/touches?customer=${theirCustomer.externalId}`).set(mine.auth).expect(200);
    expect(peek.body.items).toEqual([]);

    await t.http().get(`/touches/${ids.a}`).set(mine.auth).expect(200);
    await t.http().get(`/touches/${ids.x}`).set(mine.auth).expect(404);
    const one = await t.http().get(`/touches/${ids.x}`).set(admin.auth).expect(200);
    expect(one.body).toMatchObject({
      id: ids.x,
      state: 'planned',
      channel: 'email',
      localDate: '2026-06-20',
      rendered: null,
      customer: { id: theirCustomer.id, externalId: theirCustomer.externalId },
      rule: { id: rule.id, name: rule.name },
    });
  });

  it('filters by customer, state, channel and time range', async () => {
    const byCustomer = await t.http().get(`/touches?customer=${myCustomer.externalId}`).set(admin.auth).expect(200);
    expect(idsOf(byCustomer.body)).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e]);
    const byState = await t.http().get(`/touches?ruleId=${rule.id}&state=failed`).set(admin.auth).expect(200);
    expect(byState.body.items).toEqual([expect.objectContaining({ id: ids.y, reason: 'bounced' })]);
    const byChannel = await t.http().get(`/touches?ruleId=${rule.id}&channel=card`).set(admin.auth).expect(200);
    expect(idsOf(byChannel.body)).toEqual([ids.b]);
    const range = await t
      .http()
      .get(`/touches?ruleId=${rule.id}&from=2026-07-02T00:00:00Z&to=2026-07-03T09:00:00Z`)
      .set(admin.auth)
      .expect(200);
    expect(idsOf(range.body)).toEqual([ids.b, ids.c, ids.d]);
  });

  it('pages with a keyset cursor in both directions, keeping ties and microseconds', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/touches')
        .query({ ruleId: rule.id, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.a, ids.x, ids.b, ids.c, ids.d, ids.e, ids.y]);

    const first = await t.http().get('/touches').query({ ruleId: rule.id, limit: 3, order: 'desc' }).set(admin.auth).expect(200);
    expect(idsOf(first.body)).toEqual([ids.y, ids.e, ids.d]);
    const second = await t
      .http()
      .get('/touches')
      .query({ ruleId: rule.id, limit: 3, order: 'desc', cursor: first.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(idsOf(second.body)).toEqual([ids.c, ids.b, ids.x]);
  });

  it('answers 400 for bad filters and a forged cursor', async () => {
    const bad = await t.http().get('/touches?state=lost&channel=fax&limit=500&from=yesterday&ruleId=7').set(admin.auth).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'from', 'limit', 'ruleId', 'state']);
    const forged = Buffer.from(JSON.stringify(["2026-01-01'; DROP TABLE touches; --", '1'])).toString('base64url');
    const res = await t.http().get(`/touches?cursor=${forged}`).set(admin.auth).expect(400);
    expect(res.body.errors).toEqual([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
    await t.http().get('/touches?cursor=nonsense').set(admin.auth).expect(400);
    await t.http().get('/touches/abc').set(admin.auth).expect(400);
    await t.http().get('/touches/999999999').set(admin.auth).expect(404);
  });

  it('cancels a pending touch once, and answers 409 naming any other state', async () => {
    const customer = await createCustomer(t.db);
    const pending = await createTouch(t.db, customer.id, rule.id, { state: 'queued' });
    t.clock.set('2026-06-20T10:00:00Z');
    const res = await t.http().post(`/touches/${pending.id}/cancel`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({
      id: pending.id,
      state: 'cancelled',
      reason: 'cancelled_by_admin',
      updatedAt: '2026-06-20T10:00:00.000Z',
    });
    const again = await t.http().post(`/touches/${pending.id}/cancel`).set(admin.auth).expect(409);
    expect(again.body).toMatchObject({
      message: expect.stringContaining('is cancelled'),
      errors: [{ field: 'state', reason: 'is cancelled' }],
    });
    for (const state of ['sending', 'sent', 'delivered', 'done']) {
      const touch = await createTouch(t.db, customer.id, rule.id, { state });
      const conflict = await t.http().post(`/touches/${touch.id}/cancel`).set(admin.auth).expect(409);
      expect(conflict.body.errors).toEqual([{ field: 'state', reason: `is ${state}` }]);
    }
    await t.http().post('/touches/999999999/cancel').set(admin.auth).expect(404);
  });

  it('cancels every pending touch of a rule and returns the count, leaving the rule enabled', async () => {
    const r = await createRule(t.db, { enabled: true, conditions: nobody() });
    const customer = await createCustomer(t.db);
    await createTouch(t.db, customer.id, r.id, { state: 'planned' });
    await createTouch(t.db, customer.id, r.id, { state: 'queued' });
    await createTouch(t.db, customer.id, r.id, { state: 'sent' });
    const res = await t.http().post(`/rules/${r.id}/cancel-pending`).set(admin.auth).expect(200);
    expect(res.body).toEqual({ cancelled: 2 });
    const again = await t.http().post(`/rules/${r.id}/cancel-pending`).set(admin.auth).expect(200);
    expect(again.body).toEqual({ cancelled: 0 });
    const rows = await t.db.query(`SELECT state, reason, count(*)::int AS n FROM touches WHERE rule_id = $1 GROUP BY 1, 2 ORDER BY 1`, [
      r.id,
    ]);
    expect(rows).toEqual([
      { state: 'cancelled', reason: 'cancelled_by_admin', n: 2 },
      { state: 'sent', reason: null, n: 1 },
    ]);
    const [ruleRow] = await t.db.query(`SELECT enabled FROM rules WHERE id = $1`, [r.id]);
    expect(ruleRow.enabled).toBe(true);
  });
});
