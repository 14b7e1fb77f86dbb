import { canonicalLocale, formatLocale, localeChain, resolveVariantLocale } from './locale';

describe('locale fallback', () => {
  it.each([
    ['vi-VN', ['vi-VN', 'vi', '']],
    ['vi-vn', ['vi-VN', 'vi', '']],
    ['vi', ['vi', '']],
    ['zh-Hant-TW', ['zh-Hant-TW', 'zh-Hant', 'zh', '']],
    ['', ['']],
    [null, ['']],
    ['not a locale!', ['']],
  ])('%s → %j', (requested, chain) => {
    expect(localeChain(requested)).toEqual(chain);
  });

  it.each([
    [['', 'vi', 'ru'], 'vi-VN', 'vi'],
    [['', 'vi', 'vi-VN'], 'vi-VN', 'vi-VN'],
    [['', 'vi'], 'ru-RU', ''],
    [['', 'vi-VN'], 'vi', ''],
    [['vi'], 'ru', null],
    [['', 'th'], 'TH', 'th'],
  ])('variants %j, asked %s → %s', (available, requested, expected) => {
    expect(resolveVariantLocale(available, requested)).toBe(expected);
  });

  it('canonicalizes tags', () => {
    expect(canonicalLocale('EN-us')).toBe('en-US');
    expect(canonicalLocale('vi_VN')).toBeNull();
  });

  it.each([
    ['vi-VN', 'vi', 'en', 'vi-VN'],
    ['vi', 'vi', 'en', 'vi'],
    ['de-DE', '', 'en', 'en'],
    ['en-GB', '', 'en', 'en-GB'],
    ['ru', 'ru', 'en', 'ru'],
    ['th-TH', 'vi', 'en', 'vi'],
  ])('customer %s on variant %j (default %s) formats as %s', (requested, variant, fallback, expected) => {
    expect(formatLocale(requested, variant, fallback)).toBe(expected);
  });
});
