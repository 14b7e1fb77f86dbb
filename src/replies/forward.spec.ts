import { buildForward, ForwardInput } from './forward';

const input: ForwardInput = {
  forwardId: '12',
  touchId: '345',
  manager: { name: 'Emma Clarke', email: 'emma@shop.example' },
  customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  subject: 'Re: Happy birthday, Ada',
  text: 'Thank you <3\nSee you soon',
  attachments: 1,
  answeredSubject: 'Happy birthday, Ada',
  companyName: 'Shop',
  sendingDomain: 'mail.shop.example',
  publicUrl: 'https://tp.shop.example',
};

describe('buildForward', () => {
  it("goes to the manager with the customer's words, answers to the customer, and is marked as generated", () => {
    const email = buildForward(input);
    expect(email).toMatchObject({
      touchId: '345',
      to: 'emma@shop.example',
      from: { name: 'Ada Lovelace via Shop', email: 'replies@mail.shop.example' },
      replyTo: { name: 'Ada Lovelace', email: 'ada@example.com' },
      subject: 'Reply from Ada Lovelace: Re: Happy birthday, Ada',
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Touchpoint-Forward': '12' },
      customArgs: {},
    });
    expect(email.text).toContain('Ada Lovelace replied to "Happy birthday, Ada":\n\nThank you <3\nSee you soon\n');
    expect(email.text).toContain('(1 attachment(s) were not kept.)');
    expect(email.text).toContain('https://tp.shop.example/app');
    expect(email.html).toContain('Thank you &lt;3<br>');
  });

  it('without the customer’s address it has no Reply-To; without text or subject it says so', () => {
    const email = buildForward({
      ...input,
      customer: { name: '', email: null },
      text: '',
      subject: '',
      attachments: 0,
      answeredSubject: null,
    });
    expect(email.replyTo).toBeNull();
    expect(email.subject).toBe('Reply from A customer: (no subject)');
    expect(email.text).toContain('A customer replied:\n\n(no text)\n');
    expect(email.text).not.toContain('attachment');
  });
});
