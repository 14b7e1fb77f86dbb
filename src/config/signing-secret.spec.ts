import { DEV_SIGNING_SECRET, InvalidConfigError, validateEnv } from './env';
import { weakSecretReason } from './signing-secret';

const STRONG = 'q3V9xN2r7LmZ0pT4wY8bC1dF6gH5jK-s';

describe('weakSecretReason', () => {
  it.each([
    ['the development default', DEV_SIGNING_SECRET],
    ["the compose file's placeholder", 'change-me-to-a-long-random-secret'],
    ['a placeholder in other words', 'please-change-me-before-going-live-ok'],
    ['shorter than 32 characters', 'a1b2c3d4e5f6g7h8i9j0'],
    ['one character repeated', 'x'.repeat(64)],
    ['too few distinct characters', 'abababababababababababababababababab'],
  ])('refuses %s', (_name, secret) => {
    expect(weakSecretReason(secret)).not.toBeNull();
  });

  it('accepts a random secret of 32 characters', () => {
    expect(weakSecretReason(STRONG)).toBeNull();
  });
});

describe('SIGNING_SECRET at boot', () => {
  it.each([DEV_SIGNING_SECRET, 'change-me-to-a-long-random-secret', 'short-but-16-chars'])('is refused in production: %s', (secret) => {
    expect(() => validateEnv({ NODE_ENV: 'production', SIGNING_SECRET: secret })).toThrow(/SIGNING_SECRET/);
    expect(() => validateEnv({ NODE_ENV: 'production', SIGNING_SECRET: secret })).toThrow(InvalidConfigError);
  });

  it('is refused in production when unset', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/SIGNING_SECRET/);
  });

  it('accepts a strong secret in production, and the defaults outside it', () => {
    expect(
      validateEnv({ NODE_ENV: 'production', SIGNING_SECRET: STRONG, COMPANY_POSTAL_ADDRESS: '12 Quay Street, Portland' }).SIGNING_SECRET,
    ).toBe(STRONG);
    expect(validateEnv({ NODE_ENV: 'development' }).SIGNING_SECRET).toBe(DEV_SIGNING_SECRET);
  });
});
