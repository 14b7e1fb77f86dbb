import { InvalidConfigError, validateEnv } from '../config/env';
import { PlannerSettings } from './planner.settings';

const settings = (raw: Record<string, string>) => {
  const env = validateEnv(raw);
  return PlannerSettings.fromEnv((key) => env[key]);
};

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
