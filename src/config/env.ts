import { existsSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidateIf,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { IsTimeZone } from '../common/validators';
import { weakSecretReason } from './signing-secret';

/** Stands in for COMPANY_POSTAL_ADDRESS outside production, which requires a real one. */
export const DEVELOPMENT_POSTAL_ADDRESS = '1 Example Street, Springfield (set COMPANY_POSTAL_ADDRESS)';

/** Only for development and tests; production refuses to start with it. */
export const DEV_SIGNING_SECRET = 'touchpoint-development-signing-secret';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const toMinutes = (value: unknown): number =>
  typeof value === 'string' && /^\d\d:\d\d$/.test(value) ? Number(value.slice(0, 2)) * 60 + Number(value.slice(3)) : NaN;

/** The end of a local-time window: after its start, and the window inside [min, max]. */
@ValidatorConstraint({ name: 'windowEnd' })
class WindowEnd implements ValidatorConstraintInterface {
  validate(end: unknown, args: ValidationArguments): boolean {
    const [startKey, min, max] = args.constraints as [string, string, string];
    const start = toMinutes((args.object as Record<string, unknown>)[startKey]);
    return start < toMinutes(end) && start >= toMinutes(min) && toMinutes(end) <= toMinutes(max);
  }

  defaultMessage(args: ValidationArguments): string {
    const [startKey, min, max] = args.constraints as [string, string, string];
    return `${startKey}–${args.property} must be a window from ${min} to ${max} at most, starting before it ends`;
  }
}

/**
 * Every environment variable the service reads, with its default. `.env.example` documents
 * the same list; nothing outside `src/config/` reads `process.env`.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Base URL customers and providers reach us at (unsubscribe links, webhooks). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  /**
   * SendGrid Event Webhook verification key (base64 DER, as SendGrid shows it, or PEM). Unset: the
   * event webhook answers 403. Parsed as an EC public key at boot.
   */
  @IsOptional()
  @Matches(/^(-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*|[A-Za-z0-9+/]+={0,2})$/, {
    message: 'SENDGRID_WEBHOOK_PUBLIC_KEY must be the base64 (or PEM) public key SendGrid shows for the signed Event Webhook',
  })
  SENDGRID_WEBHOOK_PUBLIC_KEY?: string;

  /**
   * SendGrid event batches whose signed timestamp is further than this from our clock (either way)
   * are refused: a captured batch cannot be replayed later.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(30)
  @Max(86_400)
  SENDGRID_WEBHOOK_MAX_AGE_SECONDS = 600;

  /** `api` serves HTTP, `worker` runs the planner and the dispatch queue, `all` does both. */
  @IsIn(['api', 'worker', 'all'])
  APP_ROLE: 'api' | 'worker' | 'all' = 'all';

  /** When unset, an embedded PostgreSQL is started with its data in DATA_DIR/postgres. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** `auto`: load the demo data set when the embedded database is empty; `off`: never. */
  @IsIn(['auto', 'off'])
  DEMO_DATA: 'auto' | 'off' = 'auto';

  /** `on`: insert the default rules at boot when the rules table is empty; `off`: never. */
  @IsIn(['on', 'off'])
  DEFAULT_RULES: 'on' | 'off' = 'on';

  @IsTimeZone()
  DEFAULT_TIME_ZONE = 'UTC';

  @IsString()
  DEFAULT_LOCALE = 'en';

  /** Lifetime value is summed over placed orders in this currency. */
  @Matches(/^[A-Z]{3}$/, { message: 'BASE_CURRENCY must be an ISO 4217 code such as USD' })
  BASE_CURRENCY = 'USD';

  /** The sender's name in templates (`{{company.name}}`). */
  @IsString()
  COMPANY_NAME = 'Touchpoint Demo Shop';

  /** The company's postal address, shown in every email (CAN-SPAM). Required in production. */
  @IsOptional()
  @IsString()
  @Length(5, 300)
  COMPANY_POSTAL_ADDRESS?: string;

  /** Largest body of POST /customers/bulk and /orders/bulk, read once an admin token is verified (10,000 rows fit in the default). */
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 16mb' })
  BODY_LIMIT = '16mb';

  /** Start the clock at this instant (ISO 8601) and let it run on: lets a demo show next week today. */
  @IsOptional()
  @IsISO8601({ strict: true })
  CLOCK_START?: string;

  /** Signs unsubscribe links and other public tokens. In production: 32+ random characters, not a published default. */
  @IsString()
  @Length(16, 512)
  SIGNING_SECRET = DEV_SIGNING_SECRET;

  /** Seconds between planner ticks (workers only); 0 turns the tick off. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(86_400)
  PLANNER_INTERVAL_SECONDS = 60;

  /** How far ahead each plan run schedules touches. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 31)
  PLAN_HORIZON_HOURS = 48;

  /** SMS and calls only between these local times; may only narrow 08:00–21:00. */
  @Matches(HH_MM, { message: 'QUIET_HOURS_START must be a local time HH:MM' })
  QUIET_HOURS_START = '08:00';

  @Matches(HH_MM, { message: 'QUIET_HOURS_END must be a local time HH:MM' })
  @Validate(WindowEnd, ['QUIET_HOURS_START', '08:00', '21:00'])
  QUIET_HOURS_END = '21:00';

  /** Emails only between these local times. */
  @Matches(HH_MM, { message: 'EMAIL_WINDOW_START must be a local time HH:MM' })
  EMAIL_WINDOW_START = '07:00';

  @Matches(HH_MM, { message: 'EMAIL_WINDOW_END must be a local time HH:MM' })
  @Validate(WindowEnd, ['EMAIL_WINDOW_START', '00:00', '24:00'])
  EMAIL_WINDOW_END = '22:00';

  /** At most FREQUENCY_CAP automated touches per customer within any FREQUENCY_CAP_DAYS days. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  FREQUENCY_CAP = 3;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  FREQUENCY_CAP_DAYS = 7;

  /** SendGrid API key; with none, emails (like SMS without Twilio keys) go to DATA_DIR/outbox. */
  @IsOptional()
  @IsString()
  SENDGRID_API_KEY?: string;

  /** SendGrid's API base URL; point it elsewhere only for a local stub. */
  @IsUrl({ require_tld: false, require_protocol: true })
  SENDGRID_API_URL = 'https://api.sendgrid.com';

  /** Domain emails are sent from (authenticated in SendGrid): `"Emma Clarke" <emma.clarke@DOMAIN>`. */
  @ValidateIf((env: Env) => Boolean(env.SENDGRID_API_KEY) || env.SENDING_DOMAIN !== undefined)
  @Matches(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, {
    message: 'SENDING_DOMAIN must be a domain name such as mail.example.com (required with SENDGRID_API_KEY)',
  })
  SENDING_DOMAIN?: string;

  /**
   * Replies: with this set, every email's Reply-To is a signed per-touch address at this domain
   * (`reply+<touch>.<signature>@DOMAIN`), whose MX points at SendGrid Inbound Parse; unset, it is
   * the manager's own address.
   */
  @IsOptional()
  @Matches(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, {
    message: 'REPLY_DOMAIN must be a domain name such as reply.example.com',
  })
  REPLY_DOMAIN?: string;

  /** The password in the Inbound Parse URL (basic auth); /webhooks/sendgrid/inbound refuses everything while unset. */
  @ValidateIf((env: Env) => Boolean(env.REPLY_DOMAIN) || env.INBOUND_PARSE_SECRET !== undefined)
  @Matches(/^[A-Za-z0-9._~-]{24,200}$/, {
    message: 'INBOUND_PARSE_SECRET must be 24 to 200 letters, digits or . _ ~ - (required with REPLY_DOMAIN)',
  })
  INBOUND_PARSE_SECRET?: string;

  /** Twilio account SID (AC…); with TWILIO_AUTH_TOKEN and a sender, SMS go through Twilio. */
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @ValidateIf((env: Env) => Boolean(env.TWILIO_ACCOUNT_SID) || env.TWILIO_AUTH_TOKEN !== undefined)
  @IsString({ message: 'TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID' })
  TWILIO_AUTH_TOKEN?: string;

  /** The sending number (E.164); or TWILIO_MESSAGING_SERVICE_SID, which wins when both are set. */
  @ValidateIf((env: Env) => (Boolean(env.TWILIO_ACCOUNT_SID) && !env.TWILIO_MESSAGING_SERVICE_SID) || env.TWILIO_FROM_NUMBER !== undefined)
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'TWILIO_FROM_NUMBER must be an E.164 number (or set TWILIO_MESSAGING_SERVICE_SID)' })
  TWILIO_FROM_NUMBER?: string;

  @IsOptional()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits' })
  TWILIO_MESSAGING_SERVICE_SID?: string;

  /** Twilio's API base URL; point it elsewhere only for a local stub. */
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_API_URL = 'https://api.twilio.com';

  /** Emails handed to the provider per second, per worker process; 0 = no limit. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0)
  EMAIL_RATE_PER_SECOND = 100;

  /** SMS segments per second, per worker process (a Twilio long code takes 1); 0 = no limit. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0)
  SMS_RATE_PER_SECOND = 1;

  /** Send attempts before a touch is failed (retryable errors only; permanent ones stop at once). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  DELIVERY_MAX_ATTEMPTS = 8;

  /** Messages in flight to providers at once, per worker process. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  DELIVERY_CONCURRENCY = 32;

  /** Seconds between dispatch ticks moving due touches onto the queue (workers only); 0 = off. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0)
  @Max(3_600)
  DISPATCH_INTERVAL_SECONDS = 5;

  /** Retry backoff: the first retry waits up to this long, each later one up to twice the previous. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_BASE_MS = 5_000;

  /** Longest wait between two attempts. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MAX_MS = 3_600_000;

  /** A provider request without an answer after this long counts as a network error and is retried. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(300_000)
  DELIVERY_TIMEOUT_MS = 15_000;

  /**
   * A job still running after this many seconds runs again, even though its worker still renews
   * it. A dead worker's jobs come back sooner, 10–15 s after it stops renewing them.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  @Max(3_600)
  DELIVERY_JOB_TIMEOUT_SECONDS = 300;

  /**
   * A worker's claim on the touches it is sending lasts this long and is renewed while it works;
   * a dead worker's touches are recovered once it runs out (well before the job timeout).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  @Max(600)
  DELIVERY_LEASE_SECONDS = 30;

  /**
   * A message whose outcome is unknown (its worker died after handing it to the provider) waits
   * this long for the provider's events before it fails as `outcome_unknown` for an admin to re-drive.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  DELIVERY_UNKNOWN_GRACE_SECONDS = 3_600;

  /** Seconds between task promotions (due calls and cards become tasks; workers only); 0 turns it off. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(86_400)
  TASKS_INTERVAL_SECONDS = 60;

  /** Days a feedback link stays open after its message was sent. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  FEEDBACK_LINK_DAYS = 30;

  /** A feedback score at or below this (1–4) puts a reply task on the account manager's list at once. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(4)
  FEEDBACK_LOW_SCORE = 2;

  /**
   * Which proxies to believe about the client's address and protocol (X-Forwarded-For/-Proto):
   * `false` (none), `true` (any), a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`, …).
   * Behind a TLS-terminating proxy it makes the web page's cookie Secure.
   */
  @Matches(
    /^(false|true|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
    {
      message:
        'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of addresses, subnets, loopback, linklocal or uniquelocal',
    },
  )
  TRUST_PROXY = 'false';

  /** Largest body read before the caller is known; only the bulk routes, for admins, take BODY_LIMIT. */
  @Matches(/^\d+(kb|mb)$/, { message: 'REQUEST_BODY_LIMIT must look like 64kb or 1mb' })
  REQUEST_BODY_LIMIT = '64kb';

  /** Failed sign-ins (wrong or revoked tokens) allowed per client address within AUTH_FAILURE_WINDOW_SECONDS; then 429. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUTH_FAILURES_PER_ADDRESS = 30;

  /** The same, per token prefix (its first 9 characters): one token guessed at from many addresses. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUTH_FAILURES_PER_TOKEN = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(86_400)
  AUTH_FAILURE_WINDOW_SECONDS = 300;

  /** A web session unused this long ends. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  WEB_SESSION_IDLE_MINUTES = 120;

  /** A web session ends this long after sign-in, used or not. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(30 * 24)
  WEB_SESSION_MAX_HOURS = 12;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class InvalidConfigError extends Error {}

/** Validates raw variables; every problem is listed, one per line, naming the variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Env, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((reason) => `  ${error.property}=${JSON.stringify(error.value)}: ${reason}`),
    );
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  // What production needs beyond well-formed values; every problem named at once.
  if (env.NODE_ENV === 'production') {
    const problems: string[] = [];
    const weakSecret = weakSecretReason(env.SIGNING_SECRET);
    if (weakSecret) problems.push(`SIGNING_SECRET: ${weakSecret}`);
    if (!env.COMPANY_POSTAL_ADDRESS)
      problems.push('COMPANY_POSTAL_ADDRESS: every email must show the postal address of the sender; set it in production');
    if (problems.length > 0) throw new InvalidConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return env;
}

/** Reads the process environment (and `.env` when present); the one place that does. */
export function loadEnv(envFile = '.env'): Env {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return validateEnv(process.env);
}

export function publicUrl(env: Env): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}
