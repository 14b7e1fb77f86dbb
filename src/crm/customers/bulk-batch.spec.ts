import { Normalized } from './customer-input';
import { RowErrors, triageRows } from './bulk-batch';

interface Row {
  externalId: string;
  n: number;
}

// A stand-in normalizer: a row is valid when it has a string externalId and a numeric n.
function normalize(input: unknown): Normalized<Row> {
  const row = input as Partial<Row>;
  const errors = [];
  if (typeof row?.externalId !== 'string') errors.push({ field: 'externalId', reason: 'is required' });
  if (typeof row?.n !== 'number') errors.push({ field: 'n', reason: 'must be a number' });
  return errors.length ? { ok: false, errors } : { ok: true, value: { externalId: row.externalId!.trim(), n: row.n! } };
}

describe('triageRows', () => {
  it('accepts valid rows and keeps their positions', () => {
    const { accepted, errors } = triageRows(
      [
        { externalId: 'a', n: 1 },
        { externalId: 'b', n: 2 },
      ],
      normalize,
    );
    expect(accepted).toEqual([
      { index: 0, value: { externalId: 'a', n: 1 } },
      { index: 1, value: { externalId: 'b', n: 2 } },
    ]);
    expect(errors.list()).toEqual([]);
  });

  it('rejects every later row that repeats an external id, even when the first is invalid', () => {
    const { accepted, errors } = triageRows(
      [{ externalId: 'a' }, { externalId: ' a', n: 2 }, { externalId: 'b', n: 3 }, { externalId: 'b', n: 4 }, { externalId: 'a', n: 5 }],
      normalize,
    );
    expect(accepted.map((row) => row.index)).toEqual([2]);
    expect(errors.list()).toEqual([
      { index: 0, externalId: 'a', errors: [{ field: 'n', reason: 'must be a number' }] },
      { index: 1, externalId: 'a', errors: [{ field: 'externalId', reason: 'repeats the externalId of row 0 in this batch' }] },
      { index: 3, externalId: 'b', errors: [{ field: 'externalId', reason: 'repeats the externalId of row 2 in this batch' }] },
      { index: 4, externalId: 'a', errors: [{ field: 'externalId', reason: 'repeats the externalId of row 0 in this batch' }] },
    ]);
  });

  it('reports rows without an id without an externalId', () => {
    const { errors } = triageRows([null, { n: 1 }], normalize);
    expect(errors.list().map((r) => Object.keys(r))).toEqual([
      ['index', 'errors'],
      ['index', 'errors'],
    ]);
  });
});

describe('RowErrors', () => {
  it('adds later errors to the same row and lists rows in order', () => {
    const errors = new RowErrors();
    errors.add(3, 'c', [{ field: 'x', reason: 'r1' }]);
    errors.add(1, undefined, [{ field: 'y', reason: 'r2' }]);
    errors.add(3, 'c', [{ field: 'z', reason: 'r3' }]);
    errors.add(5, 'e', []);
    expect(errors.has(5)).toBe(false);
    expect(errors.list()).toEqual([
      { index: 1, errors: [{ field: 'y', reason: 'r2' }] },
      {
        index: 3,
        externalId: 'c',
        errors: [
          { field: 'x', reason: 'r1' },
          { field: 'z', reason: 'r3' },
        ],
      },
    ]);
  });
});
