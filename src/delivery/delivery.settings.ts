import { QuietHoursSettings } from '../consent/quiet-hours';
import { DEVELOPMENT_POSTAL_ADDRESS, Env, publicUrl } from '../config/env';

export interface SendGridSettings {
  apiKey: string;
  apiUrl: string;
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** Exactly one of these is used; the messaging service wins when both are set. */
  from: { messagingServiceSid: string } | { number: string };
  apiUrl: string;
}

/** Dispatch's slice of configuration, typed; built once from the validated Env. */
export class DeliverySettings {
  constructor(
    /** Whether this process promotes due touches and works the queue (APP_ROLE worker|all, interval > 0). */
    readonly dispatching: boolean,
    readonly intervalSeconds: number,
    readonly maxAttempts: number,
    readonly concurrency: number,
    readonly backoff: { baseMs: number; maxMs: number },
    readonly timeoutMs: number,
    readonly jobTimeoutSeconds: number,
    /** Per worker process; 0 = unlimited. SMS counts segments. */
    readonly rates: { email: number; sms: number },
    readonly quiet: QuietHoursSettings,
    readonly sendgrid: SendGridSettings | null,
    readonly twilio: TwilioSettings | null,
    readonly sendingDomain: string,
    readonly publicUrl: string,
    readonly companyName: string,
    readonly signingSecret: string,
    readonly dataDir: string,
    /** Shown in every email's footer. */
    readonly postalAddress: string = DEVELOPMENT_POSTAL_ADDRESS,
  ) {}

  static fromEnv(env: Env): DeliverySettings {
    // Test apps dispatch only when a test asks: other features' tests keep their touches to themselves.
    const interval = env.DISPATCH_INTERVAL_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 5);
    const worker = env.APP_ROLE === 'worker' || env.APP_ROLE === 'all';
    return new DeliverySettings(
      worker && interval > 0,
      interval,
      env.DELIVERY_MAX_ATTEMPTS,
      env.DELIVERY_CONCURRENCY,
      { baseMs: env.DELIVERY_BACKOFF_BASE_MS, maxMs: Math.max(env.DELIVERY_BACKOFF_MAX_MS, env.DELIVERY_BACKOFF_BASE_MS) },
      env.DELIVERY_TIMEOUT_MS,
      env.DELIVERY_JOB_TIMEOUT_SECONDS,
      { email: env.EMAIL_RATE_PER_SECOND, sms: env.SMS_RATE_PER_SECOND },
      {
        phone: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END },
        email: { start: env.EMAIL_WINDOW_START, end: env.EMAIL_WINDOW_END },
      },
      env.SENDGRID_API_KEY ? { apiKey: env.SENDGRID_API_KEY, apiUrl: env.SENDGRID_API_URL.replace(/\/$/, '') } : null,
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_MESSAGING_SERVICE_SID
              ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID }
              : { number: env.TWILIO_FROM_NUMBER ?? '' },
            apiUrl: env.TWILIO_API_URL.replace(/\/$/, ''),
          }
        : null,
      env.SENDING_DOMAIN ?? new URL(publicUrl(env)).hostname,
      publicUrl(env),
      env.COMPANY_NAME,
      env.SIGNING_SECRET,
      env.DATA_DIR,
      env.COMPANY_POSTAL_ADDRESS ?? DEVELOPMENT_POSTAL_ADDRESS,
    );
  }
}
