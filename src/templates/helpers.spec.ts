import { daysSince, firstNameOr, formatDate, formatMoney, formatTime, localDate, nl2br, ordinal, pluralForm } from './helpers';

// 20:30 UTC on 8 March is already 9 March in Hanoi and Bangkok, still 8 March in New York.
const AT = '2026-03-08T20:30:00Z';

describe('date and time helpers', () => {
  it.each([
    ['en-US', 'America/New_York', 'long', 'March 8, 2026'],
    ['en-US', 'America/New_York', 'short', '3/8/26'],
    ['vi-VN', 'Asia/Ho_Chi_Minh', 'long', '9 tháng 3, 2026'],
    ['vi-VN', 'Asia/Ho_Chi_Minh', 'short', '9/3/26'],
    ['ru', 'Europe/Moscow', 'long', '8 марта 2026 г.'],
    ['ru', 'Europe/Moscow', 'medium', '8 мар. 2026 г.'],
    // Thai dates use the Buddhist era: 2026 is 2569.
    ['th', 'Asia/Bangkok', 'long', '9 มีนาคม 2569'],
    ['th', 'Asia/Bangkok', 'medium', '9 มี.ค. 2569'],
  ])('%s in %s (%s)', (locale, zone, style, expected) => {
    expect(formatDate(AT, style as 'long', locale, zone)).toBe(expected);
  });

  it('formats time of day in the zone', () => {
    expect(formatTime(AT, 'short', 'en-US', 'America/New_York')).toBe('4:30 PM');
    expect(formatTime(AT, 'short', 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('03:30');
    expect(formatTime(AT, 'short', 'ru', 'Europe/Moscow')).toBe('23:30');
    expect(formatTime(AT, 'short', 'th', 'Asia/Bangkok')).toBe('03:30');
  });

  it('keeps calendar dates on their day whatever the zone', () => {
    expect(formatDate('2026-03-08', 'long', 'en-US', 'Pacific/Honolulu')).toBe('March 8, 2026');
    expect(formatDate('2026-03-08', 'long', 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('8 tháng 3, 2026');
  });

  it('prints a birthday without its year, 29 February included', () => {
    expect(formatDate({ month: 2, day: 29, year: 1992 }, 'long', 'en', 'UTC')).toBe('February 29');
    expect(formatDate({ month: 2, day: 29 }, 'long', 'ru', 'UTC')).toBe('29 февраля');
    expect(formatDate({ month: 3, day: 14 }, 'long', 'th', 'UTC')).toBe('14 มีนาคม');
    expect(formatDate({ month: 3, day: 14 }, 'long', 'vi', 'UTC')).toBe('14 tháng 3');
  });

  it('prints nothing for null or garbage', () => {
    expect(formatDate(null, 'long', 'en', 'UTC')).toBe('');
    expect(formatDate('yesterday', 'long', 'en', 'UTC')).toBe('');
    expect(formatTime(undefined, 'short', 'en', 'UTC')).toBe('');
  });
});

describe('money', () => {
  it.each([
    ['1234.5', 'USD', 'en-US', '$1,234.50'],
    ['1234.5', 'USD', 'vi-VN', '1.234,50 US$'],
    ['1234567', 'VND', 'vi-VN', '1.234.567 ₫'],
    ['99.9', 'RUB', 'ru', '99,90 ₽'],
    ['1500', 'THB', 'th', '฿1,500.00'],
    ['0.1', 'EUR', 'en-US', '€0.10'],
  ])('%s %s in %s', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale).replace(/\u00a0|\u202f/g, ' ')).toBe(expected);
  });

  it('keeps exact decimals beyond float precision', () => {
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
  });

  it('prints nothing for null or a non-number', () => {
    expect(formatMoney(null, 'USD', 'en')).toBe('');
    expect(formatMoney('12abc', 'USD', 'en')).toBe('');
  });
});

describe('firstNameOr, daysSince, ordinal, nl2br', () => {
  it('falls back when the name is empty', () => {
    expect(firstNameOr('Lan', 'there')).toBe('Lan');
    expect(firstNameOr('  ', 'there')).toBe('there');
    expect(firstNameOr(null, 'there')).toBe('there');
  });

  it('counts calendar days in the customer zone', () => {
    // 20:30 UTC on 8 March is 9 March in Bangkok: one day before 10 March there, two in New York.
    expect(daysSince(AT, '2026-03-10', 'Asia/Bangkok')).toBe(1);
    expect(daysSince(AT, '2026-03-10', 'America/New_York')).toBe(2);
    expect(daysSince('2026-01-01', '2026-03-01', 'UTC')).toBe(59);
    expect(daysSince(null, '2026-03-01', 'UTC')).toBeNull();
  });

  it.each([
    [1, 'en', '1st'],
    [2, 'en-GB', '2nd'],
    [3, 'en', '3rd'],
    [4, 'en', '4th'],
    [11, 'en', '11th'],
    [12, 'en', '12th'],
    [13, 'en', '13th'],
    [21, 'en', '21st'],
    [22, 'en', '22nd'],
    [101, 'en', '101st'],
    [1, 'fr', '1er'],
    [2, 'fr', '2e'],
    [40, 'vi-VN', 'thứ 40'],
    [40, 'ru', '40-й'],
    [40, 'th', 'ที่ 40'],
    [40, 'de', '40.'],
    [40, 'ja', '40'],
    ['7', 'en', '7th'],
  ])('ordinal %s in %s → %s', (n, locale, expected) => {
    expect(ordinal(n, locale)).toBe(expected);
  });

  it('ordinal of a non-integer is empty', () => {
    expect(ordinal(null, 'en')).toBe('');
    expect(ordinal(2.5, 'en')).toBe('');
  });

  it('nl2br escapes before it adds line breaks', () => {
    expect(nl2br('Emma <Clarke>\nA & B')).toBe('Emma &lt;Clarke&gt;<br>\nA &amp; B');
  });

  it('finds the local date of an instant', () => {
    expect(localDate(new Date(AT), 'Asia/Ho_Chi_Minh')).toBe('2026-03-09');
    expect(localDate(new Date(AT), 'America/New_York')).toBe('2026-03-08');
  });
});

describe('pluralForm', () => {
  const en = { one: 'order', other: 'orders' };
  const ru = { one: 'заказ', few: 'заказа', many: 'заказов', other: 'заказа' };
  it.each([
    [1, en, 'en', 'order'],
    [0, en, 'en', 'orders'],
    [2, en, 'en', 'orders'],
    ['1', en, 'en-US', 'order'],
    [1, ru, 'ru', 'заказ'],
    [3, ru, 'ru', 'заказа'],
    [5, ru, 'ru', 'заказов'],
    [21, ru, 'ru', 'заказ'],
    [1, { other: 'đơn hàng' }, 'vi', 'đơn hàng'],
    [null, en, 'en', 'orders'],
  ])('%p with %p in %s → %s', (count, forms, locale, expected) => {
    expect(pluralForm(count, forms, locale)).toBe(expected);
  });
});
