import { htmlToText, parseHeaderBlock, replyText, stripQuoted, toInboundEmail } from './inbound-email';

describe('parseHeaderBlock', () => {
  it('unfolds continuation lines, lower-cases names and keeps repeated headers in order', () => {
    const headers = parseHeaderBlock(
      'Received: by mx.example.com;\r\n\tMon, 15 Jun 2026 12:00:00 +0000\r\nReceived: by relay\r\nSubject: Re:\r\n Happy birthday\r\nX-Odd line\r\n',
    );
    expect(headers.get('received')).toEqual(['by mx.example.com; Mon, 15 Jun 2026 12:00:00 +0000', 'by relay']);
    expect(headers.get('subject')).toEqual(['Re: Happy birthday']);
    expect(headers.has('x-odd line')).toBe(false);
  });
});

describe('stripQuoted', () => {
  it.each([
    {
      name: 'a Gmail attribution line',
      text: 'Thanks so much!\n\nOn Mon, Jun 15, 2026 at 9:00 AM Emma Clarke <e@x.com> wrote:\n> Dear Ada',
    },
    {
      name: 'an attribution wrapped onto two lines',
      text: 'Thanks so much!\n\nOn Mon, Jun 15, 2026 at 9:00 AM Emma Clarke <\ne@x.com> wrote:\n> Dear Ada',
    },
    { name: 'an Outlook original message', text: 'Thanks so much!\r\n-----Original Message-----\nFrom: Emma' },
    {
      name: 'an Outlook header block',
      text: 'Thanks so much!\n\nFrom: Emma Clarke <e@x.com>\nSent: Monday, June 15, 2026 9:00 AM\nTo: Ada',
    },
    { name: 'quoted lines only', text: '> Dear Ada\nThanks so much!\n> Emma' },
  ])('cuts $name', ({ text }) => {
    expect(stripQuoted(text.replace(/\r\n/g, '\n'))).toBe('Thanks so much!');
  });

  it('keeps a reply that quotes nothing', () => {
    expect(stripQuoted('On my way tomorrow.\nFrom: the shop, I mean.')).toBe('On my way tomorrow.\nFrom: the shop, I mean.');
  });
});

describe('replyText', () => {
  it('prefers the text part, falls back to the HTML part, and keeps the whole when only a quote is there', () => {
    expect(replyText('Hi\n> old', '<p>ignored</p>')).toBe('Hi');
    expect(replyText('', '<div>Hi &amp; thanks<br>Ada</div><div class="gmail_quote">On … wrote:<blockquote>old</blockquote></div>')).toBe(
      'Hi & thanks\nAda',
    );
    expect(replyText('> only a quote', '')).toBe('> only a quote');
  });
});

describe('htmlToText', () => {
  it('drops styles, scripts and quotes and decodes entities', () => {
    expect(htmlToText('<style>p{}</style><p>A&#39;s &lt;b&gt;</p><blockquote>q</blockquote><script>x()</script><p>&#x1F600;</p>')).toBe(
      "A's <b>\n😀",
    );
  });
});

describe('toInboundEmail', () => {
  const fields = {
    headers: 'Message-ID: <CAF=abc@mail.gmail.com>\nFrom: Ada <ada@example.com>\nTo: "Emma" <reply+1.abc@reply.example.com>\n',
    from: 'Ada <ada@example.com>',
    to: '"Emma" <reply+1.abc@reply.example.com>',
    cc: 'someone@example.com',
    subject: 'Re: Happy birthday',
    text: 'Thank you!\n\nOn Mon, Emma wrote:\n> Happy birthday',
    envelope: '{"to":["reply+1.abc@reply.example.com"],"from":"ada@example.com"}',
  };

  it('reads the fields SendGrid posts', () => {
    const email = toInboundEmail(fields, 2);
    expect(email).toMatchObject({
      from: 'Ada <ada@example.com>',
      recipients: ['reply+1.abc@reply.example.com', '"Emma" <reply+1.abc@reply.example.com>', 'someone@example.com'],
      envelopeFrom: 'ada@example.com',
      subject: 'Re: Happy birthday',
      text: 'Thank you!',
      dedupeKey: 'message-id:CAF=abc@mail.gmail.com',
      attachments: 2,
    });
  });

  it('without a Message-ID, deduplicates by a hash of the message; a broken envelope is no envelope', () => {
    const a = toInboundEmail({ ...fields, headers: 'From: Ada <ada@example.com>', envelope: '{not json' }, 0);
    const b = toInboundEmail({ ...fields, headers: 'From: Ada <ada@example.com>', envelope: '{not json' }, 0);
    const c = toInboundEmail({ ...fields, headers: 'From: Ada <ada@example.com>', text: 'Something else' }, 0);
    expect(a.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(c.dedupeKey).not.toBe(a.dedupeKey);
    expect(a.envelopeFrom).toBeNull();
    expect(a.recipients).toEqual(['"Emma" <reply+1.abc@reply.example.com>', 'someone@example.com']);
  });

  it('reads a null envelope sender as a bounce’s empty one', () => {
    expect(toInboundEmail({ ...fields, envelope: '{"to":["x@y.z"],"from":null}' }, 0).envelopeFrom).toBe('');
  });
});
