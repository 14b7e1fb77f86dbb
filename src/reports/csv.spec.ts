import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header, flattens nested counts and quotes what needs it', () => {
    const csv = toCsv(['rule', 'planned', 'skipped'], [
      { rule: 'Birthday, email', planned: 12, skipped: { holdout: 3, capped: 1 } },
      { rule: 'Say "thanks"', planned: 0, skipped: {} },
    ]);
    expect(csv).toBe('rule,planned,skipped\r\n"Birthday, email",12,holdout=3;capped=1\r\n"Say ""thanks""",0,\r\n');
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(toCsv(['a', 'b'], [{ a: '=HYPERLINK("x")', b: -0.25 }])).toBe('a,b\r\n"\'=HYPERLINK(""x"")",-0.25\r\n');
  });
});
