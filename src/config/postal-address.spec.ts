import { DEVELOPMENT_POSTAL_ADDRESS, InvalidConfigError, validateEnv } from './env';
import { DeliverySettings } from './settings';

describe('COMPANY_POSTAL_ADDRESS', () => {
  const production = { NODE_ENV: 'production', SIGNING_SECRET: 'a-secret-of-our-own-that-is-long-enough-for-production' };

  it('is required in production, since every email must show it', () => {
    expect(() => validateEnv(production)).toThrow(InvalidConfigError);
    expect(() => validateEnv(production)).toThrow(/COMPANY_POSTAL_ADDRESS/);
    const env = validateEnv({ ...production, COMPANY_POSTAL_ADDRESS: '12 Quay Street, Portland, ME 04101' });
    expect(DeliverySettings.fromEnv(env).postalAddress).toBe('12 Quay Street, Portland, ME 04101');
  });

  it('has a placeholder elsewhere that says it must be set', () => {
    expect(DeliverySettings.fromEnv(validateEnv({ NODE_ENV: 'development' })).postalAddress).toBe(DEVELOPMENT_POSTAL_ADDRESS);
  });
});
