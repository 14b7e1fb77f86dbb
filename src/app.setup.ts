import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { formBodyParser, jsonBodyParser, onPaths, WEBHOOK_BODY_LIMIT, WEBHOOK_PATHS } from './common/body-parsers';
import { ErrorFilter } from './common/error.filter';
import { StorableTextPipe, validationPipe } from './common/validation';
import { Env } from './config/env';
import { openApiDocument } from './docs/openapi';
import { SecuritySettings } from './config/settings';
import { JsonLogger } from './observability/json-logger';
import { AuthThrottle } from './staff/auth-throttle';
import { bulkBodies } from './staff/bulk-body';
import { TokensService } from './staff/tokens.service';

/** Builds the HTTP app as it runs in production. */
export async function createApp(env: Env, databaseUrl: string, logger = true): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ databaseUrl, env }), {
    // Webhook signatures are checked over the raw bytes, so keep them.
    rawBody: true,
    bodyParser: false,
    logger: logger ? new JsonLogger(env.LOG_LEVEL) : false,
  });
  configureApp(app);
  return app;
}

/** Pipes, filters, body limits and docs; shared by the real app and the test app. */
export function configureApp(app: NestExpressApplication): void {
  // Answers are per caller and change often; hashing every body for an ETag costs more than it saves.
  app.set('etag', false);
  app.disable('x-powered-by');
  const security = app.get(SecuritySettings);
  app.set('trust proxy', security.trustProxy);
  // Bodies are read before the handler's guard runs, so every body is small (REQUEST_BODY_LIMIT)
  // but the bulk upserts of a verified admin (BODY_LIMIT) and signed provider webhooks. The
  // first parser that reads a body wins; the later ones leave it alone.
  app.use(bulkBodies(app.get(TokensService), app.get(AuthThrottle), security.bulkBodyLimit));
  app.use(onPaths(WEBHOOK_PATHS, jsonBodyParser(WEBHOOK_BODY_LIMIT)));
  app.use(onPaths(WEBHOOK_PATHS, formBodyParser(WEBHOOK_BODY_LIMIT)));
  app.use(jsonBodyParser(security.requestBodyLimit));
  app.use(formBodyParser(security.requestBodyLimit));
  app.useGlobalPipes(new StorableTextPipe(), validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  setUpDocs(app);
}

function setUpDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
