import { bytes } from './body-parsers';

describe('bytes', () => {
  it('reads the limits env.ts allows', () => {
    expect(bytes('64kb')).toBe(65536);
    expect(bytes('1mb')).toBe(1048576);
    expect(bytes('16MB')).toBe(16 * 1048576);
  });

  it('refuses anything else', () => {
    expect(() => bytes('1gb')).toThrow(/Not a body limit/);
    expect(() => bytes('64')).toThrow(/Not a body limit/);
  });
});
