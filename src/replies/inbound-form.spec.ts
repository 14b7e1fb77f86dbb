import { decodeFields } from './inbound-form';

describe('decodeFields', () => {
  const latin1 = (text: string, encoding: BufferEncoding) => Buffer.from(text, encoding).toString('latin1');

  it('decodes each field with the charset SendGrid names for it, UTF-8 otherwise', () => {
    const fields = decodeFields({
      charsets: '{"text":"iso-8859-1","subject":"UTF-8"}',
      text: latin1('Grüße', 'latin1'),
      subject: latin1('Cảm ơn 😀', 'utf8'),
      from: latin1('Đào <d@example.com>', 'utf8'),
    });
    expect(fields).toMatchObject({ text: 'Grüße', subject: 'Cảm ơn 😀', from: 'Đào <d@example.com>' });
  });

  it('falls back to UTF-8 for an unknown charset or unreadable charsets', () => {
    expect(decodeFields({ charsets: '{"text":"x-no-such-charset"}', text: latin1('ok ✓', 'utf8') }).text).toBe('ok ✓');
    expect(decodeFields({ charsets: 'not json', text: latin1('ok ✓', 'utf8') }).text).toBe('ok ✓');
  });
});
