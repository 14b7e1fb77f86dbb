/**
 * The formatting behind the template helpers, as plain functions of their inputs. Values come
 * from the template context: ISO 8601 datetimes, YYYY-MM-DD dates, decimal strings, numbers.
 * Null or unreadable input prints as '' rather than failing a whole message.
 */

export type DateStyle = 'short' | 'medium' | 'long' | 'full';
const DATE_STYLES: DateStyle[] = ['short', 'medium', 'long', 'full'];

export interface BirthdayValue {
  month: number;
  day: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function dateStyle(value: unknown, fallback: DateStyle): DateStyle {
  return DATE_STYLES.includes(value as DateStyle) ? (value as DateStyle) : fallback;
}

function isBirthday(value: unknown): value is BirthdayValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BirthdayValue).month === 'number' &&
    typeof (value as BirthdayValue).day === 'number'
  );
}

/**
 * A datetime in the given zone; a calendar date (YYYY-MM-DD) as that day wherever the reader is;
 * a birthday `{ month, day }` as month and day without a year.
 */
export function formatDate(value: unknown, style: DateStyle, locale: string, timeZone: string): string {
  if (isBirthday(value)) {
    // 2000 is a leap year, so 29 February prints as itself.
    const day = new Date(Date.UTC(2000, value.month - 1, value.day));
    const month = style === 'short' ? 'numeric' : style === 'medium' ? 'short' : 'long';
    return new Intl.DateTimeFormat(locale, { month, day: 'numeric', timeZone: 'UTC' }).format(day);
  }
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? '' : new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(day);
  }
  const instant = toInstant(value);
  return instant ? new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone }).format(instant) : '';
}

export function formatTime(value: unknown, style: 'short' | 'medium', locale: string, timeZone: string): string {
  const instant = toInstant(value);
  return instant ? new Intl.DateTimeFormat(locale, { timeStyle: style, timeZone }).format(instant) : '';
}

/** Exact decimals: the amount goes to Intl as a string, never through a float. */
export function formatMoney(amount: unknown, currency: string, locale: string): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const text = typeof amount === 'number' ? String(amount) : typeof amount === 'string' ? amount.trim() : '';
  if (!/^-?\d+(\.\d+)?$/.test(text) || !/^[A-Za-z]{3}$/.test(currency)) return '';
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }) as Intl.NumberFormat & {
    format(value: string | number): string;
  };
  return format.format(text);
}

export function firstNameOr(name: unknown, fallback: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  return trimmed !== '' ? trimmed : typeof fallback === 'string' ? fallback : '';
}

/** Calendar days from `value` to `today` (YYYY-MM-DD), both read in `timeZone`; null when unreadable. */
export function daysSince(value: unknown, today: string, timeZone: string): number | null {
  let from: string | null = null;
  if (typeof value === 'string' && DATE_ONLY.test(value)) from = value;
  else {
    const instant = toInstant(value);
    if (instant) from = localDate(instant, timeZone);
  }
  if (!from || !DATE_ONLY.test(today)) return null;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const ORDINAL_SUFFIXES: Record<string, Partial<Record<Intl.LDMLPluralRule, string>>> = {
  en: { one: 'st', two: 'nd', few: 'rd', other: 'th' },
  fr: { one: 'er', other: 'e' },
};

/**
 * Ordinals by the language's ordinal plural rules where Intl knows them (en, fr), else by a
 * fixed pattern the language uses for numerals (vi `thứ 2`, th `ที่ 2`, ru `2-й`, de `2.`),
 * else the plain number.
 */
export function ordinal(value: unknown, locale: string): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) return '';
  const lang = locale.split('-')[0].toLowerCase();
  const suffixes = ORDINAL_SUFFIXES[lang];
  if (suffixes) {
    const category = new Intl.PluralRules(locale, { type: 'ordinal' }).select(n);
    return `${n}${suffixes[category] ?? suffixes.other}`;
  }
  switch (lang) {
    case 'vi':
      return `thứ ${n}`;
    case 'th':
      return `ที่ ${n}`;
    // The masculine ending, which agrees with день рождения and год.
    case 'ru':
      return `${n}-й`;
    case 'de':
      return `${n}.`;
    default:
      return String(n);
  }
}

/**
 * The word form for a count by the language's plural rules (en one/other; ru one/few/many/other),
 * from the forms a template gives; `other` stands in for a category it leaves out.
 */
export function pluralForm(count: unknown, forms: Partial<Record<Intl.LDMLPluralRule, unknown>>, locale: string): string {
  const n = typeof count === 'number' ? count : typeof count === 'string' && /^-?\d+(\.\d+)?$/.test(count) ? Number(count) : NaN;
  const category = Number.isFinite(n) ? new Intl.PluralRules(locale).select(n) : 'other';
  const form = forms[category] ?? forms.other;
  return typeof form === 'string' ? form : '';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Escapes text for HTML and keeps its line breaks as <br>. */
export function nl2br(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c])
    .replace(/\r?\n/g, '<br>\n');
}

function toInstant(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}
