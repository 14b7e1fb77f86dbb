/*
 * Words every feature speaks. They live here, under the features, so that a feature needing only
 * the word (a template's channel, the caller of a request) imports no other feature for it.
 */

/** How a touch reaches a customer: messages we send, or tasks staff carry out (call, card). */
export type Channel = 'email' | 'sms' | 'call' | 'card';
export const CHANNELS: Channel[] = ['email', 'sms', 'call', 'card'];

export type Role = 'admin' | 'manager';
export const ROLES: Role[] = ['admin', 'manager'];

/** The signed-in staff member a request acts for, as the auth guard found them. */
export interface Principal {
  staffId: string;
  role: Role;
  name: string;
}

/**
 * The languages the staff's web page speaks; each has a full message catalogue
 * (src/web/i18n), so a language is added here and there together.
 */
export type PageLocale = 'en' | 'vi' | 'ru' | 'th';
export const PAGE_LOCALES: PageLocale[] = ['en', 'vi', 'ru', 'th'];
export const DEFAULT_PAGE_LOCALE: PageLocale = 'en';

export function isPageLocale(value: unknown): value is PageLocale {
  return typeof value === 'string' && (PAGE_LOCALES as string[]).includes(value);
}
