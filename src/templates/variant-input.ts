import { FieldError, InvalidInputError, UnprocessableError } from '../common/errors';
import { checkTemplate, describeProblem } from './check';
import { canonicalLocale } from './locale';
import { apiLocale, CHANNEL_PARTS, Channel, DEFAULT_VARIANT, PART_MAX_LENGTH, PartName, VariantParts } from './template.types';

/** Variants as the API takes them: parts by locale, the default under `default`. */
export type VariantsInput = Record<string, unknown>;

/** Locale as stored: '' for `default`, else the canonical tag; null when it is neither. */
export function storedLocale(apiLocale: string): string | null {
  if (apiLocale === DEFAULT_VARIANT) return '';
  return canonicalLocale(apiLocale);
}

/**
 * Shape of one variant for a channel: exactly the channel's parts, each a string within its
 * limit. Returns the parts and the field errors (400), named `${field}.${part}` (just the part
 * when `field` is '').
 */
export function readVariant(channel: Channel, input: unknown, field: string): { parts: VariantParts; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parts: VariantParts = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { parts, errors: [{ field, reason: `must be an object with ${CHANNEL_PARTS[channel].join(', ')}` }] };
  }
  const record = input as Record<string, unknown>;
  const allowed = CHANNEL_PARTS[channel];
  const name = (part: string) => (field ? `${field}.${part}` : part);
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key as PartName))
      errors.push({ field: name(key), reason: `is not a part of ${channel} templates (${allowed.join(', ')})` });
  }
  for (const part of allowed) {
    const value = record[part];
    if (typeof value !== 'string' || value.trim() === '') errors.push({ field: name(part), reason: 'must be a non-empty string' });
    else if (value.length > PART_MAX_LENGTH[part])
      errors.push({ field: name(part), reason: `must be at most ${PART_MAX_LENGTH[part]} characters` });
    else parts[part] = value;
  }
  return { parts, errors };
}

/** Reads a variants map; requires the default variant when `requireDefault`. Keys come back as stored locales. */
export function readVariants(
  channel: Channel,
  input: VariantsInput,
  requireDefault: boolean,
): { variants: Map<string, VariantParts>; errors: FieldError[] } {
  const variants = new Map<string, VariantParts>();
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(input)) {
    const field = `variants.${key}`;
    const locale = storedLocale(key);
    if (locale === null) {
      errors.push({ field, reason: 'must be keyed by default or a BCP 47 language tag such as vi or vi-VN' });
      continue;
    }
    if (variants.has(locale)) {
      errors.push({ field, reason: `is the same locale as another key (${locale || DEFAULT_VARIANT})` });
      continue;
    }
    const read = readVariant(channel, value, field);
    errors.push(...read.errors);
    variants.set(locale, read.parts);
  }
  if (requireDefault && !variants.has(''))
    errors.push({ field: `variants.${DEFAULT_VARIANT}`, reason: 'is required: the variant used when no locale matches' });
  return { variants, errors };
}

/** Compile check of every part (422 material): `{ field: 'variants.vi.subject', reason: 'unknown variable … at line 2' }`. */
export function checkVariant(parts: VariantParts, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [part, source] of Object.entries(parts) as [PartName, string][]) {
    const name = field ? `${field}.${part}` : part;
    for (const problem of checkTemplate(source, part)) errors.push({ field: name, reason: describeProblem(problem) });
  }
  return errors;
}

/** A variants map as saving takes it: shape first (InvalidInputError, 400), then the compile check (UnprocessableError, 422). */
export function checkedVariants(channel: Channel, input: VariantsInput): Map<string, VariantParts> {
  const { variants, errors } = readVariants(channel, input, true);
  if (errors.length > 0) throw new InvalidInputError(`Invalid ${channel} variants`, errors);
  const problems = [...variants].flatMap(([locale, parts]) => checkVariant(parts, `variants.${apiLocale(locale)}`));
  if (problems.length > 0) throw new UnprocessableError('The template does not compile', problems);
  return variants;
}
