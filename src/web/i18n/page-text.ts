import { DEFAULT_PAGE_LOCALE, isPageLocale, PAGE_LOCALES, PageLocale } from '../../common/domain';
import { en, MessageKey, Messages } from './en';
import { ru } from './ru';
import { th } from './th';
import { vi } from './vi';

export type { MessageKey, Messages };

/** One catalogue per language the page speaks; a language in PAGE_LOCALES without one does not compile. */
export const CATALOGUES: Record<PageLocale, Messages> = { en, vi, ru, th };

/**
 * The one Intl locale each page language formats with, so a date or an amount reads the same
 * everywhere on the page. English is written the British way (15 Jun 2026, 09:00), as before;
 * Thai counts years in the Buddhist era, as Thai readers expect.
 */
const INTL_LOCALE: Record<PageLocale, string> = { en: 'en-GB', vi: 'vi-VN', ru: 'ru-RU', th: 'th-TH' };

/** Each language by its own name, as a reader looking for theirs would recognise it. */
export const LANGUAGE_NAMES: Record<PageLocale, string> = { en: 'English', vi: 'Tiếng Việt', ru: 'Русский', th: 'ไทย' };

const PLACEHOLDER = /\{(\w+)\}/g;

export type Params = Record<string, string | number>;

/** The `{name}` placeholders of a message, sorted, for comparing catalogues. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((match) => match[1]))].sort();
}

/** Everything the page says, in one language: its words and its formats. */
export class PageText {
  readonly messages: Messages;
  private readonly intl: string;
  private readonly numbers: Intl.NumberFormat;

  constructor(readonly locale: PageLocale) {
    this.messages = CATALOGUES[locale];
    this.intl = INTL_LOCALE[locale];
    this.numbers = new Intl.NumberFormat(this.intl);
  }

  /** A message with its placeholders filled; numbers are formatted for the language. */
  t(key: MessageKey, params: Params = {}): string {
    return this.messages[key].replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.number(value) : value;
    });
  }

  number(value: number): string {
    return this.numbers.format(value);
  }

  /** A calendar day (YYYY-MM-DD) as that day, wherever the reader is. */
  day(value: string): string {
    const date = new Date(`${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) return value;
    return new Intl.DateTimeFormat(this.intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }

  /** The day of a calendar date as itself, or of an instant in the zone given. */
  date(value: string | Date, timeZone: string): string {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return this.day(value);
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return String(value);
    return new Intl.DateTimeFormat(this.intl, { dateStyle: 'medium', timeZone }).format(at);
  }

  /** An instant as the clock on the reader's wall shows it, in their zone. */
  instant(at: Date, timeZone: string): string {
    return new Intl.DateTimeFormat(this.intl, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
  }

  /** An amount in whole units of its currency; a currency Intl does not know prints as its code. */
  money(value: string, currency: string): string {
    const amount = Number(value);
    if (!Number.isFinite(amount)) return value;
    try {
      return new Intl.NumberFormat(this.intl, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
    } catch {
      return `${this.number(Math.round(amount))} ${currency}`;
    }
  }
}

const cache = new Map<PageLocale, PageText>();

/** The page's text in a language; anything unknown gets the default (English). */
export function pageText(locale: unknown): PageText {
  const chosen = isPageLocale(locale) ? locale : DEFAULT_PAGE_LOCALE;
  let text = cache.get(chosen);
  if (!text) {
    text = new PageText(chosen);
    cache.set(chosen, text);
  }
  return text;
}

/**
 * Before sign-in the page does not know who is reading: the browser's preferred language
 * (Accept-Language, by quality, then order), if the page speaks it; else English.
 */
export function negotiateLocale(header: string | undefined): PageLocale {
  if (!header) return DEFAULT_PAGE_LOCALE;
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return wanted.map((entry) => entry.language).find((language): language is PageLocale => isPageLocale(language)) ?? DEFAULT_PAGE_LOCALE;
}

export { PAGE_LOCALES };
