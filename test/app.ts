import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp, httpAdapter } from '../src/app.setup';
import { Clock, FixedClock } from '../src/common/clock';
import { validateEnv } from '../src/config/env';

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  clock: FixedClock;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the end-to-end tests (test/**/*.e2e.ts) through npm test');
  return url;
}

/**
 * The real application on the test file's own database, with a clock the test controls.
 * `env` overrides configuration the way environment variables would; `databaseUrl` puts the app on
 * a database of the test's own instead of the file's.
 */
export async function createTestApp(options: { now?: string; env?: Record<string, string>; databaseUrl?: string } = {}): Promise<TestApp> {
  const clock = new FixedClock(new Date(options.now ?? '2026-06-15T12:00:00Z'));
  // Tests drive the planner, the task promoter and dispatch themselves and create the rules they
  // need; a test that wants a background tick or the default rules turns it on.
  const env = validateEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    PLANNER_INTERVAL_SECONDS: '0',
    TASKS_INTERVAL_SECONDS: '0',
    DISPATCH_INTERVAL_SECONDS: '0',
    DEFAULT_RULES: 'off',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register({ databaseUrl: options.databaseUrl ?? testDatabaseUrl(), env })],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(env), { bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    db: app.get(DataSource),
    clock,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
