import { percentile } from './percentile';

describe('percentile', () => {
  it.each([
    [[], 0.5, null],
    [[42], 0.5, 42],
    [[42], 0.9, 42],
    [[30, 10, 20], 0.5, 20],
    [[10, 20, 30, 40], 0.5, 25],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[0, 100], 0.9, 90],
    [[5, 5, 5, 5], 0.9, 5],
  ])('%j at %d is %d', (values, p, expected) => {
    const result = percentile(values, p);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });

  it('leaves its input in order', () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});
