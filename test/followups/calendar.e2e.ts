import { randomUUID } from 'node:crypto';
import { TestApp } from '../app';
import { createCustomer, createStaff, createTask, StaffFixture } from '../factories';
import { createTasksApp } from '../tasks/tasks-app';

describe("a manager's calendar feed", () => {
  let t: TestApp;
  let admin: StaffFixture;
  let emma: StaffFixture;
  let other: StaffFixture;
  beforeAll(async () => {
    t = await createTasksApp();
    admin = await createStaff(t.db, { role: 'admin' });
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
    other = await createStaff(t.db, { name: 'Other Manager' });
  });
  afterAll(() => t.close());

  const rotate = (staff: StaffFixture, as: StaffFixture = staff) => t.http().post(`/staff/${staff.id}/calendar-feed`).set(as.auth);
  const pathOf = (url: string) => new URL(url).pathname;

  it("lists her open calls at the customer's local time, as RFC 5545 text", async () => {
    const berlin = await createCustomer(t.db, {
      accountManagerId: emma.id,
      firstName: 'Ada',
      lastName: 'Smith, Jr.',
      timeZone: 'Europe/Berlin',
    });
    const call = await createTask(t.db, berlin.id, { assigneeStaffId: emma.id, dueDate: '2026-06-17' });
    const card = await createTask(t.db, berlin.id, { assigneeStaffId: emma.id, kind: 'card' });
    const done = await createTask(t.db, berlin.id, { assigneeStaffId: emma.id, state: 'done' });
    const notHers = await createTask(t.db, berlin.id, { assigneeStaffId: other.id });

    const issued = await rotate(emma);
    expect(issued.status).toBe(200);
    expect(issued.body.url).toMatch(/^http:\/\/[^/]+\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(issued.body.url.startsWith(issued.body.prefix, issued.body.url.indexOf('cal_'))).toBe(true);
    expect((await t.http().get(`/staff/${emma.id}/calendar-feed`).set(emma.auth)).body).toEqual({
      enabled: true,
      prefix: issued.body.prefix,
      createdAt: '2026-06-15T12:00:00.000Z',
    });
    // Only the hash is stored.
    const [stored] = await t.db.query('SELECT token_hash FROM calendar_feeds WHERE staff_id = $1', [emma.id]);
    expect(issued.body.url).not.toContain(stored.token_hash);

    const res = await t.http().get(pathOf(issued.body.url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text: string = res.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    const host = new URL(issued.body.url).hostname;
    expect(unfolded).toContain(`UID:task-${call.id}@${host}\r\n`);
    // 09:00 UTC is 11:00 in Berlin in June.
    expect(unfolded).toContain('DTSTART:20260617T090000Z\r\n');
    expect(unfolded).toContain('SUMMARY:Call Ada Smith\\, Jr. (11:00 their time)\r\n');
    expect(unfolded).toContain('DESCRIPTION:Call Ada Smith\\, Jr. at 11:00 their time (Europe/Berlin) on 2026-06-17.\\nTask ');
    for (const absent of [card, done, notHers]) expect(unfolded).not.toContain(`UID:task-${absent.id}@`);
    expect(unfolded).not.toContain('+1415');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it('rotating makes the old URL answer 404 at once; turning it off too', async () => {
    const first = (await rotate(emma)).body.url;
    const second = (await rotate(emma)).body.url;
    expect(second).not.toBe(first);
    expect((await t.http().get(pathOf(first))).status).toBe(404);
    expect((await t.http().get(pathOf(second))).status).toBe(200);
    expect((await t.http().delete(`/staff/${emma.id}/calendar-feed`).set(emma.auth)).status).toBe(204);
    expect((await t.http().get(pathOf(second))).status).toBe(404);
    expect((await t.http().get(`/staff/${emma.id}/calendar-feed`).set(emma.auth)).body).toEqual({
      enabled: false,
      prefix: null,
      createdAt: null,
    });
  });

  it("a manager manages only her own; an admin anyone's; bad ids and addresses are refused", async () => {
    expect((await rotate(emma, other)).status).toBe(403);
    expect((await t.http().get(`/staff/${emma.id}/calendar-feed`).set(other.auth)).status).toBe(403);
    const byAdmin = await rotate(other, admin);
    expect(byAdmin.status).toBe(200);
    expect((await t.http().get(pathOf(byAdmin.body.url))).text).toContain('X-WR-CALNAME:Touchpoint calls: Other Manager');
    expect((await t.http().post(`/staff/${emma.id}/calendar-feed`)).status).toBe(401);
    const badId = await t.http().post('/staff/not-a-uuid/calendar-feed').set(admin.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
    expect((await t.http().post(`/staff/${randomUUID()}/calendar-feed`).set(admin.auth)).status).toBe(404);
    const unknown = await t.http().get(`/calendar/cal_${'A'.repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    for (const file of ['nothing.ics', 'cal_short.ics', `cal_${'A'.repeat(43)}`]) {
      const res = await t.http().get(`/calendar/${file}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'file', reason: 'must be a feed token followed by .ics' }]);
    }
  });

  it('an inactive staff member has no feed', async () => {
    const leaving = await createStaff(t.db, { name: 'Leaving Soon' });
    const url = (await rotate(leaving)).body.url;
    expect((await t.http().patch(`/staff/${leaving.id}`).set(admin.auth).send({ active: false })).status).toBe(200);
    expect((await t.http().get(pathOf(url))).status).toBe(404);
  });
});
