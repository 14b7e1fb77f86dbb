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
  // A leading =, +, -, @, tab or carriage return can make spreadsheets run the cell as a formula;
  // only a plain number (-0.25) keeps its minus sign unescaped, since -1+cmd|... is a formula too.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
