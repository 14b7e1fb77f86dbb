import { customerShares } from './customer-shares';

describe('customerShares', () => {
  const histogram = (...ids: number[]) => ids.map(String);
  const LOWEST = '-9223372036854775808';
  const HIGHEST = '9223372036854775807';

  it('cuts at the histogram bound nearest each equal part', () => {
    expect(customerShares(histogram(1, 10, 20, 421, 500, 800, 1000), 2)).toEqual([
      { from: LOWEST, to: '421' },
      { from: '421', to: HIGHEST },
    ]);
    expect(customerShares(histogram(1, 2, 3, 4, 5, 6, 7), 3)).toEqual([
      { from: LOWEST, to: '3' },
      { from: '3', to: '5' },
      { from: '5', to: HIGHEST },
    ]);
  });

  it('is one range without a histogram, with too few bounds, or for one part', () => {
    const whole = [{ from: LOWEST, to: HIGHEST }];
    expect(customerShares(null, 2)).toEqual(whole);
    expect(customerShares([], 2)).toEqual(whole);
    expect(customerShares(histogram(5, 9), 2)).toEqual(whole);
    expect(customerShares(histogram(1, 2, 3, 4), 1)).toEqual(whole);
  });

  it('drops a repeated cut rather than leave an empty range', () => {
    // One customer with most of the touches repeats in the bounds.
    expect(customerShares(histogram(7, 7, 7, 7, 7, 9, 12), 3)).toEqual([
      { from: LOWEST, to: '7' },
      { from: '7', to: HIGHEST },
    ]);
  });

  it('covers every id once, in order, for ids beyond 2^53', () => {
    const big = ['9007199254740993', '9007199254740995', '9007199254740997', '9007199254740999', '9007199254741001'];
    const shares = customerShares(big, 2);
    expect(shares).toEqual([
      { from: LOWEST, to: '9007199254740997' },
      { from: '9007199254740997', to: HIGHEST },
    ]);
    expect(shares[0].from).toBe(LOWEST);
    expect(shares[shares.length - 1].to).toBe(HIGHEST);
    shares.slice(1).forEach((share, i) => expect(share.from).toBe(shares[i].to));
  });
});
