import { composeSms, smsInfo } from './sms';

describe('smsInfo', () => {
  const gsm = (n: number) => 'a'.repeat(n);

  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['plain ASCII', 'Hi Olivia, thank you!', 'GSM-7', 21, 1],
    ['exactly one GSM-7 segment', gsm(160), 'GSM-7', 160, 1],
    ['one over: two segments of 153', gsm(161), 'GSM-7', 161, 2],
    ['three segments', gsm(307), 'GSM-7', 307, 3],
    ['GSM accents stay 7-bit', 'Café à Zürich, señor Ñoño §', 'GSM-7', 27, 1],
    ['€ counts 2', 'Price: 20€', 'GSM-7', 11, 1],
    ['braces count 2 each', '{ok}', 'GSM-7', 6, 1],
    ['every extension character counts 2', '^{}\\[~]|€', 'GSM-7', 18, 1],
    ['extension chars push past 160', `${gsm(155)}€€€`, 'GSM-7', 161, 2],
    ['Vietnamese is UCS-2', 'Chúc mừng sinh nhật anh/chị Lan!', 'UCS-2', 32, 1],
    ['Russian is UCS-2', 'Анна, с днём рождения!', 'UCS-2', 22, 1],
    ['Thai is UCS-2', 'สุขสันต์วันเกิด คุณสมหญิง', 'UCS-2', 25, 1],
    ['one non-GSM char makes all UCS-2', `${gsm(69)}ő`, 'UCS-2', 70, 1],
    ['71 UCS-2 units: two segments', `${gsm(70)}ő`, 'UCS-2', 71, 2],
    ['emoji outside the BMP counts 2 units', 'Hi 🎂', 'UCS-2', 5, 1],
    ['curly quote is not GSM', 'it’s', 'UCS-2', 4, 1],
  ])('%s', (_name, text, encoding, characters, segments) => {
    expect(smsInfo(text)).toMatchObject({ encoding, characters, segments });
  });

  it('uses 153 / 67 per segment once concatenated', () => {
    expect(smsInfo(gsm(306))).toEqual({ encoding: 'GSM-7', characters: 306, segments: 2, perSegment: 153 });
    expect(smsInfo('ж'.repeat(134))).toEqual({ encoding: 'UCS-2', characters: 134, segments: 2, perSegment: 67 });
    expect(smsInfo('ж'.repeat(135)).segments).toBe(3);
    expect(smsInfo('ж'.repeat(70))).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1, perSegment: 70 });
  });

  it('never splits an escape sequence or a surrogate pair across segments', () => {
    // 152 septets then € (2): the € does not fit in segment one's last septet, so it opens segment two.
    expect(smsInfo(`${gsm(152)}€${gsm(152)}`).segments).toBe(3);
    expect(smsInfo(`${'ж'.repeat(66)}🎂${'ж'.repeat(66)}`).segments).toBe(3);
  });
});

describe('composeSms', () => {
  const emma = { managerFirstName: 'Emma', companyName: 'Harbor Goods' };

  it('signs with a GSM-7 hyphen, so a GSM-7 text stays GSM-7 and one segment', () => {
    const sms = composeSms({ text: 'Hi Ada, thank you for your order!', signer: emma, optOutLine: null });
    expect(sms.body).toBe('Hi Ada, thank you for your order! - Emma, Harbor Goods');
    expect(sms.info).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('signs once: a text that already ends with the signer is left as it is', () => {
    for (const text of ['Thanks! - Emma, Harbor Goods', 'Thanks!\n— Emma', 'Спасибо! Emma, Harbor Goods']) {
      expect(composeSms({ text, signer: emma, optOutLine: null }).body).toBe(text);
    }
  });

  it('signs for the company alone when the customer has no manager', () => {
    const sms = composeSms({ text: 'Hi Bo!', signer: { managerFirstName: null, companyName: 'Harbor Goods' }, optOutLine: null });
    expect(sms.body).toBe('Hi Bo! - Harbor Goods');
  });

  it('adds the opt-out line on a line of its own, counted in the segments', () => {
    const text = 'a'.repeat(110);
    const sms = composeSms({ text, signer: emma, optOutLine: 'Reply STOP to opt out.' });
    expect(sms.body).toBe(`${text} - Emma, Harbor Goods\nReply STOP to opt out.`);
    expect(sms.info).toEqual(smsInfo(sms.body));
    expect(sms.info.segments).toBe(1);
  });
});
