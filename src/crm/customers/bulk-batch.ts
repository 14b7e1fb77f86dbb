import { FieldError } from '../../common/errors';
import { Normalized } from './customer-input';

/** Most rows one bulk request may carry: large enough for a sync, small enough for one statement. */
export const MAX_BULK_ROWS = 10_000;

/** Why one row of a bulk request was not written. `index` is its position in the request. */
export interface RowRejection {
  index: number;
  externalId?: string;
  errors: FieldError[];
}

/** What a bulk upsert did: rejected rows never fail the request, they are reported. */
export interface BulkReport {
  inserted: number;
  /** Existing records whose stored values changed. */
  updated: number;
  /** Existing records the batch left as they were (customers only). */
  unchanged?: number;
  rejected: RowRejection[];
}

export interface AcceptedRow<T> {
  index: number;
  value: T;
}

/**
 * Collects row errors by index so that later checks (an unknown account manager, an anonymized
 * customer) add to the same row's entry instead of reporting it twice.
 */
export class RowErrors {
  private readonly rows = new Map<number, RowRejection>();

  add(index: number, externalId: string | undefined, errors: FieldError[]): void {
    if (errors.length === 0) return;
    const entry = this.rows.get(index);
    if (entry) entry.errors.push(...errors);
    else this.rows.set(index, { index, ...(externalId !== undefined ? { externalId } : {}), errors: [...errors] });
  }

  has(index: number): boolean {
    return this.rows.has(index);
  }

  list(): RowRejection[] {
    return [...this.rows.values()].sort((a, b) => a.index - b.index);
  }
}

/**
 * Normalizes every row and refuses every row whose external id an earlier row of the same batch
 * already used: one upsert statement cannot write the same key twice, and which of two versions
 * the sender meant is not ours to guess. The first row with an id keeps it, valid or not, so the
 * outcome follows from the request alone.
 */
export function triageRows<T extends { externalId: string }>(
  rows: readonly unknown[],
  normalize: (row: unknown) => Normalized<T>,
): { accepted: AcceptedRow<T>[]; errors: RowErrors } {
  const accepted: AcceptedRow<T>[] = [];
  const errors = new RowErrors();
  const firstIndex = new Map<string, number>();
  rows.forEach((row, index) => {
    const rawId = rawExternalId(row);
    const result = normalize(row);
    const rowErrors = result.ok ? [] : [...result.errors];
    if (rawId !== undefined) {
      const first = firstIndex.get(rawId);
      if (first === undefined) firstIndex.set(rawId, index);
      else rowErrors.push({ field: 'externalId', reason: `repeats the externalId of row ${first} in this batch` });
    }
    if (rowErrors.length > 0) errors.add(index, rawId, rowErrors);
    else if (result.ok) accepted.push({ index, value: result.value });
  });
  return { accepted, errors };
}

function rawExternalId(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const value = (row as { externalId?: unknown }).externalId;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}
