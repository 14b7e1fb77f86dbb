import { isTimeZone } from '../../common/validators';
import { canonicalTimeZone } from '../customers/customer-input';
import { ColumnIndex } from './csv-rows';
import { OrderFields } from './import.sql';

/**
 * Deciding whether an orders file can be parsed and checked by PostgreSQL instead of in Node
 * (see "Orders in SQL" in README.md), and what the set-based check needs. Pure functions.
 */

/**
 * Bytes that keep a file from being read one record per line with a plain split on commas:
 * quotes (a quoted field may hold commas and line breaks), carriage returns (`\r\n` or `\r`
 * delimiters), backslashes (COPY reads a line `\.` as the end of its data), the two control
 * characters COPY is given as delimiter and quote, and NUL, which PostgreSQL text cannot hold.
 */
const NOT_PLAIN = [0x22, 0x0d, 0x5c, 0x1e, 0x1f, 0x00];

/** True when this part of a file has none of the bytes above. */
export function isPlainCsv(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return NOT_PLAIN.every((byte) => buffer.indexOf(byte) === -1);
}

/** The header's column positions as SQL array subscripts (from 1). */
export function orderFields(index: ColumnIndex, width: number): OrderFields {
  const at = (column: string) => index[column] + 1;
  return {
    width,
    external_id: at('external_id'),
    customer_external_id: at('customer_external_id'),
    placed_at: at('placed_at'),
    placed_time_zone: at('placed_time_zone'),
    total: at('total'),
    currency: at('currency'),
    status: at('status'),
  };
}

/**
 * Zone names the normalizer accepts and keeps as they are (`normalizeOrder` stores
 * `canonicalTimeZone(zone)`): a row with one of these, or none, needs no word from Node. Other
 * spellings it accepts (aliases, other cases) go through Node, which canonicalizes them.
 */
export function canonicalZoneNames(): string[] {
  return Intl.supportedValuesOf('timeZone').filter((zone) => isTimeZone(zone) && canonicalTimeZone(zone) === zone);
}

/** The ISO 4217 codes the normalizer accepts (its own list, from the runtime). */
export function currencyCodes(): string[] {
  return Intl.supportedValuesOf('currency');
}
