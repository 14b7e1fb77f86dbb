import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyUnsubscribe } from '../../src/consent/unsubscribe-link';
import { PromoterService } from '../../src/delivery/promoter.service';
import { createTestApp, TestApp } from '../app';
import { createStaff } from '../factories';
import {
  cancelLeftovers,
  createTemplates,
  DISPATCH_NOW,
  dueTouch,
  enabledRule,
  PUBLIC_URL,
  SIGNING_SECRET,
  touchRow,
  waitForStates,
} from './helpers';

describe('the outbox (no provider keys)', () => {
  let t: TestApp;
  let dataDir: string;
  let ruleId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-outbox-'));
    t = await createTestApp({
      now: DISPATCH_NOW,
      env: {
        DATA_DIR: dataDir,
        PUBLIC_URL,
        SIGNING_SECRET,
        SENDING_DOMAIN: 'mail.shop.test',
        DISPATCH_INTERVAL_SECONDS: '3600',
        EMAIL_RATE_PER_SECOND: '0',
        SMS_RATE_PER_SECOND: '0',
      },
    });
    ruleId = await enabledRule(t.db);
  });

  afterAll(async () => {
    await cancelLeftovers(t.db, [ruleId]);
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each email as an .eml with every header, and each SMS as .json', async () => {
    const templates = await createTemplates(t.db);
    const manager = await createStaff(t.db, { name: 'Đặng Thu Hà', emailSignature: 'Hà\nHarbor Goods' });
    const email = await dueTouch(t.db, ruleId, 'email', templates, { accountManagerId: manager.id, firstName: 'Lan' });
    const sms = await dueTouch(t.db, ruleId, 'sms', templates, { accountManagerId: manager.id, firstName: 'Lan' });
    await t.app.get(PromoterService).promoteDue();
    await waitForStates(t.db, [email.touchId, sms.touchId], ['sent']);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^touchpoint_sends_total\{channel="email",transport="outbox",result="sent",error_class="none"\} [1-9]/m);
    expect(metrics.text).toMatch(/^touchpoint_sends_total\{channel="sms",transport="outbox",result="sent",error_class="none"\} [1-9]/m);

    const files = readdirSync(join(dataDir, 'outbox'));
    const eml = files.find((f) => f.includes(`-touch-${email.touchId}-`) && f.endsWith('.eml'))!;
    const json = files.find((f) => f.includes(`-touch-${sms.touchId}-`) && f.endsWith('.json'))!;
    expect(eml).toBeDefined();
    expect(json).toBeDefined();

    const message = readFileSync(join(dataDir, 'outbox', eml), 'utf8');
    const [head, ...rest] = message.split('\r\n\r\n');
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)?.[1];
    expect(header('From')).toBe(`=?UTF-8?B?${Buffer.from('Đặng Thu Hà').toString('base64')}?= <dang.thu.ha@mail.shop.test>`);
    expect(header('Reply-To')).toContain(`<${manager.email}>`);
    expect(header('To')).toBe(email.email);
    expect(header('Subject')).toBe('Hello Lan');
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const token = /<https:\/\/touchpoint\.example\.test\/u\/([^>]+)>/.exec(header('List-Unsubscribe')!)![1];
    expect(verifyUnsubscribe(token, SIGNING_SECRET)).toEqual({ customerId: email.customerId, channel: 'email', touchId: email.touchId });
    expect(header('X-Touchpoint-touch-id')).toBe(email.touchId);
    expect(header('Content-Type')).toMatch(/^multipart\/alternative; boundary=/);
    const body = rest.join('\r\n\r\n');
    expect(body).toContain('Dear Lan, thank you.');
    expect(body).toContain('Hà\r\nHarbor Goods');
    expect(body).toContain('<p class="signature">Hà<br>Harbor Goods</p>');

    expect(JSON.parse(readFileSync(join(dataDir, 'outbox', json), 'utf8'))).toEqual({
      touchId: sms.touchId,
      to: sms.phone,
      body: 'Hi Lan, thanks for your order! - Đặng, Touchpoint Demo Shop\nReply STOP to opt out.',
      statusCallback: `${PUBLIC_URL}/webhooks/twilio/status?touchId=${sms.touchId}`,
      optOutNotice: true,
    });
    expect((await touchRow(t.db, email.touchId)).provider_message_id).toMatch(/^outbox-/);
    // File names carry the touch id, never the recipient.
    expect(files.join(' ')).not.toContain('@');
  });
});
