import { PostalAddress } from '../crm/customers/customer.entity';
import { daysAgoInZone } from '../common/dates';
import { daysBetween, localDateIn } from './days';
import { TaskKind, TaskOutcome } from './task.entity';

/** Birthdays this many days ahead (or today) are worth a mention. */
export const BIRTHDAY_WINDOW_DAYS = 30;
export const LAST_ORDERS = 3;
export const HISTORY_ENTRIES = 5;

export interface TalkingPointsInput {
  kind: TaskKind;
  now: Date;
  currency: string;
  customer: {
    timeZone: string;
    /** The customer's locale: the script is written in it, and the card's dates read the same way. */
    locale: string;
    phone: string | null;
    phoneInvalid: boolean;
    birthYear: number | null;
    birthMonth: number | null;
    birthDay: number | null;
    lifetimeValue: string;
    orderCount: number;
    lastOrderAt: Date | null;
    address: PostalAddress | null;
  };
  /** Most recent first. */
  orders: { externalId: string; placedAt: Date; total: string; currency: string; status: string }[];
  /** Earlier tasks' outcomes and notes, most recent first. */
  history: { at: Date; kind: string; outcome: TaskOutcome | null; note: string | null; by: string | null }[];
  /** The rendered template (call: talking points; card: message and envelope address). */
  script: { text: string; address?: string } | null;
}

/** Stored in tasks.talking_points: plain JSON, dates as ISO strings. */
export interface TalkingPoints {
  script: string | null;
  /** The locale the card's dates are formatted in, the script's own. */
  locale: string;
  scriptAddress: string | null;
  lifetimeValue: string;
  currency: string;
  orderCount: number;
  daysSinceLastOrder: number | null;
  lastOrders: { externalId: string; placedAt: string; total: string; currency: string; status: string }[];
  upcomingBirthday: { date: string; inDays: number; turning: number | null } | null;
  history: { at: string; kind: string; outcome: TaskOutcome | null; note: string | null; by: string | null }[];
  /** Calls only; null when missing or known to be wrong. */
  phone: string | null;
  /** Cards only. */
  mailingAddress: PostalAddress | null;
}

/** The next birthday on or after `today`; Feb 29 falls on Feb 28 in other years. */
export function nextBirthday(month: number, day: number, today: string): string {
  const on = (year: number) => {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const d = month === 2 && day === 29 && !leap ? 28 : day;
    return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  const year = Number(today.slice(0, 4));
  return on(year) >= today ? on(year) : on(year + 1);
}

export function buildTalkingPoints(input: TalkingPointsInput): TalkingPoints {
  const { customer } = input;
  const today = localDateIn(input.now, customer.timeZone);
  let upcomingBirthday: TalkingPoints['upcomingBirthday'] = null;
  if (customer.birthMonth !== null && customer.birthDay !== null) {
    const date = nextBirthday(customer.birthMonth, customer.birthDay, today);
    const inDays = daysBetween(today, date);
    if (inDays <= BIRTHDAY_WINDOW_DAYS) {
      upcomingBirthday = { date, inDays, turning: customer.birthYear !== null ? Number(date.slice(0, 4)) - customer.birthYear : null };
    }
  }
  return {
    script: input.script?.text ?? null,
    locale: customer.locale,
    scriptAddress: input.script?.address ?? null,
    lifetimeValue: customer.lifetimeValue,
    currency: input.currency,
    orderCount: customer.orderCount,
    daysSinceLastOrder: customer.lastOrderAt ? daysAgoInZone(customer.lastOrderAt, input.now, customer.timeZone) : null,
    lastOrders: input.orders.slice(0, LAST_ORDERS).map((order) => ({ ...order, placedAt: order.placedAt.toISOString() })),
    upcomingBirthday,
    history: input.history.slice(0, HISTORY_ENTRIES).map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    phone: input.kind === 'call' && !customer.phoneInvalid ? customer.phone : null,
    mailingAddress: input.kind === 'card' ? customer.address : null,
  };
}
