import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonNestsDeeperThan', () => {
  it.each([
    ['a flat object', '{"a":1,"b":[1,2,3]}', 2, false],
    ['exactly the limit', nested(3), 3, false],
    ['one level over', nested(4), 3, true],
    ['objects and arrays mixed', '{"a":[{"b":[{}]}]}', 4, true],
    ['brackets inside strings do not count', '{"a":"[[[[[[{{{{{"}', 1, false],
    ['an escaped quote keeps the string open', '{"a":"\\"[[[[[["}', 1, false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\","b":[[]]}', 2, true],
    ['5,000 levels', nested(5_000), MAX_JSON_DEPTH, true],
    ['unbalanced closers are left to the parser', ']]]]', 1, false],
  ])('%s', (_name, text, max, expected) => {
    expect(jsonNestsDeeperThan(bytes(text), max)).toBe(expected);
  });

  it('leaves room for the deepest rule condition', () => {
    let condition: unknown = { field: 'tier', op: 'eq', value: 'gold' };
    for (let i = 0; i < 8; i++) condition = { all: [condition] };
    const rule = JSON.stringify({ conditions: condition, action: { channel: 'email' } });
    expect(jsonNestsDeeperThan(bytes(rule), MAX_JSON_DEPTH)).toBe(false);
  });
});
