import { verifyUnsubscribe } from '../consent/unsubscribe-link';
import { nl2br } from '../templates/helpers';
import { buildEmail, buildSms, formatAddress, fromLocalPart, withHtmlSignature, withTextSignature } from './message';

const sender = { companyName: 'Harbor Goods', sendingDomain: 'mail.example.com', publicUrl: 'https://tp.example.com', signingSecret: 'secret-secret-secret' };
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
    expect(email.text).toBe('Hi Ada\n\n-- \nEmma Clarke\nAccount manager\n');
    expect(email.html).toBe('<html><body><p>Hi Ada</p><p class="signature">Emma Clarke<br>Account manager</p></body></html>');
  });

  it('carries RFC 8058 one-click headers with a signed link', () => {
    const email = buildEmail({ touchId: '42', customerId: '7', to: 'ada@example.com', content, manager: emma, sender });
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [, url, token] = /^<(https:\/\/tp\.example\.com\/u\/([^>]+))>, <mailto:unsubscribe@mail\.example\.com\?subject=unsubscribe%20\2>$/.exec(email.headers['List-Unsubscribe'])!;
    expect(url).toBe(`https://tp.example.com/u/${token}`);
    expect(verifyUnsubscribe(token, sender.signingSecret)).toEqual({ customerId: '7', channel: 'email', touchId: '42' });
  });

  it('speaks for the company when the customer has no manager', () => {
    const email = buildEmail({ touchId: '1', customerId: '2', to: 'a@b.c', content: { text: 'Hi', locale: '' }, manager: null, sender });
    expect(email.from).toEqual({ name: 'Harbor Goods', email: 'hello@mail.example.com' });
    expect(email.replyTo).toBeNull();
    expect(email.text).toContain('-- \nHarbor Goods');
    expect(email.html).toBe('<p>Hi</p>\n<p class="signature">Harbor Goods</p>');
  });

  it('does not sign twice when the template already did', () => {
    expect(withTextSignature('Hi\n\nEmma Clarke\nAccount manager', 'Emma Clarke\nAccount manager')).toBe('Hi\n\nEmma Clarke\nAccount manager');
  });

  it('does not sign the HTML twice when the template placed the signature with nl2br', () => {
    const html = `<p>Warmly,<br>\n${nl2br(emma.signature)}</p>`;
    expect(withHtmlSignature(html, emma.signature)).toBe(html);
    const irish = "Seán O'Brien\nAccount manager & friend";
    const placed = `<p>${nl2br(irish)}</p>`;
    expect(withHtmlSignature(placed, irish)).toBe(placed);
    expect(withHtmlSignature('<p>Hi</p>', irish)).toBe('<p>Hi</p>\n<p class="signature">Seán O&#39;Brien<br>Account manager &amp; friend</p>');
  });

  it('uses the manager name as signature when none is set', () => {
    const email = buildEmail({ touchId: '1', customerId: '2', to: 'a@b.c', content, manager: { ...emma, signature: null }, sender });
    expect(email.text).toBe('Hi Ada\n\n-- \nEmma Clarke\n');
  });
});

describe('buildSms', () => {
  it('signs with the manager first name and asks for status callbacks', () => {
    expect(buildSms({ touchId: '5', to: '+14155550100', content: { text: 'Happy birthday, Ada!', locale: '' }, manager: emma, sender })).toEqual({
      touchId: '5',
      to: '+14155550100',
      body: 'Happy birthday, Ada!\n— Emma',
      statusCallback: 'https://tp.example.com/webhooks/twilio/status?touchId=5',
    });
  });
  it('signs with the company for pooled customers, and not twice', () => {
    expect(buildSms({ touchId: '5', to: '+1', content: { text: 'Hi', locale: '' }, manager: null, sender }).body).toBe('Hi\n— Harbor Goods');
    expect(buildSms({ touchId: '5', to: '+1', content: { text: 'Hi\n— Emma', locale: '' }, manager: emma, sender }).body).toBe('Hi\n— Emma');
  });
});

describe('formatAddress', () => {
  it('quotes the display name', () => {
    expect(formatAddress({ name: 'Emma "E" Clarke', email: 'e@x.y' })).toBe('"Emma \\"E\\" Clarke" <e@x.y>');
  });
});
