import { InvalidConfigError, validateEnv } from './env';
import { DeliverySettings, JobsSettings, PlannerSettings, ReplySettings, RulesSettings, TasksSettings } from './settings';

const settings = (raw: Record<string, string>) => PlannerSettings.fromEnv(validateEnv(raw));

describe('planner configuration', () => {
  it('has the documented defaults', () => {
    expect(settings({})).toEqual({
      intervalSeconds: 60,
      horizonHours: 48,
      quiet: { phone: { start: '08:00', end: '21:00' }, email: { start: '07:00', end: '22:00' } },
      cap: { max: 3, days: 7 },
      ticks: true,
    });
  });

  it('ticks only on workers', () => {
    expect(settings({ APP_ROLE: 'api' }).ticks).toBe(false);
    expect(settings({ APP_ROLE: 'worker' }).ticks).toBe(true);
  });

  it('accepts narrower quiet hours and refuses wider or inverted ones', () => {
    expect(settings({ QUIET_HOURS_START: '09:00', QUIET_HOURS_END: '20:30' }).quiet.phone).toEqual({ start: '09:00', end: '20:30' });
    for (const raw of [
      { QUIET_HOURS_START: '07:00' },
      { QUIET_HOURS_END: '22:00' },
      { QUIET_HOURS_START: '20:00', QUIET_HOURS_END: '09:00' },
      { QUIET_HOURS_START: '9am' },
      { EMAIL_WINDOW_START: '23:00', EMAIL_WINDOW_END: '06:00' },
      { FREQUENCY_CAP: '0' },
      { PLAN_HORIZON_HOURS: 'soon' },
    ]) {
      expect(() => validateEnv(raw)).toThrow(InvalidConfigError);
    }
  });
});

describe('settings defaults', () => {
  // The defaults are the same whatever NODE_ENV says: tests set what they need, as an operator would.
  it.each(['development', 'production', 'test'])('dispatches every 5 s and loads the default rules under NODE_ENV=%s', (nodeEnv) => {
    const env = validateEnv({
      NODE_ENV: nodeEnv,
      SIGNING_SECRET: 'a-secret-of-our-own-for-this-test',
      COMPANY_POSTAL_ADDRESS: '12 Quay Street, Portland',
    });
    expect(DeliverySettings.fromEnv(env)).toMatchObject({ dispatching: true, intervalSeconds: 5 });
    expect(RulesSettings.fromEnv(env).loadDefaults).toBe(true);
  });

  it('turns dispatch, task promotion and the default rules off when told', () => {
    const env = validateEnv({ DISPATCH_INTERVAL_SECONDS: '0', TASKS_INTERVAL_SECONDS: '0', DEFAULT_RULES: 'off' });
    expect(DeliverySettings.fromEnv(env).dispatching).toBe(false);
    expect(TasksSettings.fromEnv(env).promotes).toBe(false);
    expect(RulesSettings.fromEnv(env).loadDefaults).toBe(false);
  });

  it('promotes tasks only on workers', () => {
    expect(TasksSettings.fromEnv(validateEnv({ APP_ROLE: 'api' })).promotes).toBe(false);
    expect(TasksSettings.fromEnv(validateEnv({ APP_ROLE: 'worker' }))).toEqual({ intervalSeconds: 60, promotes: true });
  });

  it.each([
    ['api', false],
    ['worker', true],
    ['all', true],
  ])('runs the periodic jobs on its own under APP_ROLE=%s: %s', (role, ticks) => {
    expect(JobsSettings.fromEnv(validateEnv({ APP_ROLE: role }))).toEqual({ ticksHere: ticks });
  });
});

describe('reply configuration', () => {
  const secret = 'a'.repeat(24);

  it('hands out reply addresses only with REPLY_DOMAIN, in lower case, and never without the Inbound Parse secret', () => {
    expect(ReplySettings.fromEnv(validateEnv({})).replyDomain).toBeNull();
    expect(DeliverySettings.fromEnv(validateEnv({})).replyDomain).toBeNull();
    const env = validateEnv({ REPLY_DOMAIN: 'Reply.Example.com', INBOUND_PARSE_SECRET: secret });
    expect(ReplySettings.fromEnv(env)).toMatchObject({ replyDomain: 'reply.example.com', inboundParseSecret: secret });
    expect(DeliverySettings.fromEnv(env).replyDomain).toBe('reply.example.com');
    expect(() => validateEnv({ REPLY_DOMAIN: 'reply.example.com' })).toThrow(/INBOUND_PARSE_SECRET must be 24 to 200/);
  });

  it.each([
    [{ REPLY_DOMAIN: 'localhost', INBOUND_PARSE_SECRET: secret }, /REPLY_DOMAIN must be a domain name/],
    [{ REPLY_DOMAIN: 'reply@example.com', INBOUND_PARSE_SECRET: secret }, /REPLY_DOMAIN must be a domain name/],
    [{ INBOUND_PARSE_SECRET: 'short' }, /INBOUND_PARSE_SECRET must be 24 to 200/],
    [{ INBOUND_PARSE_SECRET: `${secret}:colon` }, /INBOUND_PARSE_SECRET must be 24 to 200/],
  ])('refuses %j', (raw, message) => {
    expect(() => validateEnv(raw)).toThrow(message);
  });
});
