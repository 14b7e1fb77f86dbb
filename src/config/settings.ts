import type { FrequencyCap } from '../consent/frequency-cap';
import type { QuietHoursSettings } from '../consent/quiet-hours';
import { DEVELOPMENT_POSTAL_ADDRESS, Env, publicUrl } from './env';

/*
 * Each area's slice of configuration, typed and built once from the validated Env (see
 * settings.module.ts). A service injects the slice of its area. Only the entry points (main.ts
 * and the CLIs) read Env itself, for what they need before the app exists: the database to
 * connect to, migrations, the demo seed.
 */

const isWorker = (env: Env): boolean => env.APP_ROLE === 'worker' || env.APP_ROLE === 'all';

const quietHours = (env: Env): QuietHoursSettings => ({
  phone: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END },
  email: { start: env.EMAIL_WINDOW_START, end: env.EMAIL_WINDOW_END },
});

/** Who the company is to its customers, and the defaults for customers whose record gives none. */
export class CompanySettings {
  constructor(
    /** `{{company.name}}` in templates, and the signature of automatic SMS answers. */
    readonly name: string,
    /** Lifetime value and money in reports are in this ISO 4217 currency. */
    readonly baseCurrency: string,
    readonly defaultTimeZone: string,
    readonly defaultLocale: string,
  ) {}

  static fromEnv(env: Env): CompanySettings {
    return new CompanySettings(env.COMPANY_NAME, env.BASE_CURRENCY, env.DEFAULT_TIME_ZONE, env.DEFAULT_LOCALE);
  }
}

/** The HTTP side: where it listens, how the public reaches it, and what signs the links it hands out. */
export class WebSettings {
  constructor(
    readonly port: number,
    readonly host: string,
    /** Base URL without a trailing slash, as customers and providers reach the service. */
    readonly publicUrl: string,
    readonly bodyLimit: string,
    /** Signs unsubscribe links and other public tokens. */
    readonly signingSecret: string,
  ) {}

  static fromEnv(env: Env): WebSettings {
    return new WebSettings(env.PORT, env.HOST, publicUrl(env), env.BODY_LIMIT, env.SIGNING_SECRET);
  }
}

/** What protects the HTTP surface: proxies trusted, body limits, failed sign-in throttling, web sessions. */
export class SecuritySettings {
  constructor(
    /** Which proxies to believe about the client (Fastify's `trustProxy`): a boolean, a hop count or a list of addresses. */
    readonly trustProxy: boolean | number | string,
    /** Every body before its caller is known. */
    readonly requestBodyLimit: string,
    /** The bulk upserts of a verified admin. */
    readonly bulkBodyLimit: string,
    readonly authFailureWindowSeconds: number,
    readonly authFailuresPerAddress: number,
    readonly authFailuresPerToken: number,
    readonly webSessionIdleMinutes: number,
    readonly webSessionMaxHours: number,
  ) {}

  static fromEnv(env: Env): SecuritySettings {
    const proxy = env.TRUST_PROXY;
    const trustProxy = proxy === 'true' || proxy === 'false' ? proxy === 'true' : /^\d+$/.test(proxy) ? Number(proxy) : proxy;
    return new SecuritySettings(
      trustProxy,
      env.REQUEST_BODY_LIMIT,
      env.BODY_LIMIT,
      env.AUTH_FAILURE_WINDOW_SECONDS,
      env.AUTH_FAILURES_PER_ADDRESS,
      env.AUTH_FAILURES_PER_TOKEN,
      env.WEB_SESSION_IDLE_MINUTES,
      env.WEB_SESSION_MAX_HOURS,
    );
  }
}

/** The secrets provider webhooks are verified with; an unset one refuses its webhook. */
export class WebhookSettings {
  constructor(
    readonly twilioAuthToken: string | undefined,
    /** SendGrid's Event Webhook key, base64 DER or PEM, not yet parsed. */
    readonly sendgridPublicKey: string | undefined,
    /** Twilio signs the URL it calls: ours as the public sees it. */
    readonly publicUrl: string,
    /** How far a SendGrid batch's signed timestamp may be from our clock, either way. */
    readonly sendgridMaxAgeSeconds: number,
  ) {}

  static fromEnv(env: Env): WebhookSettings {
    return new WebhookSettings(
      env.TWILIO_AUTH_TOKEN,
      env.SENDGRID_WEBHOOK_PUBLIC_KEY,
      publicUrl(env),
      env.SENDGRID_WEBHOOK_MAX_AGE_SECONDS,
    );
  }
}

/** The clock every feature takes "now" from. */
export class ClockSettings {
  constructor(
    /** Start the clock at this instant and let it run on; unset: real time. */
    readonly start: Date | undefined,
  ) {}

  static fromEnv(env: Env): ClockSettings {
    return new ClockSettings(env.CLOCK_START ? new Date(env.CLOCK_START) : undefined);
  }
}

export class RulesSettings {
  constructor(
    /** Insert the default rules at boot into a database without rules. */
    readonly loadDefaults: boolean,
  ) {}

  static fromEnv(env: Env): RulesSettings {
    return new RulesSettings(env.DEFAULT_RULES === 'on');
  }
}

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

  static fromEnv(env: Env): PlannerSettings {
    return new PlannerSettings(
      env.PLANNER_INTERVAL_SECONDS,
      env.PLAN_HORIZON_HOURS,
      quietHours(env),
      { max: env.FREQUENCY_CAP, days: env.FREQUENCY_CAP_DAYS },
      isWorker(env),
    );
  }
}

/** The periodic jobs (planner tick, dispatch promoter, task promoter): which instances run them. */
export class JobsSettings {
  constructor(
    /** APP_ROLE worker or all: this instance ticks; an API-only instance runs a job only when asked. */
    readonly ticksHere: boolean,
  ) {}

  static fromEnv(env: Env): JobsSettings {
    return new JobsSettings(isWorker(env));
  }
}

export class TasksSettings {
  constructor(
    /** Seconds between promotions of due calls and cards into tasks; 0: none. */
    readonly intervalSeconds: number,
    /** Whether this instance promotes (APP_ROLE worker or all, and an interval). */
    readonly promotes: boolean,
  ) {}

  static fromEnv(env: Env): TasksSettings {
    return new TasksSettings(env.TASKS_INTERVAL_SECONDS, isWorker(env) && env.TASKS_INTERVAL_SECONDS > 0);
  }
}

/** Customer feedback: how long a link stays open, and what counts as a low score. */
export class FeedbackSettings {
  constructor(
    readonly linkDays: number,
    /** Scores at or below it make a reply task for the account manager. */
    readonly lowScore: number,
  ) {}

  static fromEnv(env: Env): FeedbackSettings {
    return new FeedbackSettings(env.FEEDBACK_LINK_DAYS, env.FEEDBACK_LOW_SCORE);
  }
}

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
    /** How long a claim on touches being sent lasts unless its worker renews it. */
    readonly leaseSeconds: number,
    /** How long an unknown outcome waits for the provider's events before it fails for a re-drive. */
    readonly unknownGraceSeconds: number,
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
    /** Shown with the unsubscribe link in every email. */
    readonly postalAddress: string = DEVELOPMENT_POSTAL_ADDRESS,
    /** Where replies come back through Touchpoint; null: Reply-To is the manager's own address. */
    readonly replyDomain: string | null = null,
  ) {}

  static fromEnv(env: Env): DeliverySettings {
    const interval = env.DISPATCH_INTERVAL_SECONDS;
    return new DeliverySettings(
      isWorker(env) && interval > 0,
      interval,
      env.DELIVERY_MAX_ATTEMPTS,
      env.DELIVERY_CONCURRENCY,
      { baseMs: env.DELIVERY_BACKOFF_BASE_MS, maxMs: Math.max(env.DELIVERY_BACKOFF_MAX_MS, env.DELIVERY_BACKOFF_BASE_MS) },
      env.DELIVERY_TIMEOUT_MS,
      env.DELIVERY_JOB_TIMEOUT_SECONDS,
      env.DELIVERY_LEASE_SECONDS,
      env.DELIVERY_UNKNOWN_GRACE_SECONDS,
      { email: env.EMAIL_RATE_PER_SECOND, sms: env.SMS_RATE_PER_SECOND },
      quietHours(env),
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
      env.REPLY_DOMAIN?.toLowerCase() ?? null,
    );
  }
}

/** Customers' email replies: the signed reply addresses, the Inbound Parse webhook, forwards to managers. */
export class ReplySettings {
  constructor(
    /** null: no reply addresses are handed out; the webhook still answers (refusing, without a secret). */
    readonly replyDomain: string | null,
    /** The basic-auth password of the Inbound Parse URL; unset: every post is refused. */
    readonly inboundParseSecret: string | undefined,
    /** Signs reply addresses, like unsubscribe links. */
    readonly signingSecret: string,
    /** Forwards to managers come from replies@ this domain. */
    readonly sendingDomain: string,
    readonly companyName: string,
    /** Links in forwards point at the task list here. */
    readonly publicUrl: string,
    /** How often worker instances retry unsent forwards (the dispatch interval; 0: only right after each reply). */
    readonly forwardIntervalSeconds: number,
  ) {}

  static fromEnv(env: Env): ReplySettings {
    return new ReplySettings(
      env.REPLY_DOMAIN?.toLowerCase() ?? null,
      env.INBOUND_PARSE_SECRET,
      env.SIGNING_SECRET,
      env.SENDING_DOMAIN ?? new URL(publicUrl(env)).hostname,
      env.COMPANY_NAME,
      publicUrl(env),
      env.DISPATCH_INTERVAL_SECONDS,
    );
  }
}

/** Every area's settings, as the settings module provides them. */
export const SETTINGS = [
  CompanySettings,
  WebSettings,
  SecuritySettings,
  WebhookSettings,
  ClockSettings,
  RulesSettings,
  PlannerSettings,
  JobsSettings,
  TasksSettings,
  DeliverySettings,
  ReplySettings,
  FeedbackSettings,
] as const;
