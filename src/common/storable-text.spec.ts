import { isStorableText, unstorablePaths } from './storable-text';

describe('storable text', () => {
  it.each([
    ['ok 😀', true],
    ['', true],
    ['a\u0000b', false],
    ['\ud83d', false],
    ['\ude00 after', false],
  ])('isStorableText(%j) is %s', (value, storable) => {
    expect(isStorableText(value)).toBe(storable);
  });

  it('names every unstorable string by its dotted path, keys included', () => {
    const value = { name: 'fine', tags: ['ok', 'x\u0000'], nested: { deep: [{ text: '\ud800' }] }, ['bad\u0000key']: 1, n: 5, none: null };
    expect(unstorablePaths(value)).toEqual(['tags.1', 'nested.deep.0.text', 'bad\u0000key']);
    expect(unstorablePaths('a\u0000', 'externalId')).toEqual(['externalId']);
    expect(unstorablePaths({ a: ['fine', 1, true] })).toEqual([]);
  });
});
