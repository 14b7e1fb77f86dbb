/**
 * What erasure looks for and what it puts in its place. Copies of a customer's data sit in JSON
 * and text written for other purposes (a rendered message, a provider's event, a task's talking
 * points); these functions find the customer's values in them and mask them, and blank free text
 * outright, since a reply or a note can say anything about the person.
 */
export const ERASED = '[erased]';

export interface PersonalRecord {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: Record<string, unknown> | null;
}

/**
 * The values that identify this customer, longest first: names (each, and both orders of the full
 * name), email, phone (E.164 and its digits alone) and every line of the postal address. Values
 * shorter than 2 characters (an initial) or a bare country code are left out: masking them would
 * blank unrelated letters while identifying no one.
 */
export function personalValues(record: PersonalRecord): string[] {
  const values = new Set<string>();
  const add = (value: unknown, min = 2) => {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (v.length >= min) values.add(v);
  };
  add(record.first_name);
  add(record.last_name);
  if (record.first_name.trim() && record.last_name.trim()) {
    add(`${record.first_name.trim()} ${record.last_name.trim()}`);
    add(`${record.last_name.trim()} ${record.first_name.trim()}`);
  }
  add(record.email);
  add(record.phone);
  if (record.phone) add(record.phone.replace(/\D/g, ''), 6);
  if (record.address) {
    for (const [key, value] of Object.entries(record.address)) add(value, key === 'country' ? 4 : 3);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Keys whose values are free text or contact details: every string in them is blanked. */
const FREE_TEXT_KEYS = new Set([
  'body',
  'text',
  'html',
  'subject',
  'note',
  'notes',
  'script',
  'scriptAddress',
  'mailingAddress',
  'address',
  'phone',
  'email',
  'to',
  'from',
  'url',
  'message',
]);

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every occurrence of any value, in any case, replaced by `[erased]`. */
export function maskText(text: string, values: string[]): string {
  if (values.length === 0 || text === '') return text;
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'giu');
  return text.replace(pattern, ERASED);
}

/**
 * A copy of a JSON value with free-text fields blanked and the customer's values masked in every
 * other string. Structure, numbers, booleans and nulls stay, so what reads the JSON still works.
 */
export function maskJson(value: unknown, values: string[]): unknown {
  if (typeof value === 'string') return maskText(value, values);
  if (Array.isArray(value)) return value.map((item) => maskJson(item, values));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = FREE_TEXT_KEYS.has(key) ? blank(item) : maskJson(item, values);
  }
  return out;
}

/** Every non-empty string inside `value` replaced by `[erased]`, the shape kept (an address object stays an object). */
function blank(value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? value : ERASED;
  if (Array.isArray(value)) return value.map(blank);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, blank(item)]));
}
