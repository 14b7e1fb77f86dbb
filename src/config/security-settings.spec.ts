import { InvalidConfigError, validateEnv } from './env';

describe('security settings', () => {
  it.each(['false', 'true', '1', 'loopback', '10.0.0.0/8', 'loopback, 192.168.1.0/24', '::1', 'uniquelocal,linklocal'])(
    'TRUST_PROXY=%s is accepted',
    (value) => {
      expect(validateEnv({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
    },
  );

  it.each(['yes', 'proxy.example.com', '10.0.0.0/8;rm', 'loopback or anything'])(
    'TRUST_PROXY=%s is refused, naming the variable',
    (value) => {
      expect(() => validateEnv({ TRUST_PROXY: value })).toThrow(InvalidConfigError);
      expect(() => validateEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it('has small bodies, throttling and session limits by default', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      TRUST_PROXY: 'false',
      REQUEST_BODY_LIMIT: '64kb',
      AUTH_FAILURES_PER_ADDRESS: 30,
      AUTH_FAILURES_PER_TOKEN: 10,
      AUTH_FAILURE_WINDOW_SECONDS: 300,
      WEB_SESSION_IDLE_MINUTES: 120,
      WEB_SESSION_MAX_HOURS: 12,
    });
  });

  it.each([
    ['REQUEST_BODY_LIMIT', '64 KB'],
    ['AUTH_FAILURES_PER_ADDRESS', '0'],
    ['WEB_SESSION_IDLE_MINUTES', 'soon'],
    ['WEB_SESSION_MAX_HOURS', '0'],
  ])('%s=%s is refused', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
