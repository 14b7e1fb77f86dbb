import { prefersJson } from './accepts';

describe('prefersJson', () => {
  it.each([
    ['application/json', true],
    ['application/json, text/html;q=0.9', true],
    ['text/html;q=0.5, application/*', true],
    ['text/html, application/json;q=0.9', false],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
    ['*/*', false],
    ['text/plain', false],
    ['application/json;q=0.5, text/html;q=0.5', false],
    ['not a media type', false],
  ])('Accept: %s → %s', (accept, expected) => {
    expect(prefersJson(accept)).toBe(expected);
  });

  it('keeps HTML without an Accept header', () => {
    expect(prefersJson(undefined)).toBe(false);
    expect(prefersJson('')).toBe(false);
  });
});
