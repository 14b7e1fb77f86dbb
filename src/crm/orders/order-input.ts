import { YEAR_RANGE } from '../../common/dates';
import { FieldError } from '../../common/errors';
import { isTimeZone } from '../../common/validators';
import { canonicalTimeZone, Normalized, parseInstant, text } from '../customers/customer-input';
import { ORDER_STATUSES, OrderStatus } from './order.entity';

export interface NormalizedOrder {
  externalId: string;
  customerExternalId: string;
  /** ISO 8601 instant (UTC). */
  placedAt: string;
  placedTimeZone: string | null;
  /** Exact decimal as a string, never a float. */
  total: string;
  currency: string;
  status: OrderStatus;
}

const KNOWN_FIELDS = new Set(['externalId', 'customerExternalId', 'placedAt', 'placedTimeZone', 'total', 'currency', 'status']);
const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const currencies = new Set<string>(Intl.supportedValuesOf('currency'));

/** Turns one order record (REST body or CSV row) into the row we store, or what is wrong with it. */
export function normalizeOrder(input: unknown): Normalized<NormalizedOrder> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', reason: 'must be an object' }] };
  }
  const raw = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) errors.push({ field: key, reason: 'is not a known field' });
  }
  const externalId = text(raw.externalId, 'externalId', errors, { required: true, max: 200 });
  const customerExternalId = text(raw.customerExternalId, 'customerExternalId', errors, { required: true, max: 200 });

  let placedAt: string | null = null;
  const placedRaw = text(raw.placedAt, 'placedAt', errors, { required: true, max: 40 });
  if (placedRaw !== null) {
    // An order time without a zone offset is ambiguous, so it is refused.
    const parsed = parseInstant(placedRaw);
    if (!parsed) {
      errors.push({
        field: 'placedAt',
        reason: `must be an ISO 8601 date-time with a zone offset in a year ${YEAR_RANGE}, e.g. 2026-03-01T14:30:00+07:00`,
      });
    } else {
      placedAt = parsed.toISOString();
    }
  }

  let placedTimeZone: string | null = null;
  if (raw.placedTimeZone !== undefined && raw.placedTimeZone !== null && raw.placedTimeZone !== '') {
    if (isTimeZone(raw.placedTimeZone)) placedTimeZone = canonicalTimeZone(raw.placedTimeZone);
    else errors.push({ field: 'placedTimeZone', reason: 'must be an IANA time zone such as Asia/Bangkok' });
  }

  let total: string | null = null;
  const totalRaw = typeof raw.total === 'number' ? String(raw.total) : raw.total;
  if (totalRaw === undefined || totalRaw === null || totalRaw === '') {
    errors.push({ field: 'total', reason: 'is required' });
  } else if (typeof totalRaw !== 'string' || !DECIMAL.test(totalRaw.trim())) {
    errors.push({ field: 'total', reason: 'must be a non-negative decimal with at most 4 decimal places, e.g. "129.90"' });
  } else {
    total = totalRaw.trim();
  }

  const currencyRaw = text(raw.currency, 'currency', errors, { required: true, max: 3 });
  const currency = currencyRaw?.toUpperCase() ?? null;
  if (currency !== null && !currencies.has(currency)) {
    errors.push({ field: 'currency', reason: 'must be an ISO 4217 currency code such as USD or VND' });
  }

  let status: OrderStatus = 'placed';
  if (raw.status !== undefined && raw.status !== null && raw.status !== '') {
    if ((ORDER_STATUSES as unknown[]).includes(raw.status)) status = raw.status as OrderStatus;
    else errors.push({ field: 'status', reason: `must be one of ${ORDER_STATUSES.join(', ')}` });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId: externalId!,
      customerExternalId: customerExternalId!,
      placedAt: placedAt!,
      placedTimeZone,
      total: total!,
      currency: currency!,
      status,
    },
  };
}
