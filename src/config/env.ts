import { existsSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { IsTimeZone } from '../common/validators';

/** Only for development and tests; production refuses to start with it. */
export const DEV_SIGNING_SECRET = 'touchpoint-development-signing-secret';

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

  /**
   * `on`: insert the default rules at boot when the rules table is empty; `off`: never. Unset: on,
   * except under NODE_ENV=test, where tests create the rules they need.
   */
  @IsOptional()
  @IsIn(['on', 'off'])
  DEFAULT_RULES?: 'on' | 'off';

  @IsTimeZone()
  DEFAULT_TIME_ZONE = 'UTC';

  @IsString()
  DEFAULT_LOCALE = 'en';

  /** Lifetime value is summed over placed orders in this currency. */
  @Matches(/^[A-Z]{3}$/, { message: 'BASE_CURRENCY must be an ISO 4217 code such as USD' })
  BASE_CURRENCY = 'USD';

  /** Largest accepted request body (bulk upserts of 10,000 rows fit in the default). */
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 16mb' })
  BODY_LIMIT = '16mb';

  /** Start the clock at this instant (ISO 8601) and let it run on: lets a demo show next week today. */
  @IsOptional()
  @IsISO8601({ strict: true })
  CLOCK_START?: string;

  /** Signs unsubscribe links and other public tokens. Must be set (16+ characters) in production. */
  @IsString()
  @Length(16, 512)
  SIGNING_SECRET = DEV_SIGNING_SECRET;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class InvalidConfigError extends Error {}

/** Validates raw variables; every problem is listed, one per line, naming the variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''),
  );
  const env = plainToInstance(Env, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map(
        (reason) => `  ${error.property}=${JSON.stringify(error.value)}: ${reason}`,
      ),
    );
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (env.NODE_ENV === 'production' && env.SIGNING_SECRET === DEV_SIGNING_SECRET) {
    throw new InvalidConfigError('Invalid configuration:\n  SIGNING_SECRET: set a secret of your own in production');
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
