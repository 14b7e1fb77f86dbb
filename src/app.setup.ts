import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { StorableTextPipe, validationPipe } from './common/validation';
import { Env } from './config/env';
import { WebSettings } from './config/settings';
import { JsonLogger } from './observability/json-logger';


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
  app.useBodyParser('json', { limit: app.get(WebSettings).bodyLimit });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.useGlobalPipes(new StorableTextPipe(), validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  setUpDocs(app);
}

function setUpDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Touchpoint')
    .setDescription(
      'Proactive personal-touch outreach. Every endpoint but /health, /metrics, /docs, the customer-facing ones and the provider webhooks ' +
        'takes `Authorization: Bearer <token>`. Bodies are JSON (`Content-Type: application/json`; another type answers 415). ' +
        'Errors share one body: `{ statusCode, error, message, errors?: [{ field, reason }] }`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
