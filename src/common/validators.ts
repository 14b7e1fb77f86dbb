import { registerDecorator, ValidationOptions } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const zoneCache = new Map<string, boolean>();

/** True for an IANA zone name the runtime knows (Intl carries the tz database). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  // Newer runtimes accept offsets such as +07:00 as zones; PostgreSQL reads a bare offset with the
  // POSIX sign (east is negative), so an offset would put every touch on the wrong side of UTC.
  if (/^[+-]/.test(value)) return false;
  let known = zoneCache.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    zoneCache.set(value, known);
  }
  return known;
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Berlin', ...options },
      validator: { validate: isTimeZone },
    });
}

/** A BCP 47 tag Intl accepts, e.g. `en`, `vi-VN`, `zh-Hant-TW`. */
export function isLocale(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export function IsLocale(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocale',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a BCP 47 language tag such as en or vi-VN', ...options },
      validator: { validate: isLocale },
    });
}

/**
 * Normalizes a phone number to E.164, or returns null when it is not a valid number.
 * Numbers without a country code are read in `defaultCountry` when one is given.
 */
export function toE164(value: string, defaultCountry?: string): string | null {
  const parsed = parsePhoneNumberFromString(value, defaultCountry as never);
  return parsed && parsed.isValid() ? parsed.number : null;
}
