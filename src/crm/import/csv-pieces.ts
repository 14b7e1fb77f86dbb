/**
 * Cutting a CSV file into pieces that can be parsed independently (by worker threads), with the
 * same records and the same line numbers as parsing it whole. Pure byte work, no I/O.
 *
 * A piece ends right after a record delimiter outside quotes. In RFC 4180 CSV a quote only opens
 * or closes a quoted field (`""` inside one toggles twice); csv-parse, without `relax_quotes`,
 * fails on any other quote. So counting quotes tells exactly where records end in a well-formed
 * file, and in a malformed one the first piece that fails is the one holding the first error,
 * starting at a true record boundary, so it fails as a whole-file parse would.
 */
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The record delimiter csv-parse would discover: the first line break outside quotes, `\r\n`,
 * `\n` or `\r`. Null when `bytes` holds none yet (or ends on a `\r` that may be followed by `\n`
 * in the next bytes, unless `end`).
 */
export function discoverDelimiter(bytes: Uint8Array, end: boolean): Buffer | null {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && byte === LF) return Buffer.from('\n');
    else if (!quoted && byte === CR) {
      if (i + 1 < bytes.length) return Buffer.from(bytes[i + 1] === LF ? '\r\n' : '\r');
      return end ? Buffer.from('\r') : null;
    }
  }
  return null;
}

/**
 * Where the last complete record of `bytes` ends (the offset after its delimiter), or -1.
 * `bytes` must start at a record boundary.
 */
export function lastRecordEnd(bytes: Buffer, delimiter: Buffer): number {
  // Spans outside quotes, between one closing quote and the next opening quote.
  const outside: [number, number][] = [];
  let from = 0;
  for (;;) {
    const open = bytes.indexOf(QUOTE, from);
    if (open === -1) {
      outside.push([from, bytes.length]);
      break;
    }
    outside.push([from, open]);
    const close = bytes.indexOf(QUOTE, open + 1);
    if (close === -1) break;
    from = close + 1;
  }
  for (let i = outside.length - 1; i >= 0; i--) {
    const [start, stop] = outside[i];
    if (stop - start < delimiter.length) continue;
    const at = bytes.lastIndexOf(delimiter, stop - delimiter.length);
    if (at >= start) return at + delimiter.length;
  }
  return -1;
}

/**
 * How many lines csv-parse counts in a piece (`info.lines` grows by this much over it): one for
 * every `\r` and `\n`, quoted or not, except that a `\r\n` delimiter outside quotes counts once.
 */
export function countLines(bytes: Buffer, delimiter: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) lines += 1;
  for (let at = bytes.indexOf(CR); at !== -1; at = bytes.indexOf(CR, at + 1)) lines += 1;
  if (delimiter.length === 2) {
    let quoted = false;
    let from = 0;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, from);
      const stop = quote === -1 ? bytes.length : quote;
      if (!quoted) {
        for (let at = bytes.indexOf(delimiter, from); at !== -1 && at + 1 < stop; at = bytes.indexOf(delimiter, at + 2)) lines -= 1;
      }
      if (quote === -1) break;
      quoted = !quoted;
      from = quote + 1;
    }
  }
  return lines;
}

export interface CsvPiece {
  bytes: Buffer;
  delimiter: Buffer;
  /** Lines of the file before this piece. */
  lineBase: number;
  /** The file's first piece (may start with a byte order mark). */
  first: boolean;
}

/**
 * Cuts a stream of file bytes into pieces of about `pieceBytes` (more when a record is longer),
 * each ending after a record delimiter; the last one is the rest of the file. An empty file
 * gives one empty piece.
 */
export async function* csvPieces(input: AsyncIterable<Buffer>, pieceBytes: number): AsyncGenerator<CsvPiece> {
  let rest: Buffer = Buffer.alloc(0);
  let delimiter: Buffer | null = null;
  let lineBase = 0;
  let first = true;
  for await (const chunk of input) {
    rest = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    delimiter ??= discoverDelimiter(rest, false);
    if (delimiter === null) continue;
    while (rest.length >= pieceBytes) {
      let end = lastRecordEnd(rest.subarray(0, pieceBytes), delimiter);
      // A record longer than a piece: the piece grows to hold it.
      if (end <= 0) end = lastRecordEnd(rest, delimiter);
      if (end <= 0) break;
      const bytes = rest.subarray(0, end);
      rest = rest.subarray(end);
      yield { bytes, delimiter, lineBase, first };
      lineBase += countLines(bytes, delimiter);
      first = false;
    }
  }
  // No line break outside quotes at all: one record, or a quote left open (csv-parse says so).
  delimiter ??= discoverDelimiter(rest, true) ?? Buffer.from('\n');
  if (rest.length > 0 || first) yield { bytes: rest, delimiter, lineBase, first };
}
