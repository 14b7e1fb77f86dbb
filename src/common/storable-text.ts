/**
 * PostgreSQL text cannot hold NUL, and JSON with a lone surrogate is refused by jsonb: a string
 * with either would fail its write as a database error instead of a field error.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT = 'must be valid Unicode text without NUL characters';

/** Dotted paths of the strings in `value` (keys included) that cannot be stored, in document order. */
export function unstorablePaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  const join = (key: string) => (path ? `${path}.${key}` : key);
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorablePaths(item, join(String(index))));
  return Object.entries(value).flatMap(([key, inner]) => (isStorableText(key) ? unstorablePaths(inner, join(key)) : [join(key)]));
}
