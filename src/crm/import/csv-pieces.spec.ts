import fc from 'fast-check';
import { Readable } from 'node:stream';
import { csvPieces, discoverDelimiter } from './csv-pieces';
import { parseRecords } from './parse-piece';

/** The whole file parsed at once: what an import read before it was cut into pieces. */
function wholeFile(bytes: Buffer): string[][] | string {
  try {
    return parseRecords(bytes, discoverDelimiter(bytes, true) ?? Buffer.from('\n'), true, 0);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The file cut into pieces (read `readBytes` at a time), each parsed on its own. */
async function inPieces(bytes: Buffer, readBytes: number, pieceBytes: number): Promise<string[][] | string> {
  const reads: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += readBytes) reads.push(bytes.subarray(at, at + readBytes));
  const records: string[][] = [];
  try {
    for await (const piece of csvPieces(Readable.from(reads), pieceBytes)) {
      records.push(...parseRecords(piece.bytes, piece.delimiter, piece.first, piece.lineBase));
    }
  } catch (error) {
    return (error as Error).message;
  }
  return records;
}

const text = fc.stringMatching(/^[a-zé,"\n\r ]{0,6}$/);
const field = fc.oneof(
  text.filter((value) => !/[,"\n\r]/.test(value)),
  text.map((value) => `"${value.replace(/"/g, '""')}"`),
);
const csv = fc
  .record({
    bom: fc.boolean(),
    delimiter: fc.constantFrom('\n', '\r\n', '\r'),
    rows: fc.array(fc.oneof(fc.array(field, { minLength: 1, maxLength: 4 }), fc.constant([])), { maxLength: 12 }),
    finalDelimiter: fc.boolean(),
  })
  .map(({ bom, delimiter, rows, finalDelimiter }) =>
    Buffer.from((bom ? '\uFEFF' : '') + rows.map((row) => row.join(',')).join(delimiter) + (finalDelimiter ? delimiter : ''), 'utf8'),
  );

describe('csvPieces', () => {
  it('gives the same records and line numbers as parsing the whole file, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), async (bytes, readBytes, pieceBytes) => {
        expect(await inPieces(bytes, readBytes, pieceBytes)).toEqual(wholeFile(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('fails on malformed CSV as the whole file does, at the same line', async () => {
    const malformed = fc.tuple(csv, fc.constantFrom('a"b,c\n', '"a"b,c\n', '"open,c\n', 'x,"y\n"z'), fc.nat()).map(([bytes, bad, at]) => {
      const lines = bytes.toString('utf8').split('\n');
      lines.splice(at % (lines.length + 1), 0, bad);
      return Buffer.from(lines.join('\n'), 'utf8');
    });
    await fc.assert(
      fc.asyncProperty(
        malformed,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        async (bytes, readBytes, pieceBytes) => {
          expect(await inPieces(bytes, readBytes, pieceBytes)).toEqual(wholeFile(bytes));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('cuts a large file into pieces of about the asked size, at record ends', async () => {
    const file = Buffer.from('id,name\n' + Array.from({ length: 1000 }, (_, i) => `${i},"name\n${i}"`).join('\n') + '\n');
    const pieces = [];
    for await (const piece of csvPieces(Readable.from([file]), 1000)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Buffer.concat(pieces.map((p) => p.bytes))).toEqual(file);
    for (const piece of pieces.slice(0, -1)) expect(piece.bytes.length).toBeLessThanOrEqual(1000);
  });
});
