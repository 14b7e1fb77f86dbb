import { localDate } from './helpers';
import { language } from './locale';
import { daysAgoInZone, isLeapYear } from '../common/dates';

/**
 * What a template sees. Plain objects only (Handlebars refuses prototype properties), every
 * documented key present (strict mode throws on a missing one), absent values as null.
 * The shape is documented in variables.ts; a spec keeps the two in step.
 */
export interface TemplateContext {
  customer: CustomerVars;
  manager: ManagerVars;
  order: OrderVars | null;
  company: CompanyVars;
  touch: TouchVars;
}

export interface AddressVars {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
}

export interface CustomerVars {
  firstName: string;
  lastName: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  birthday: { month: number; day: number; year: number | null; turning: number | null } | null;
  age: number | null;
  locale: string;
  timeZone: string;
  tier: string | null;
  tags: string[];
  lifetimeValue: string;
  orderCount: number;
  lastOrderAt: string | null;
  daysSinceLastOrder: number | null;
  customerSince: string | null;
  address: AddressVars | null;
}

export interface ManagerVars {
  name: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  signature: string;
}

export interface OrderVars {
  externalId: string;
  total: string;
  currency: string;
  placedAt: string;
}

export interface CompanyVars {
  name: string;
  currency: string;
}

export interface TouchVars {
  date: string;
  feedbackUrl: string | null;
}

/** The database rows a context is built from (column values as node-postgres returns them). */
export interface CustomerRow {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  customer_since: string | null;
  time_zone: string;
  locale: string;
  tier: string | null;
  tags: string[];
  lifetime_value: string;
  order_count: number;
  last_order_at: Date | null;
  address: Partial<Record<keyof AddressVars, string>> | null;
}

export interface ManagerRow {
  name: string;
  email: string;
  phone: string | null;
  email_signature: string | null;
}

export interface OrderRow {
  external_id: string;
  total: string;
  currency: string;
  placed_at: Date;
}

export interface ContextInput {
  customer: CustomerRow;
  manager: ManagerRow | null;
  order: OrderRow | null;
  company: CompanyVars;
  /** The touch date in the customer's zone (YYYY-MM-DD). */
  touchDate: string;
  /** The touch's signed feedback link, when its rule asks for feedback. */
  feedbackUrl?: string | null;
  /**
   * When it is rendered: figures about today (days since the last order) count to this, as the
   * task card's own do; without it, to the touch date.
   */
  now?: Date;
}

/** Languages that put the family name first. */
const FAMILY_NAME_FIRST = new Set(['vi', 'zh', 'ja', 'ko', 'hu']);

export function fullName(firstName: string, lastName: string, locale: string): string {
  const names = FAMILY_NAME_FIRST.has(language(locale)) ? [lastName, firstName] : [firstName, lastName];
  return names
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .join(' ');
}

/** Whole years from a birth date to `today` (YYYY-MM-DD); 29 February counts as 28 February in other years. */
export function ageOn(year: number, month: number, day: number, today: string): number {
  const [y, m, d] = today.split('-').map(Number);
  const birthdayDay = month === 2 && day === 29 && !isLeapYear(y) ? 28 : day;
  const hadBirthday = m > month || (m === month && d >= birthdayDay);
  return y - year - (hadBirthday ? 0 : 1);
}

/** The age reached on the next birthday on or after `today` (the same day counts). */
export function turningOn(year: number, month: number, day: number, today: string): number {
  const [y, m, d] = today.split('-').map(Number);
  const birthdayDay = month === 2 && day === 29 && !isLeapYear(y) ? 28 : day;
  const passed = m > month || (m === month && d > birthdayDay);
  return y - year + (passed ? 1 : 0);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function toAddress(address: CustomerRow['address']): AddressVars | null {
  if (!address) return null;
  return {
    line1: address.line1 ?? '',
    line2: address.line2 ?? null,
    city: address.city ?? '',
    region: address.region ?? null,
    postalCode: address.postalCode ?? null,
    country: address.country ?? '',
  };
}

/** Decimals as the database returns them (`249.0000`) to how people write them (`249.00`). */
export function normalizeDecimal(value: string): string {
  const [whole, fraction = ''] = String(value).split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** The first word of a name, for a signature like "— Emma". */
export function firstWord(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

export function buildTemplateContext(input: ContextInput): TemplateContext {
  const c = input.customer;
  const today = input.touchDate;
  const birthday =
    c.birth_month !== null && c.birth_day !== null
      ? {
          month: c.birth_month,
          day: c.birth_day,
          year: c.birth_year,
          turning: c.birth_year !== null ? turningOn(c.birth_year, c.birth_month, c.birth_day, today) : null,
        }
      : null;
  const lastOrderAt = c.last_order_at ? new Date(c.last_order_at) : null;
  const manager: ManagerVars = input.manager
    ? {
        name: input.manager.name,
        firstName: firstWord(input.manager.name),
        email: input.manager.email,
        phone: input.manager.phone,
        signature: input.manager.email_signature?.trim() || input.manager.name,
      }
    : // Customers in the shared pool hear from the company rather than from a person.
      { name: input.company.name, firstName: input.company.name, email: null, phone: null, signature: input.company.name };
  return {
    customer: {
      firstName: c.first_name,
      lastName: c.last_name,
      fullName: fullName(c.first_name, c.last_name, c.locale),
      email: c.email,
      phone: c.phone,
      birthday,
      age: birthday && c.birth_year !== null ? ageOn(c.birth_year, birthday.month, birthday.day, today) : null,
      locale: c.locale,
      timeZone: c.time_zone,
      tier: c.tier,
      tags: [...c.tags],
      lifetimeValue: normalizeDecimal(c.lifetime_value),
      orderCount: c.order_count,
      lastOrderAt: lastOrderAt ? lastOrderAt.toISOString() : null,
      daysSinceLastOrder: !lastOrderAt
        ? null
        : input.now
          ? daysAgoInZone(lastOrderAt, input.now, c.time_zone)
          : daysBetween(localDate(lastOrderAt, c.time_zone), today),
      customerSince: c.customer_since,
      address: toAddress(c.address),
    },
    manager,
    order: input.order
      ? {
          externalId: input.order.external_id,
          total: normalizeDecimal(input.order.total),
          currency: input.order.currency.trim(),
          placedAt: new Date(input.order.placed_at).toISOString(),
        }
      : null,
    company: { ...input.company },
    touch: { date: today, feedbackUrl: input.feedbackUrl ?? null },
  };
}

interface SamplePerson {
  first: string;
  last: string;
  timeZone: string;
  manager: string;
  city: string;
  country: string;
  line1: string;
}

// Fictional people per language, so a preview in Thai shows a Thai name and a Bangkok clock.
const SAMPLES: Record<string, SamplePerson> = {
  en: {
    first: 'Olivia',
    last: 'Smith',
    timeZone: 'America/New_York',
    manager: 'Emma Clarke',
    city: 'Boston',
    country: 'US',
    line1: '12 Elm Street',
  },
  vi: {
    first: 'Lan',
    last: 'Nguyễn',
    timeZone: 'Asia/Ho_Chi_Minh',
    manager: 'Linh Nguyen',
    city: 'Hà Nội',
    country: 'VN',
    line1: '25 Phố Huế',
  },
  ru: {
    first: 'Анна',
    last: 'Иванова',
    timeZone: 'Europe/Moscow',
    manager: 'Dmitri Volkov',
    city: 'Москва',
    country: 'RU',
    line1: 'ул. Тверская, д. 7, кв. 12',
  },
  th: {
    first: 'สมหญิง',
    last: 'ใจดี',
    timeZone: 'Asia/Bangkok',
    manager: 'Suda Charoen',
    city: 'กรุงเทพมหานคร',
    country: 'TH',
    line1: '99/1 ถนนสุขุมวิท',
  },
};

const SAMPLE_FEEDBACK_URL = 'https://touchpoint.example.com/f/2s.1b.t5x3qo.Xq1vKz0aPbR7cWm2';

/** A believable customer for previews without a real one, in the given locale. */
export function sampleContext(options: { locale: string; now: Date; company: CompanyVars }): TemplateContext {
  const person = SAMPLES[language(options.locale)] ?? SAMPLES.en;
  const today = localDate(options.now, person.timeZone);
  const lastOrder = new Date(options.now.getTime() - 12 * 86_400_000);
  return buildTemplateContext({
    customer: {
      first_name: person.first,
      last_name: person.last,
      email: 'customer@example.com',
      phone: '+14155550123',
      birth_year: 1988,
      birth_month: Number(today.slice(5, 7)),
      birth_day: Number(today.slice(8, 10)),
      customer_since: '2021-09-01',
      time_zone: person.timeZone,
      locale: options.locale,
      tier: 'gold',
      tags: ['vip'],
      lifetime_value: '3480.00',
      order_count: 14,
      last_order_at: lastOrder,
      address: { line1: person.line1, city: person.city, postalCode: '10001', country: person.country },
    },
    manager: {
      name: person.manager,
      email: 'manager@example.com',
      phone: '+12125550101',
      email_signature: `${person.manager}\n${options.company.name}`,
    },
    order: { external_id: 'SAMPLE-1001', total: '249.00', currency: options.company.currency, placed_at: lastOrder },
    company: options.company,
    touchDate: today,
    // A preview shows how long the link makes a message (an SMS's segments).
    feedbackUrl: SAMPLE_FEEDBACK_URL,
    now: options.now,
  });
}
