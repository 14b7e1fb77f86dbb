import { verifyUnsubscribe } from '../consent/unsubscribe-link';
import { checkReplyAddress } from '../replies/reply-address';
import { nl2br } from '../templates/helpers';
import { smsInfo } from '../templates/sms';
import { buildEmail, buildSms, formatAddress, fromLocalPart, withHtmlSignature, withTextSignature } from './message';

const sender = {
  companyName: 'Harbor Goods',
  sendingDomain: 'mail.example.com',
  publicUrl: 'https://tp.example.com',
  signingSecret: 'secret-secret-secret',
  postalAddress: '12 Quay Street\nPortland, ME 04101',
};
const emma = { name: 'Emma Clarke', email: 'emma@harbor.example', signature: 'Emma Clarke\nAccount manager' };
const content = { subject: 'Happy birthday', html: '<html><body><p>Hi Ada</p></body></html>', text: 'Hi Ada', locale: '' };

describe('fromLocalPart', () => {
  it.each([
    ['Emma Clarke', 'emma.clarke'],
    ['José Ñúñez-García', 'jose.nunez.garcia'],
    ['  Anne   Marie  ', 'anne.marie'],
    ['Nguyễn Văn An', 'nguyen.van.an'],
    ['Đặng Thu Hà', 'dang.thu.ha'],
    ['Søren Łukasz Weiß', 'soren.lukasz.weiss'],
    ['山田 太郎', 'hello'],
    [null, 'hello'],
  ])('%p → %p', (name, local) => expect(fromLocalPart(name)).toBe(local));
});

describe('buildEmail', () => {
  it('comes from the manager at the sending domain, replies go to the manager', () => {
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'ada@example.com', content, manager: emma, sender });
    expect(email.from).toEqual({ name: 'Emma Clarke', email: 'emma.clarke@mail.example.com' });
    expect(email.replyTo).toEqual({ name: 'Emma Clarke', email: 'emma@harbor.example' });
    expect(email.customArgs).toEqual({ touch_id: '42' });
    expect(email.text).toMatch(/^Hi Ada\n\n-- \nEmma Clarke\nAccount manager\n\n/);
    expect(email.html).toMatch(/^<html><body><p>Hi Ada<\/p><p class="signature">Emma Clarke<br>Account manager<\/p><p class="footer"/);
  });

  it('shows the signed unsubscribe link of the header and the postal address in both parts, after the signature', () => {
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'ada@example.com', content, manager: emma, sender });
    const url = /^<([^>]+)>/.exec(email.headers['List-Unsubscribe'])![1];
    expect(email.text).toBe(
      `Hi Ada\n\n-- \nEmma Clarke\nAccount manager\n\nTo stop receiving these emails, unsubscribe here: ${url}\nHarbor Goods, 12 Quay Street, Portland, ME 04101\n`,
    );
    expect(email.html).toBe(
      '<html><body><p>Hi Ada</p><p class="signature">Emma Clarke<br>Account manager</p>' +
        `<p class="footer" style="font-size:12px;color:#666666">To stop receiving these emails, unsubscribe here: <a href="${url}">Unsubscribe</a>` +
        '<br>Harbor Goods, 12 Quay Street, Portland, ME 04101</p></body></html>',
    );
  });

  it("words the footer in the customer's language", () => {
    const email = buildEmail({
      touchId: '42',
      customerId: '7',
      to: 'a@b.c',
      content: { ...content, locale: 'vi', customerLocale: 'vi-VN' },
      manager: emma,
      sender,
    });
    expect(email.text).toContain('Để ngừng nhận những email này, hủy đăng ký tại đây: https://tp.example.com/u/');
    expect(email.html).toContain('>Hủy đăng ký</a>');
    const russian = buildEmail({
      touchId: '42',
      customerId: '7',
      to: 'a@b.c',
      content: { ...content, locale: '', customerLocale: 'ru' },
      manager: emma,
      sender,
    });
    expect(russian.html).toContain('>Отписаться</a>');
  });

  it('carries RFC 8058 one-click headers with a signed link', () => {
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'ada@example.com', content, manager: emma, sender });
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [, url, token] =
      /^<(https:\/\/tp\.example\.com\/u\/([^>]+))>, <mailto:unsubscribe@mail\.example\.com\?subject=unsubscribe%20\2>$/.exec(
        email.headers['List-Unsubscribe'],
      )!;
    expect(url).toBe(`https://tp.example.com/u/${token}`);
    expect(verifyUnsubscribe(token, sender.signingSecret)).toEqual({ customerId: '7', channel: 'email', touchId: '42' });
  });

  it('with a reply domain, replies go to the touch’s signed reply address, under the sender’s name', () => {
    const withReplies = { ...sender, replyDomain: 'reply.example.com' };
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'ada@example.com', content, manager: emma, sender: withReplies });
    expect(email.replyTo?.name).toBe('Emma Clarke');
    expect(checkReplyAddress(email.replyTo!.email, 'reply.example.com', sender.signingSecret)).toEqual({ kind: 'valid', touchId: '42' });
    const pooled = buildEmail({ touchId: '43', customerId: '7', to: 'a@b.c', content, manager: null, sender: withReplies });
    expect(pooled.replyTo?.name).toBe('Harbor Goods');
    expect(checkReplyAddress(pooled.replyTo!.email, 'reply.example.com', sender.signingSecret)).toEqual({ kind: 'valid', touchId: '43' });
  });

  it('speaks for the company when the customer has no manager', () => {
    const email = buildEmail({ touchId: '1', customerId: '2', to: 'a@b.c', content: { text: 'Hi', locale: '' }, manager: null, sender });
    expect(email.from).toEqual({ name: 'Harbor Goods', email: 'hello@mail.example.com' });
    expect(email.replyTo).toBeNull();
    expect(email.text).toContain('-- \nHarbor Goods\n');
    expect(email.html).toMatch(/^<p>Hi<\/p>\n<p class="signature">Harbor Goods<\/p>\n<p class="footer"/);
  });

  it('does not sign twice when the template already did', () => {
    expect(withTextSignature('Hi\n\nEmma Clarke\nAccount manager', 'Emma Clarke\nAccount manager')).toBe(
      'Hi\n\nEmma Clarke\nAccount manager',
    );
  });

  it('does not sign the HTML twice when the template placed the signature with nl2br', () => {
    const html = `<p>Warmly,<br>\n${nl2br(emma.signature)}</p>`;
    expect(withHtmlSignature(html, emma.signature)).toBe(html);
    const irish = "Seán O'Brien\nAccount manager & friend";
    const placed = `<p>${nl2br(irish)}</p>`;
    expect(withHtmlSignature(placed, irish)).toBe(placed);
    expect(withHtmlSignature('<p>Hi</p>', irish)).toBe(
      '<p>Hi</p>\n<p class="signature">Seán O&#39;Brien<br>Account manager &amp; friend</p>',
    );
  });

  it('uses the manager name as signature when none is set', () => {
    const email = buildEmail({ touchId: '1', customerId: '2', to: 'a@b.c', content, manager: { ...emma, signature: null }, sender });
    expect(email.text).toMatch(/^Hi Ada\n\n-- \nEmma Clarke\n\n/);
  });
});

describe('buildSms', () => {
  const base = { touchId: '5', to: '+14155550100', sender, firstToNumber: false };
  it('signs with the manager first name and the company, with a GSM-7 hyphen, and asks for status callbacks', () => {
    const sms = buildSms({ ...base, content: { text: 'Happy birthday, Ada!', locale: '' }, manager: emma });
    expect(sms).toEqual({
      touchId: '5',
      to: '+14155550100',
      body: 'Happy birthday, Ada! - Emma, Harbor Goods',
      statusCallback: 'https://tp.example.com/webhooks/twilio/status?touchId=5',
      optOutNotice: false,
    });
    expect(smsInfo(sms.body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('signs with the company for pooled customers, and not twice', () => {
    expect(buildSms({ ...base, content: { text: 'Hi', locale: '' }, manager: null }).body).toBe('Hi - Harbor Goods');
    expect(buildSms({ ...base, content: { text: 'Hi - Emma, Harbor Goods', locale: '' }, manager: emma }).body).toBe(
      'Hi - Emma, Harbor Goods',
    );
  });

  it("tells the first SMS to a number how to opt out, in the customer's language", () => {
    const first = buildSms({ ...base, firstToNumber: true, content: { text: 'Hi', locale: '', customerLocale: 'en-US' }, manager: emma });
    expect(first.body).toBe('Hi - Emma, Harbor Goods\nReply STOP to opt out.');
    expect(first.optOutNotice).toBe(true);
    const thai = buildSms({ ...base, firstToNumber: true, content: { text: 'สวัสดี', locale: 'th', customerLocale: 'th' }, manager: emma });
    expect(thai.body).toBe('สวัสดี - Emma, Harbor Goods\nตอบกลับ STOP เพื่อยกเลิกการรับข้อความ');
  });
});

describe('formatAddress', () => {
  it('quotes the display name', () => {
    expect(formatAddress({ name: 'Emma "E" Clarke', email: 'e@x.y' })).toBe('"Emma \\"E\\" Clarke" <e@x.y>');
  });
});

describe('the feedback link', () => {
  const url = 'https://tp.example.com/f/2s.1b.t5x3qo.Xq1vKz0aPbR7cWm2';

  it('follows an email text that does not place it, before the signature, in the customer language', () => {
    const email = buildEmail({
      touchId: '42',
      customerId: '7',
      to: 'a@b.c',
      content: { ...content, customerLocale: 'ru', feedbackUrl: url },
      manager: emma,
      sender,
    });
    expect(email.text).toMatch(/^Hi Ada\n\nКак мы справились\? https:\/\/tp\.example\.com\/f\/\S+\n\n-- \nEmma Clarke/);
    expect(email.html).toContain(`<p>Hi Ada</p><p class="feedback"><a href="${url}">Как мы справились?</a></p><p class="signature">`);
  });

  it('stays where the template placed it', () => {
    const placed = { ...content, text: `Rate us at ${url} please`, html: `<p><a href="${url}">Rate us</a></p>`, feedbackUrl: url };
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'a@b.c', content: placed, manager: emma, sender });
    expect(email.text.split(url)).toHaveLength(2);
    expect(email.html.split(url)).toHaveLength(2);
  });

  it('is absent when the rule does not ask for feedback', () => {
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'a@b.c', content, manager: emma, sender });
    expect(email.text).not.toContain('/f/');
    expect(email.html).not.toContain('feedback');
  });

  it('goes on its own line after the SMS signature and before the opt-out line', () => {
    const sms = buildSms({
      touchId: '42',
      to: '+14155550123',
      content: { text: 'Thanks for your order!', locale: '', customerLocale: 'en-US', feedbackUrl: url },
      manager: emma,
      sender,
      firstToNumber: true,
    });
    expect(sms.body).toBe(`Thanks for your order! - Emma, Harbor Goods\nHow did we do? ${url}\nReply STOP to opt out.`);
    const placed = buildSms({
      touchId: '42',
      to: '+14155550123',
      content: { text: `Thanks! Rate us: ${url}`, locale: '', feedbackUrl: url },
      manager: emma,
      sender,
      firstToNumber: false,
    });
    expect(placed.body).toBe(`Thanks! Rate us: ${url} - Emma, Harbor Goods`);
  });
});
