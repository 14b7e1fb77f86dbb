import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { JsonLogger } from './observability/json-logger';
import { InvalidConfigError, loadEnv, publicUrl } from './config/env';
import { runMigrations } from './database/options';
import { resolveDatabase } from './database/resolve';
import { seedDemoIfEmpty } from './demo/seed';
import { Clock } from './common/clock';
import { TaskPromoterService } from './tasks/task-promoter.service';

async function main(): Promise<void> {
  const env = loadEnv();
  Logger.overrideLogger(new JsonLogger(env.LOG_LEVEL));
  const logger = new Logger('Touchpoint');
  const database = await resolveDatabase(env);
  const applied = await runMigrations(database.url);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);

  // Demo data only on the embedded database; a real server is seeded only on request.
  const demo = database.embedded && env.DEMO_DATA === 'auto' ? await seedDemoIfEmpty(database.url, env) : null;

  const app = await createApp(env, database.url);
  app.enableShutdownHooks();
  const stopDatabase = async () => database.stop();
  process.once('SIGINT', () => void app.close().then(stopDatabase).finally(() => process.exit(0)));
  process.once('SIGTERM', () => void app.close().then(stopDatabase).finally(() => process.exit(0)));
  await app.listen(env.PORT, env.HOST);
  // The demo's calls and cards are due already: make them tasks now, not at the first interval.
  if (demo?.seeded) await app.get(TaskPromoterService).promote(app.get(Clock).now());

  const base = publicUrl(env);
  const lines = [
    '',
    `Touchpoint is running (${database.embedded ? 'embedded PostgreSQL in ' + env.DATA_DIR : 'DATABASE_URL'}).`,
    `  API docs:    ${base}/docs`,
    `  Health:      ${base}/health`,
    `  Task list:   ${base}/app`,
  ];
  if (demo) {
    if (demo.seeded) lines.push(`  Demo data loaded: ${demo.summary}`);
    lines.push(`  Demo admin token:   ${demo.adminToken}`);
    lines.push(`  Demo manager token: ${demo.managerToken} (${demo.managerName})`);
    lines.push(`  Try: curl -H "Authorization: Bearer ${demo.adminToken}" ${base}/customers?limit=5`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`);
  } else {
    process.stderr.write(`Touchpoint failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
