import twilio from 'twilio';
import { createTestApp, TestApp } from '../app';
import { createCustomer, createStaff, StaffFixture } from '../factories';
import { uniquePhone } from '../consent/helpers';
import { replyTasksOf, sentTouch } from './helpers';

const PUBLIC_URL = 'https://touchpoint.example.test';
const TWILIO_TOKEN = '0123456789abcdef0123456789abcdef';
const PATH = '/webhooks/twilio/inbound';

let sidCounter = 0;
const messageSid = () => `SM${(Date.now().toString(16) + (++sidCounter).toString(16).padStart(6, '0')).padStart(32, '0')}`;

describe('SMS replies open reply tasks', () => {
  let t: TestApp;
  let emma: StaffFixture;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN } });
    emma = await createStaff(t.db, { name: 'Emma Clarke' });
  });
  afterAll(() => t.close());

  /** Twilio's inbound form, signed with X-Twilio-Signature over the public URL and the sorted fields. */
  function sms(from: string, body: string, sid = messageSid(), signature?: string) {
    const params = {
      ToCountry: 'US',
      ToState: 'CA',
      SmsMessageSid: sid,
      NumMedia: '0',
      ToCity: 'SAN FRANCISCO',
      FromZip: '',
      SmsSid: sid,
      FromState: '',
      SmsStatus: 'received',
      FromCity: '',
      Body: body,
      FromCountry: 'VN',
      To: '+15005550006',
      ToZip: '94105',
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: from,
      ApiVersion: '2010-04-01',
    };
    return t
      .http()
      .post(PATH)
      .set('X-Twilio-Signature', signature ?? twilio.getExpectedTwilioSignature(TWILIO_TOKEN, PUBLIC_URL + PATH, params))
      .type('form')
      .send(params);
  }

  async function texted(accountManagerId: string | null = emma.id) {
    const phone = uniquePhone();
    const customer = await createCustomer(t.db, { phone, accountManagerId });
    const touch = await sentTouch(t.db, customer.id, 'sms');
    return { phone, customer, touch };
  }

  const counts = async (customerId: string) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM touch_events WHERE customer_id = $1) AS events,
                (SELECT count(*)::int FROM tasks WHERE customer_id = $1) AS tasks`,
        [customerId],
      )
    )[0] as { events: number; tasks: number };

  it('a free-text SMS goes on the timeline and opens a reply task for the manager, linked to the SMS it answers', async () => {
    const { phone, customer, touch } = await texted();
    const res = await sms(phone, 'Thanks Emma! Can I come by Friday?');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Response></Response>');
    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task).toMatchObject({ touch_id: touch.id, kind: 'reply', state: 'open', assignee_staff_id: emma.id, due_date: '2026-06-15' });
    expect(task.talking_points.reply.messages).toEqual([
      { source: 'sms', text: 'Thanks Emma! Can I come by Friday?', receivedAt: '2026-06-15T12:00:00.000Z' },
    ]);
    expect(task.talking_points.reply.answers).toMatchObject({ touchId: touch.id, channel: 'sms', text: 'Thanks - Emma' });
    const kinds = await t.db.query(`SELECT kind FROM touch_events WHERE customer_id = $1 ORDER BY id`, [customer.id]);
    expect(kinds).toEqual([{ kind: 'reply' }, { kind: 'reply_task_opened' }]);
  });

  it('a replayed message changes nothing; a second message joins the open task', async () => {
    const { phone, customer } = await texted();
    const sid = messageSid();
    await sms(phone, 'first', sid).expect(200);
    const before = await counts(customer.id);
    await sms(phone, 'first', sid).expect(200);
    expect(await counts(customer.id)).toEqual(before);
    await sms(phone, 'second').expect(200);
    const tasks = await replyTasksOf(t.db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('two messages arriving at the same moment make one task', async () => {
    const { phone, customer } = await texted();
    await Promise.all([sms(phone, 'a').expect(200), sms(phone, 'b').expect(200)]);
    const tasks = await replyTasksOf(t.db, customer.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].talking_points.reply.messages.map((m) => m.text).sort()).toEqual(['a', 'b']);
  });

  it('STOP, START and HELP make no task', async () => {
    const { phone, customer } = await texted();
    for (const body of ['HELP', 'STOP', 'START']) await sms(phone, body).expect(200);
    expect((await counts(customer.id)).tasks).toBe(0);
  });

  it('a forged signature is refused with nothing written', async () => {
    const { phone, customer } = await texted();
    const res = await sms(phone, 'Hello', messageSid(), 'bm90IGEgc2lnbmF0dXJl');
    expect(res.status).toBe(403);
    expect(await counts(customer.id)).toEqual({ events: 0, tasks: 0 });
  });

  it('goes to the backup when the manager is away, and to the pool when there is no one', async () => {
    const backup = await createStaff(t.db, { name: 'Bao Backup' });
    const away = await createStaff(t.db, { awayFrom: '2026-06-15', awayUntil: '2026-06-15', backupStaffId: backup.id });
    const toBackup = await texted(away.id);
    await sms(toBackup.phone, 'Hi').expect(200);
    expect((await replyTasksOf(t.db, toBackup.customer.id))[0].assignee_staff_id).toBe(backup.id);

    const pooled = await texted(null);
    await sms(pooled.phone, 'Hi').expect(200);
    expect((await replyTasksOf(t.db, pooled.customer.id))[0].assignee_staff_id).toBeNull();
  });

  it('a customer we never texted still gets a reply task, with no touch', async () => {
    const phone = uniquePhone();
    const customer = await createCustomer(t.db, { phone, accountManagerId: emma.id });
    await sms(phone, 'Who is this?').expect(200);
    const [task] = await replyTasksOf(t.db, customer.id);
    expect(task).toMatchObject({ touch_id: null, assignee_staff_id: emma.id });
    expect(task.talking_points.reply.answers).toBeNull();
  });
});
