import { NormalizedCustomer } from '../customers/customer-input';
import { NormalizedOrder } from '../orders/order-input';

/**
 * Encodes normalized rows as lines of PostgreSQL's COPY text format (tab-separated, `\N` for
 * null), the cheapest way to hand a million rows to the server. Pure string work.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value);
}

/** A text[] literal: every element double-quoted, so commas, braces and spaces need no thought. */
export function arrayLiteral(items: string[]): string {
  if (items.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const item = items[i];
    out += '"' + (/["\\]/.test(item) ? item.replace(/["\\]/g, '\\$&') : item) + '"';
  }
  return out + '}';
}

/** Staging columns, in order: see CUSTOMER_STAGE in import.sql.ts. */
export function customerCopyLine(line: number, c: NormalizedCustomer): string {
  return (
    line +
    '\t' +
    copyValue(c.externalId) +
    '\t' +
    copyValue(c.firstName) +
    '\t' +
    copyValue(c.lastName) +
    '\t' +
    copyValue(c.email) +
    '\t' +
    copyValue(c.phone) +
    '\t' +
    copyNumber(c.birthYear) +
    '\t' +
    copyNumber(c.birthMonth) +
    '\t' +
    copyNumber(c.birthDay) +
    '\t' +
    copyValue(c.customerSince) +
    '\t' +
    copyValue(c.timeZone) +
    '\t' +
    copyValue(c.locale) +
    '\t' +
    copyValue(c.accountManagerEmail) +
    '\t' +
    copyValue(arrayLiteral(c.tags)) +
    '\t' +
    copyValue(c.tier) +
    '\t' +
    copyValue(JSON.stringify(c.consent)) +
    '\t' +
    copyValue(c.address === null ? null : JSON.stringify(c.address)) +
    '\n'
  );
}

/** Staging columns, in order: see ORDER_STAGE in import.sql.ts. */
export function orderCopyLine(line: number, o: NormalizedOrder): string {
  return (
    line +
    '\t' +
    copyValue(o.externalId) +
    '\t' +
    copyValue(o.customerExternalId) +
    '\t' +
    o.placedAt +
    '\t' +
    copyValue(o.placedTimeZone) +
    '\t' +
    o.total +
    '\t' +
    o.currency +
    '\t' +
    o.status +
    '\n'
  );
}
