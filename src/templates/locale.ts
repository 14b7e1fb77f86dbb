import { isLocale } from '../common/validators';

/** Canonical form of a BCP 47 tag (`vi-vn` → `vi-VN`), or null when it is not one. */
export function canonicalLocale(value: string): string | null {
  if (!isLocale(value)) return null;
  return Intl.getCanonicalLocales(value)[0] ?? null;
}

/**
 * The variants to try, most specific first, ending with the default (''):
 * `vi-VN` → `vi-VN`, `vi`, ''; `zh-Hant-TW` → `zh-Hant-TW`, `zh-Hant`, `zh`, ''.
 */
export function localeChain(requested: string | null | undefined): string[] {
  const canonical = requested ? canonicalLocale(requested) : null;
  if (!canonical) return [''];
  const subtags = canonical.split('-');
  const chain: string[] = [];
  for (let n = subtags.length; n > 0; n--) chain.push(subtags.slice(0, n).join('-'));
  chain.push('');
  return chain;
}

/** The first locale of the chain that has a variant; null when not even the default exists. */
export function resolveVariantLocale(available: Iterable<string>, requested: string | null | undefined): string | null {
  const have = new Set(available);
  return localeChain(requested).find((locale) => have.has(locale)) ?? null;
}

/**
 * The locale to format dates and money in. The customer's own tag when the variant speaks their
 * language (a `vi` variant for a `vi-VN` customer formats as `vi-VN`); otherwise the variant's
 * language, so a German customer served the English default reads English dates; and for the
 * default variant, the configured default locale.
 */
export function formatLocale(requested: string | null | undefined, variantLocale: string, defaultLocale: string): string {
  const canonical = requested ? canonicalLocale(requested) : null;
  if (variantLocale === '') {
    const fallback = canonicalLocale(defaultLocale) ?? 'en';
    return canonical && language(canonical) === language(fallback) ? canonical : fallback;
  }
  return canonical && (canonical === variantLocale || canonical.startsWith(`${variantLocale}-`)) ? canonical : variantLocale;
}

export function language(locale: string): string {
  return locale.split('-')[0].toLowerCase();
}
