import { FrequencyCap } from '../consent/frequency-cap';
import { QuietHoursSettings } from '../consent/quiet-hours';
import { Env } from '../config/env';

/** The planner's slice of configuration, typed; built once from the validated Env. */
export class PlannerSettings {
  constructor(
    /** Seconds between ticks; 0: no tick. */
    readonly intervalSeconds: number,
    readonly horizonHours: number,
    readonly quiet: QuietHoursSettings,
    readonly cap: FrequencyCap,
    /** Whether this instance runs the tick (APP_ROLE worker or all). */
    readonly ticks: boolean,
  ) {}

  static fromEnv(read: <K extends keyof Env>(key: K) => Env[K]): PlannerSettings {
    const env = new Proxy({} as Env, { get: (_, key) => read(key as keyof Env) });
    return new PlannerSettings(
      env.PLANNER_INTERVAL_SECONDS,
      env.PLAN_HORIZON_HOURS,
      {
        phone: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END },
        email: { start: env.EMAIL_WINDOW_START, end: env.EMAIL_WINDOW_END },
      },
      { max: env.FREQUENCY_CAP, days: env.FREQUENCY_CAP_DAYS },
      env.APP_ROLE === 'worker' || env.APP_ROLE === 'all',
    );
  }
}
