import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUSTOMER_COLUMNS, ORDER_COLUMNS } from '../../src/crm/import/csv-rows';

/** Builds small CSV files for the import tests; every column defaults to a valid or empty value. */
export type CustomerCsvRow = Partial<Record<(typeof CUSTOMER_COLUMNS)[number], string>> & { external_id: string };
export type OrderCsvRow = Partial<Record<(typeof ORDER_COLUMNS)[number], string>> & { external_id: string; customer_external_id: string };

export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function customersCsv(rows: CustomerCsvRow[], columns: readonly string[] = CUSTOMER_COLUMNS): string {
  const lines = rows.map((row) => {
    const full: Record<string, string> = { first_name: 'Ada', time_zone: 'Asia/Bangkok', locale: 'th', ...row };
    return columns.map((column) => csvField(full[column] ?? '')).join(',');
  });
  return [columns.join(','), ...lines].join('\n') + '\n';
}

export function ordersCsv(rows: OrderCsvRow[]): string {
  const lines = rows.map((row) => {
    const full: Record<string, string> = { placed_at: '2026-05-01T10:00:00+07:00', total: '100.00', currency: 'USD', ...row };
    return ORDER_COLUMNS.map((column) => csvField(full[column] ?? '')).join(',');
  });
  return [ORDER_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-import-'));
let files = 0;

/** Writes content to a fresh file in the run's temporary folder and returns its path. */
export function writeCsv(content: string, name = 'import'): string {
  files += 1;
  const path = join(dir, `${name}-${files}.csv`);
  writeFileSync(path, content);
  return path;
}

export function tempDir(): string {
  return dir;
}

export function removeTempDir(): void {
  rmSync(dir, { recursive: true, force: true });
}
