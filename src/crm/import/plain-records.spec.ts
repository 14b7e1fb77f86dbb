import fc from 'fast-check';
import { parseCsvRecords } from './parse-piece';
import { plainRecords } from './plain-records';

const LF = Buffer.from('\n');

describe('plainRecords', () => {
  // Lines of commas, letters, spaces, a BOM and multi-byte characters, with empty lines between.
  const line = fc.stringMatching(/^[a-zé ,\u{1F600}\uFEFF\t]{0,8}$/u);
  const piece = fc
    .record({ bom: fc.boolean(), lines: fc.array(line, { maxLength: 12 }), final: fc.boolean(), lineBase: fc.nat(1000) })
    .map(({ bom, lines, final, lineBase }) => ({
      bytes: Buffer.from((bom ? '\uFEFF' : '') + lines.join('\n') + (final ? '\n' : '')),
      lineBase,
    }));

  it('gives the records and line numbers csv-parse gives, for any plain piece', () => {
    fc.assert(
      fc.property(piece, fc.boolean(), ({ bytes, lineBase }, first) => {
        expect(plainRecords(bytes, LF, first, lineBase)).toEqual(parseCsvRecords(bytes, LF, first, lineBase));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the lines of a real piece: empty lines skipped, line numbers of the file', () => {
    const bytes = Buffer.from('\uFEFFid,name\n\n1,Ada\n2,\n3,Ana,extra');
    const expected = [
      ['id', 'name', '11'],
      ['1', 'Ada', '13'],
      ['2', '', '14'],
      ['3', 'Ana', 'extra', '15'],
    ];
    expect(plainRecords(bytes, LF, true, 10)).toEqual(expected);
    expect(parseCsvRecords(bytes, LF, true, 10)).toEqual(expected);
  });

  it.each([
    ['a quote', 'a,"b"\n'],
    ['a carriage return', 'a,b\r\nc\r\n'],
    ['bytes that are not UTF-8', Buffer.from([0x61, 0x2c, 0xff, 0x0a]).toString('latin1')],
  ])('leaves a piece with %s to csv-parse', (_, text) => {
    const bytes = Buffer.from(text, text.includes('\u00ff') ? 'latin1' : 'utf8');
    expect(plainRecords(bytes, LF, false, 0)).toBeNull();
  });

  it('leaves pieces delimited by \\r\\n or \\r to csv-parse', () => {
    const bytes = Buffer.from('a,b');
    expect(plainRecords(bytes, Buffer.from('\r\n'), false, 0)).toBeNull();
    expect(plainRecords(bytes, Buffer.from('\r'), false, 0)).toBeNull();
  });

  it('looks at the bytes of a view only, not at the buffer under it', () => {
    const bytes = Buffer.from('"x\na,b\n').subarray(3);
    expect(plainRecords(bytes, LF, false, 0)).toEqual([['a', 'b', '1']]);
  });
});
