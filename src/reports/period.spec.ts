import { splitPeriod } from './period';

describe('splitPeriod', () => {
  const period = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

  it.each([
    [
      'two halves',
      period('2026-08-03T00:00:00Z', '2026-11-01T00:00:00Z'),
      2,
      ['2026-08-03T00:00:00.000Z', '2026-09-17T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ],
    [
      'one part is the period',
      period('2026-08-03T00:00:00Z', '2026-11-01T00:00:00Z'),
      1,
      ['2026-08-03T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ],
    [
      'an odd length rounds the cut down to the millisecond',
      period('2026-08-03T00:00:00.000Z', '2026-08-03T00:00:00.003Z'),
      2,
      ['2026-08-03T00:00:00.000Z', '2026-08-03T00:00:00.001Z', '2026-08-03T00:00:00.003Z'],
    ],
    [
      'no empty slice when the period is shorter than the parts',
      period('2026-08-03T00:00:00.000Z', '2026-08-03T00:00:00.001Z'),
      2,
      ['2026-08-03T00:00:00.000Z', '2026-08-03T00:00:00.001Z'],
    ],
  ])('%s', (_, whole, parts, bounds) => {
    const slices = splitPeriod(whole, parts);
    expect(slices.map((s) => s.from.toISOString())).toEqual(bounds.slice(0, -1));
    expect(slices.map((s) => s.to.toISOString())).toEqual(bounds.slice(1));
  });

  it('leaves no gap and no overlap between slices', () => {
    const whole = period('2025-11-01T00:00:00Z', '2026-11-01T00:00:00Z');
    const slices = splitPeriod(whole, 3);
    expect(slices[0].from).toEqual(whole.from);
    expect(slices[slices.length - 1].to).toEqual(whole.to);
    slices.slice(1).forEach((slice, i) => expect(slice.from).toEqual(slices[i].to));
  });
});
