import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/body-parsers';
import { ErrorFilter } from './common/error.filter';
import { StorableTextPipe, validationPipe } from './common/validation';
import { Env } from './config/env';
import { openApiDocument } from './docs/openapi';
import { SecuritySettings } from './config/settings';
import { registerHttpLogging } from './observability/http-logging';
import { JsonLogger } from './observability/json-logger';
import { MetricsService } from './observability/metrics.service';
import { jsonBodiesOnly } from './common/json-body';
import { AuthThrottle } from './staff/auth-throttle';
import { bodyLimits } from './staff/bulk-body';
import { TokensService } from './staff/tokens.service';

/** Builds the HTTP app as it runs in production. */
export async function createApp(env: Env, databaseUrl: string, logger = true): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ databaseUrl, env }), httpAdapter(env), {
    // Bodies are read by our own parsers (configureApp), which keep the raw bytes.
    bodyParser: false,
    logger: logger ? new JsonLogger(env.LOG_LEVEL) : false,
  });
  configureApp(app);
  return app;
}

/** The Fastify server under the app; shared by the real app and the test app. */
export function httpAdapter(env: Env): FastifyAdapter {
  return new FastifyAdapter({
    // The client address and protocol as TRUST_PROXY lets the server read them (the same values as Express's `trust proxy`).
    trustProxy: trustProxy(SecuritySettings.fromEnv(env).trustProxy),
    // Each parser applies its own limit (configureApp); this is only the ceiling above them all.
    bodyLimit: Number.MAX_SAFE_INTEGER,
    // Paths match as they did on Express: with or without a trailing slash, in any letter case.
    // Signed link tokens in a path are long; an unknown id answers 404 from the service, not 414 from the router.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 1000 },
    // Our own access lines (observability/http-logging.ts); Fastify's logger stays off.
    logger: false,
  });
}

/**
 * TRUST_PROXY in Fastify's terms. A hop count trusts that many proxies in front of the server, as
 * Express read it; Fastify itself reads a bare number as trusting none.
 */
function trustProxy(setting: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

/** Pipes, filters, body limits and docs; shared by the real app and the test app. */
export function configureApp(app: NestFastifyApplication): void {
  // Fastify sends no ETag and no X-Powered-By: answers are per caller and change often.
  const fastify = app.getHttpAdapter().getInstance();
  const security = app.get(SecuritySettings);
  registerHttpLogging(fastify, app.get(MetricsService));
  fastify.addHook('onRequest', jsonBodiesOnly);
  registerBodyParsers(
    fastify,
    bodyLimits(app.get(TokensService), app.get(AuthThrottle), security.requestBodyLimit, security.bulkBodyLimit),
  );
  app.useGlobalPipes(new StorableTextPipe(), validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  setUpDocs(app);
}

function setUpDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
