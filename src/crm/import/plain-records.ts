import { isUtf8 } from 'node:buffer';

/**
 * A shortcut past csv-parse for the common piece: no quote, no carriage return, valid UTF-8,
 * `\n` between records. Then every line is one record and every comma ends a field, so a split
 * gives csv-parse's records exactly (as its options are set in parse-piece.ts: empty lines
 * skipped, records of any length, a byte order mark dropped from the file's start), for about a
 * fifth of the CPU: on the benchmark's files csv-parse was the largest single cost of an import
 * in Node. Null when the piece is not plain: csv-parse reads it.
 *
 * Each record carries its line number in the file as its last element, as parseRecords does.
 */
const QUOTE = 0x22;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function plainRecords(bytes: Uint8Array, delimiter: Uint8Array, bom: boolean, lineBase: number): string[][] | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (delimiter.length !== 1 || delimiter[0] !== 0x0a) return null;
  // Invalid UTF-8 is left to csv-parse, so such bytes read the same whichever way a piece goes.
  if (buffer.indexOf(QUOTE) !== -1 || buffer.indexOf(CR) !== -1 || !isUtf8(buffer)) return null;
  const start = bom && buffer.subarray(0, 3).equals(BOM) ? 3 : 0;
  const text = buffer.toString('utf8', start);
  const records: string[][] = [];
  let line = lineBase;
  for (let from = 0; from < text.length;) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    line += 1;
    if (end > from) {
      const record = text.slice(from, end).split(',');
      record.push(String(line));
      records.push(record);
    }
    from = end + 1;
  }
  return records;
}
