import { createStaff, StaffFixture } from '../factories';
import { createTestApp, TestApp } from '../app';

describe('staff and tokens', () => {
  let t: TestApp;
  let admin: StaffFixture;
  let manager: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.db, { role: 'admin', name: 'Ann Admin' });
    manager = await createStaff(t.db, { role: 'manager', name: 'Max Manager' });
  });
  afterAll(() => t.close());

  it('refuses requests without a valid token', async () => {
    const none = await t.http().get('/me').expect(401);
    expect(none.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('bearer') });
    await t.http().get('/me').set('Authorization', 'Bearer tp_not_a_real_token_at_all').expect(401);
    await t.http().get('/me').set('Authorization', 'Basic abc').expect(401);
  });

  it('leaves /health and /docs open', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body.info.database.status).toBe('up');
    const docs = await t.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/staff', '/staff/{id}/tokens', '/tokens/{id}', '/health']));
  });

  it('shows the signed-in staff member', async () => {
    const me = await t.http().get('/me').set(manager.auth).expect(200);
    expect(me.body).toMatchObject({ id: manager.id, role: 'manager', name: 'Max Manager' });
  });

  it('lets an admin create staff with normalized phone and refuses a manager', async () => {
    const body = {
      name: 'New Person',
      email: `New.${Date.now()}@Example.test`,
      role: 'manager',
      timeZone: 'Asia/Bangkok',
      phone: '+66 81 234 5678',
    };
    await t.http().post('/staff').set(manager.auth).send(body).expect(403);
    const created = await t.http().post('/staff').set(admin.auth).send(body).expect(201);
    expect(created.body).toMatchObject({ phone: '+66812345678', email: body.email.toLowerCase(), dailyCapacity: 20 });
    const again = await t
      .http()
      .post('/staff')
      .set(admin.auth)
      .send({ ...body, email: body.email.toUpperCase() })
      .expect(409);
    expect(again.body.errors).toEqual([{ field: 'email', reason: 'is already in use' }]);
  });

  it('names every bad field', async () => {
    const res = await t
      .http()
      .post('/staff')
      .set(admin.auth)
      .send({ name: '', email: 'nope', role: 'boss', timeZone: 'Mars/Olympus', dailyCapacity: -1, extra: true })
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['dailyCapacity', 'email', 'extra', 'name', 'role', 'timeZone']);
    const phone = await t
      .http()
      .post('/staff')
      .set(admin.auth)
      .send({ name: 'P', email: `p${Date.now()}@x.test`, role: 'manager', timeZone: 'UTC', phone: '12' })
      .expect(400);
    expect(phone.body.errors[0].field).toBe('phone');
  });

  it('checks absence and backup across fields', async () => {
    const bad = await t
      .http()
      .patch(`/staff/${manager.id}`)
      .set(admin.auth)
      .send({ awayFrom: '2026-07-10', awayUntil: '2026-07-01' })
      .expect(400);
    expect(bad.body.errors[0]).toEqual({ field: 'awayUntil', reason: 'must not be before awayFrom' });
    await t.http().patch(`/staff/${manager.id}`).set(admin.auth).send({ backupStaffId: manager.id }).expect(400);
    await t
      .http()
      .patch(`/staff/${manager.id}`)
      .set(admin.auth)
      .send({ backupStaffId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    const ok = await t
      .http()
      .patch(`/staff/${manager.id}`)
      .set(admin.auth)
      .send({ awayFrom: '2026-07-01', awayUntil: '2026-07-10', backupStaffId: admin.id })
      .expect(200);
    expect(ok.body).toMatchObject({ awayFrom: '2026-07-01', awayUntil: '2026-07-10', backupStaffId: admin.id });
  });

  it('refuses null for a field every staff member must have, and changes nothing', async () => {
    const person = await createStaff(t.db, { name: 'Nora Null', timeZone: 'Asia/Bangkok' });
    for (const field of ['name', 'email', 'role', 'timeZone']) {
      const res = await t
        .http()
        .patch(`/staff/${person.id}`)
        .set(admin.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const after = await t.http().get(`/staff/${person.id}`).set(admin.auth).expect(200);
    expect(after.body).toMatchObject({ name: 'Nora Null', email: person.email, role: 'manager', timeZone: 'Asia/Bangkok' });
    const cleared = await t
      .http()
      .patch(`/staff/${person.id}`)
      .set(admin.auth)
      .send({ phone: null, emailSignature: null, awayFrom: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ phone: null, emailSignature: null, awayFrom: null });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await t.http().get('/staff/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    await t.http().get('/staff/not-a-uuid').set(admin.auth).expect(400);
  });

  it('issues a token once, stores only its hash, and revokes it', async () => {
    const issued = await t.http().post(`/staff/${manager.id}/tokens`).set(admin.auth).send({ name: 'phone' }).expect(201);
    const token: string = issued.body.token;
    expect(token).toMatch(/^tp_/);
    const stored = await t.db.query('SELECT token_hash FROM api_tokens WHERE id = $1', [issued.body.id]);
    expect(stored[0].token_hash).not.toContain(token);

    await t.http().get('/me').set('Authorization', `Bearer ${token}`).expect(200);
    const listed = await t.http().get(`/staff/${manager.id}/tokens`).set(admin.auth).expect(200);
    const entry = listed.body.find((row: { id: string }) => row.id === issued.body.id);
    expect(entry).toMatchObject({ name: 'phone', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    await t.http().delete(`/tokens/${issued.body.id}`).set(manager.auth).expect(403);
    await t.http().delete(`/tokens/${issued.body.id}`).set(admin.auth).expect(204);
    await t.http().get('/me').set('Authorization', `Bearer ${token}`).expect(401);
    await t.http().delete('/tokens/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
  });

  it('signs out staff made inactive', async () => {
    const person = await createStaff(t.db);
    await t.http().patch(`/staff/${person.id}`).set(admin.auth).send({ active: false }).expect(200);
    await t.http().get('/me').set(person.auth).expect(401);
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await t.http().post('/staff').set(admin.auth).set('Content-Type', 'application/json').send('{"name":').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field: 'body', reason: 'is not valid JSON' }] });
  });

  describe('the last active admin', () => {
    let others: string[] = [];
    beforeAll(async () => {
      // Other test files' admins share this database: set them aside for these tests only.
      const rows: { id: string }[] = await t.db.query(
        `UPDATE staff SET active = false WHERE role = 'admin' AND active AND id <> $1 RETURNING id`,
        [admin.id],
      );
      others = rows.map((row) => row.id);
    });
    afterAll(async () => {
      await t.db.query(`UPDATE staff SET active = true WHERE id = ANY($1::uuid[])`, [others]);
    });

    it('cannot demote or deactivate themselves, and stays an admin', async () => {
      const demote = await t.http().patch(`/staff/${admin.id}`).set(admin.auth).send({ role: 'manager' }).expect(409);
      expect(demote.body).toMatchObject({
        statusCode: 409,
        errors: [{ field: 'role', reason: expect.stringContaining('another active admin') }],
      });
      const deactivate = await t.http().patch(`/staff/${admin.id}`).set(admin.auth).send({ active: false }).expect(409);
      expect(deactivate.body.errors[0].field).toBe('active');
      expect((await t.http().get('/me').set(admin.auth).expect(200)).body).toMatchObject({ role: 'admin' });
    });

    it('can step down once another admin is active', async () => {
      const second = await createStaff(t.db, { role: 'admin', name: 'Second Admin' });
      await t.http().patch(`/staff/${admin.id}`).set(admin.auth).send({ role: 'manager' }).expect(200);
      await t.http().patch(`/staff/${second.id}`).set(second.auth).send({ active: false }).expect(409);
      await t.http().patch(`/staff/${admin.id}`).set(second.auth).send({ role: 'admin' }).expect(200);
    });
  });
});
