import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { validateEnv } from '../config/env';
import { openApiDocument } from './openapi';

/**
 * Writes the OpenAPI document the app serves at /docs/openapi.json, without a database: the app is
 * created in preview mode, which registers routes and their decorators but runs no provider, so
 * nothing connects anywhere. Usage: node dist/docs/openapi-cli.js [FILE] (default dist/openapi.json).
 */
async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? 'dist/openapi.json');
  // The document does not depend on configuration; the defaults only satisfy the module's signature.
  const env = validateEnv({ NODE_ENV: 'development' });
  const app = await NestFactory.create(
    AppModule.register({ databaseUrl: 'postgres://unused@127.0.0.1:1/unused', env }),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
    },
  );
  const document = openApiDocument(app);
  await app.close();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
  process.stdout.write(`OpenAPI document written to ${file} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Could not write the OpenAPI document: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
