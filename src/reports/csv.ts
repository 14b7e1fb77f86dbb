/**
 * Flat CSV for report rows: nested objects become `key=value` pairs joined by `;`, so a
 * spreadsheet gets one row per rule or person. RFC 4180 quoting.
 */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(columns.map((column) => quote(cell(row[column]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}=${cell(inner)}`)
      .join(';');
  }
  return String(value);
}

function quote(value: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
