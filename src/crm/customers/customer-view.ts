import { Consent, Customer, PostalAddress } from './customer.entity';

/** A customer as the API shows it. Money is an exact decimal string. */
export interface CustomerView {
  id: string;
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  phoneInvalid: boolean;
  /** `YYYY-MM-DD`, or `--MM-DD` when the year is unknown; null when unknown. */
  birthday: string | null;
  customerSince: string | null;
  timeZone: string;
  locale: string;
  accountManagerId: string | null;
  tags: string[];
  tier: string | null;
  consent: Consent;
  address: PostalAddress | null;
  lifetimeValue: string;
  orderCount: number;
  lastOrderAt: Date | null;
  anonymizedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function formatBirthday(year: number | null, month: number | null, day: number | null): string | null {
  if (month === null || day === null) return null;
  const monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return year === null ? `--${monthDay}` : `${String(year).padStart(4, '0')}-${monthDay}`;
}

export function toCustomerView(c: Customer): CustomerView {
  return {
    id: c.id,
    externalId: c.externalId,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    phoneInvalid: c.phoneInvalid,
    birthday: formatBirthday(c.birthYear, c.birthMonth, c.birthDay),
    customerSince: c.customerSince,
    timeZone: c.timeZone,
    locale: c.locale,
    accountManagerId: c.accountManagerId,
    tags: c.tags,
    tier: c.tier,
    consent: c.consent,
    address: c.address,
    lifetimeValue: c.lifetimeValue,
    orderCount: c.orderCount,
    lastOrderAt: c.lastOrderAt,
    anonymizedAt: c.anonymizedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
