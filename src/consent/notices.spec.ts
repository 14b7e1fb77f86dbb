import { NOTICE_LANGUAGES, noticeWording } from './notices';

describe('noticeWording', () => {
  it.each([
    ['en', 'Reply STOP to opt out.'],
    ['en-GB', 'Reply STOP to opt out.'],
    ['vi-VN', 'Trả lời STOP để ngừng nhận tin.'],
    ['ru', 'Ответьте STOP, чтобы отписаться.'],
    ['th-TH', 'ตอบกลับ STOP เพื่อยกเลิกการรับข้อความ'],
    ['de', 'Reply STOP to opt out.'],
    ['', 'Reply STOP to opt out.'],
  ])('%p opts out with %p', (locale, line) => expect(noticeWording(locale).smsOptOut).toBe(line));

  it('names the STOP keyword in every language, since carriers honour it whatever the language', () => {
    expect(NOTICE_LANGUAGES).toEqual(expect.arrayContaining(['en', 'vi', 'ru', 'th']));
    for (const language of NOTICE_LANGUAGES) expect(noticeWording(language).smsOptOut).toContain('STOP');
  });
});
