import { isIsoDate, parseInstant, validDay, YEAR_RANGE, yearInRange } from '../../common/dates';
import { FieldError } from '../../common/errors';
import { isStorableText, UNSTORABLE_TEXT } from '../../common/storable-text';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isLocale, isTimeZone, toE164 } from '../../common/validators';
import { ChannelConsent, Consent, CONSENT_CHANNELS, PostalAddress } from './customer.entity';
import { guessTimeZone, TimeZoneSource } from './time-zone-guess';

/**
 * Turns one customer record from the CRM (REST body or CSV row) into the row we store, or into
 * the list of what is wrong with it. Hand-written rather than class-validator: the CSV import runs
 * it a million times and must keep up with COPY.
 */
export interface NormalizedCustomer {
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  customerSince: string | null;
  timeZone: string;
  /** Where the zone came from: given, guessed from the address or phone, or the configured default. */
  timeZoneSource: TimeZoneSource;
  locale: string;
  /** Resolved to a staff id by the caller; null means no account manager. */
  accountManagerEmail: string | null;
  tags: string[];
  tier: string | null;
  /** Only the channels the input spoke of; others keep their stored value. */
  consent: Consent;
  address: PostalAddress | null;
}

export interface CustomerDefaults {
  timeZone: string;
  locale: string;
  /** Consent given without a time is taken as given now. */
  now: Date;
  /** Where consent given without a source came from (`api`, `csv`). */
  source: string;
}

// Shared with the order input, which takes instants the same way.
export { isIsoDate, parseInstant };

/**
 * What a CSV file may know of a customer's whereabouts beyond the record: the country and region
 * of an address too incomplete to store. They serve to read national phone numbers and to guess
 * the time zone, and are stored nowhere.
 */
export interface PlaceHints {
  country?: string;
  region?: string;
}

export type Normalized<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}$/;
const MAX_TAGS = 50;
/** How far ahead of our clock a consent time may be: the CRM's clock and ours differ a little. */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

export function normalizeCustomer(input: unknown, defaults: CustomerDefaults, hints: PlaceHints = {}): Normalized<NormalizedCustomer> {
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', reason: 'must be an object' }] };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) errors.push({ field: key, reason: 'is not a known field' });
  }

  const externalId = text(raw.externalId, 'externalId', errors, { required: true, max: 200 });
  const firstName = text(raw.firstName, 'firstName', errors, { required: true, max: 100 });
  const lastName = text(raw.lastName, 'lastName', errors, { max: 100 }) ?? '';

  let email = text(raw.email, 'email', errors, { max: 254 });
  if (email !== null) {
    email = email.toLowerCase();
    if (!EMAIL.test(email)) errors.push({ field: 'email', reason: 'is not a valid email address' });
  }

  const address = normalizeAddress(raw.address, errors);

  let phone = text(raw.phone, 'phone', errors, { max: 40 });
  if (phone !== null) {
    const e164 = toE164(phone, address?.country ?? hints.country);
    if (!e164) errors.push({ field: 'phone', reason: 'is not a valid phone number (give it with its +country code)' });
    phone = e164;
  }

  const birthday = normalizeBirthday(raw.birthday, errors);

  const customerSince = text(raw.customerSince, 'customerSince', errors, { max: 10 });
  if (customerSince !== null && !isIsoDate(customerSince)) {
    errors.push({ field: 'customerSince', reason: `must be a date as YYYY-MM-DD, in a year ${YEAR_RANGE}` });
  }

  let timeZone = text(raw.timeZone, 'timeZone', errors, { max: 64 });
  let timeZoneSource: TimeZoneSource = 'given';
  if (timeZone === null) {
    // Without a zone, the customer's "10:00" would be the server's: guess it from where they live.
    const guess = guessTimeZone({
      country: address?.country ?? hints.country,
      region: address ? address.region : hints.region,
      phoneCountry: phone ? parsePhoneNumberFromString(phone)?.country : undefined,
    });
    timeZone = guess?.zone ?? defaults.timeZone;
    timeZoneSource = guess?.source ?? 'default';
  }
  if (isTimeZone(timeZone)) timeZone = canonicalTimeZone(timeZone);
  else errors.push({ field: 'timeZone', reason: 'must be an IANA time zone such as Europe/Berlin' });

  let locale = text(raw.locale, 'locale', errors, { max: 35 }) ?? defaults.locale;
  if (isLocale(locale)) locale = Intl.getCanonicalLocales(locale)[0];
  else errors.push({ field: 'locale', reason: 'must be a BCP 47 language tag such as en or vi-VN' });

  let accountManagerEmail = text(raw.accountManagerEmail, 'accountManagerEmail', errors, { max: 254 });
  if (accountManagerEmail !== null) accountManagerEmail = accountManagerEmail.toLowerCase();

  const tags = normalizeTags(raw.tags, errors);
  const tier = text(raw.tier, 'tier', errors, { max: 50 });
  const consent = normalizeConsent(raw.consent, defaults, errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId: externalId!,
      firstName: firstName!,
      lastName,
      email,
      phone,
      birthYear: birthday?.year ?? null,
      birthMonth: birthday?.month ?? null,
      birthDay: birthday?.day ?? null,
      customerSince,
      timeZone,
      timeZoneSource,
      locale,
      accountManagerEmail,
      tags,
      tier,
      consent,
      address,
    },
  };
}

const KNOWN_FIELDS = new Set([
  'externalId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthday',
  'customerSince',
  'timeZone',
  'locale',
  'accountManagerEmail',
  'tags',
  'tier',
  'consent',
  'address',
]);

/**
 * Intl matches zone names case-insensitively, so `asia/bangkok` passes validation; store the usual
 * spelling. Only the case changes: ICU's canonical id for an alias can be an older name
 * (Asia/Ho_Chi_Minh resolves to Asia/Saigon), and the sender's name is kept then.
 */
export function canonicalTimeZone(zone: string): string {
  // Building an Intl.DateTimeFormat costs ~50 µs: too much once per row of a million-row import.
  let canonical = canonicalZones.get(zone);
  if (canonical === undefined) {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    canonical = resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
    canonicalZones.set(zone, canonical);
  }
  return canonical;
}

// Bounded by the number of distinct zone spellings the runtime accepts (isTimeZone is checked first).
const canonicalZones = new Map<string, string>();

/** A trimmed string, null when absent or empty; records an error for a wrong type or length. */
export function text(value: unknown, field: string, errors: FieldError[], options: { required?: boolean; max: number }): string | null {
  if (value === undefined || value === null || value === '') {
    if (options.required) errors.push({ field, reason: 'is required' });
    return null;
  }
  if (typeof value !== 'string') {
    errors.push({ field, reason: 'must be a string' });
    return null;
  }
  if (!isStorableText(value)) {
    errors.push({ field, reason: UNSTORABLE_TEXT });
    return null;
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    if (options.required) errors.push({ field, reason: 'is required' });
    return null;
  }
  if (trimmed.length > options.max) {
    errors.push({ field, reason: `must be at most ${options.max} characters` });
    return null;
  }
  return trimmed;
}

/** `YYYY-MM-DD`, or `--MM-DD` (ISO 8601's form without a year) when the year is unknown. */
function normalizeBirthday(value: unknown, errors: FieldError[]): { year: number | null; month: number; day: number } | null {
  const raw = text(value, 'birthday', errors, { max: 10 });
  if (raw === null) return null;
  const match = /^(?:(\d{4})|-)-(\d{2})-(\d{2})$/.exec(raw);
  const year = match?.[1] ? Number(match[1]) : null;
  const month = match ? Number(match[2]) : 0;
  const day = match ? Number(match[3]) : 0;
  if (!match || !validDay(year, month, day) || (year !== null && !yearInRange(year))) {
    errors.push({
      field: 'birthday',
      reason: `must be a real date as YYYY-MM-DD in a year ${YEAR_RANGE}, or --MM-DD when the year is unknown`,
    });
    return null;
  }
  return { year, month, day };
}

function normalizeTags(value: unknown, errors: FieldError[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) {
    errors.push({ field: 'tags', reason: 'must be an array of strings' });
    return [];
  }
  if (value.some((tag: string) => !isStorableText(tag))) {
    errors.push({ field: 'tags', reason: UNSTORABLE_TEXT });
    return [];
  }
  const tags = [...new Set(value.map((tag: string) => tag.trim()).filter((tag) => tag.length > 0))];
  if (tags.length > MAX_TAGS) errors.push({ field: 'tags', reason: `must have at most ${MAX_TAGS} tags` });
  if (tags.some((tag) => tag.length > 50)) errors.push({ field: 'tags', reason: 'each tag must be at most 50 characters' });
  return tags;
}

function normalizeConsent(value: unknown, defaults: CustomerDefaults, errors: FieldError[]): Consent {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field: 'consent', reason: 'must be an object with email, sms and/or call' });
    return {};
  }
  const consent: Consent = {};
  for (const [channel, entry] of Object.entries(value as Record<string, unknown>)) {
    const field = `consent.${channel}`;
    if (!(CONSENT_CHANNELS as readonly string[]).includes(channel)) {
      errors.push({ field, reason: `is not a consent channel (${CONSENT_CHANNELS.join(', ')})` });
      continue;
    }
    if (typeof entry !== 'object' || entry === null) {
      errors.push({ field, reason: 'must be an object with status, at and source' });
      continue;
    }
    const { status, at, source, ...rest } = entry as Record<string, unknown>;
    for (const key of Object.keys(rest)) errors.push({ field: `${field}.${key}`, reason: 'is not a known field' });
    if (status !== 'granted' && status !== 'withdrawn') {
      errors.push({ field: `${field}.status`, reason: 'must be granted or withdrawn' });
      continue;
    }
    let when = defaults.now.toISOString();
    if (at !== undefined && at !== null) {
      const parsed = parseInstant(at);
      if (!parsed) {
        errors.push({
          field: `${field}.at`,
          reason: `must be an ISO 8601 date-time with a zone offset in a year ${YEAR_RANGE}, e.g. 2026-03-01T14:30:00Z`,
        });
        continue;
      }
      // A statement from the future would outrank every later one (the newest statement wins).
      if (parsed.getTime() > defaults.now.getTime() + CONSENT_CLOCK_SKEW_MS) {
        errors.push({ field: `${field}.at`, reason: 'must not be in the future' });
        continue;
      }
      when = parsed.toISOString();
    }
    const how = text(source, `${field}.source`, errors, { max: 100 }) ?? defaults.source;
    consent[channel as keyof Consent] = { status, at: when, source: how } satisfies ChannelConsent;
  }
  return consent;
}

function normalizeAddress(value: unknown, errors: FieldError[]): PostalAddress | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field: 'address', reason: 'must be an object' });
    return null;
  }
  const raw = value as Record<string, unknown>;
  const allowed = new Set(['line1', 'line2', 'city', 'region', 'postalCode', 'country']);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) errors.push({ field: `address.${key}`, reason: 'is not a known field' });
  }
  const line1 = text(raw.line1, 'address.line1', errors, { required: true, max: 200 });
  const line2 = text(raw.line2, 'address.line2', errors, { max: 200 });
  const city = text(raw.city, 'address.city', errors, { required: true, max: 100 });
  const region = text(raw.region, 'address.region', errors, { max: 100 });
  const postalCode = text(raw.postalCode, 'address.postalCode', errors, { max: 20 });
  const country = text(raw.country, 'address.country', errors, { required: true, max: 2 })?.toUpperCase() ?? null;
  if (country !== null && !COUNTRY.test(country)) {
    errors.push({ field: 'address.country', reason: 'must be an ISO 3166-1 alpha-2 code such as VN' });
  }
  if (!line1 || !city || !country) return null;
  return {
    line1,
    city,
    country,
    ...(line2 ? { line2 } : {}),
    ...(region ? { region } : {}),
    ...(postalCode ? { postalCode } : {}),
  };
}
