import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header, flattens nested counts and quotes what needs it', () => {
    const csv = toCsv(
      ['rule', 'planned', 'skipped'],
      [
        { rule: 'Birthday, email', planned: 12, skipped: { holdout: 3, capped: 1 } },
        { rule: 'Say "thanks"', planned: 0, skipped: {} },
      ],
    );
    expect(csv).toBe('rule,planned,skipped\r\n"Birthday, email",12,holdout=3;capped=1\r\n"Say ""thanks""",0,\r\n');
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(toCsv(['a', 'b'], [{ a: '=HYPERLINK("x")', b: -0.25 }])).toBe('a,b\r\n"\'=HYPERLINK(""x"")",-0.25\r\n');
  });

  it.each([
    ["-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"],
    ['-2-3', "'-2-3"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ['+49 name', "'+49 name"],
    ['-12', '-12'],
    ['-0.25', '-0.25'],
    ['3 calls', '3 calls'],
  ])('a name starting %j is written as %j', (name, cell) => {
    expect(toCsv(['rule'], [{ rule: name }])).toBe(`rule\r\n${cell}\r\n`);
  });
});
