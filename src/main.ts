import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { JsonLogger } from './observability/json-logger';
import { InvalidConfigError, loadEnv } from './config/env';
import { WebSettings } from './config/settings';
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
  // One shutdown path for Ctrl-C and for a container's SIGTERM: stop taking requests, let work in
  // flight finish or go back to the queue (app.close runs every module's shutdown hook), then stop
  // the embedded database, then exit 0. A second signal exits at once.
  let stopping = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.log(`${signal}: shutting down`);
    void app
      .close()
      .then(() => database.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`Shutdown did not finish cleanly: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
  const web = app.get(WebSettings);
  await app.listen(web.port, web.host);
  // The demo's calls and cards are due already: make them tasks now, not at the first interval.
  if (demo?.seeded) await app.get(TaskPromoterService).promote(app.get(Clock).now());

  const base = web.publicUrl;
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
