import { PAGE_LOCALES } from '../../common/domain';
import { en } from './en';
import { CATALOGUES, negotiateLocale, pageText, placeholders } from './page-text';

describe('the page catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each(PAGE_LOCALES)('%s has every key of the English catalogue and no other', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(PAGE_LOCALES)('%s fills the same placeholders as English in every message, and leaves none blank', (locale) => {
    const catalogue = CATALOGUES[locale];
    const mismatched = keys.filter(
      (key) => placeholders(catalogue[key as keyof typeof en]).join() !== placeholders(en[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
    expect(keys.filter((key) => catalogue[key as keyof typeof en].trim() === '')).toEqual([]);
  });

  it('finds placeholders by name, once each', () => {
    expect(placeholders('Order {id}: {amount} on {date} ({id})')).toEqual(['amount', 'date', 'id']);
    expect(placeholders('No placeholders')).toEqual([]);
  });
});

describe('PageText', () => {
  it('fills placeholders, formatting numbers for the language', () => {
    expect(pageText('en').t('countsLeft', { count: 1234 })).toBe('1,234 left');
    expect(pageText('ru').t('countsLeft', { count: 1234 })).toBe('Осталось: 1\u00a0234');
    expect(pageText('vi').t('todayHeading', { date: 'x' })).toBe('Hôm nay, x');
  });

  it('writes one date, instant and amount one way per language, in the given zone', () => {
    const at = new Date('2026-06-15T23:30:00Z');
    expect(pageText('en').day('2026-06-15')).toBe('15 Jun 2026');
    expect(pageText('en').instant(at, 'Asia/Ho_Chi_Minh')).toBe('16 Jun 2026, 06:30');
    expect(pageText('en').instant(at, 'America/New_York')).toBe('15 Jun 2026, 19:30');
    expect(pageText('vi').day('2026-06-15')).toBe('15 thg 6, 2026');
    expect(pageText('ru').day('2026-06-15')).toBe('15 июн. 2026 г.');
    // Thai years are Buddhist-era years: 2026 is 2569.
    expect(pageText('th').day('2026-06-15')).toContain('2569');
    expect(pageText('en').money('1234.5', 'USD')).toBe('US$1,235');
    expect(pageText('ru').money('1234', 'RUB')).toBe('1\u00a0234\u00a0₽');
    expect(pageText('en').money('12', 'dollars')).toBe('12 dollars');
    expect(pageText('en').money('n/a', 'USD')).toBe('n/a');
  });

  it('falls back to English for an unknown or missing locale', () => {
    expect(pageText('fr').locale).toBe('en');
    expect(pageText(undefined).locale).toBe('en');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr-FR, ru;q=0.5, th;q=0.7', 'th'],
    ['de, fr', 'en'],
    ['ru;q=0, vi;q=0.1', 'vi'],
    ['TH-th', 'th'],
  ])('%j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
