import 'reflect-metadata';
import { loadEnv } from '../config/env';
import { runMigrations } from '../database/options';
import { resolveDatabase } from '../database/resolve';
import { seedDemoIfEmpty } from './seed';

/** `npm run seed:demo`: loads the demo data set into an empty database (DATABASE_URL or embedded). */
async function main(): Promise<void> {
  const env = loadEnv();
  const database = await resolveDatabase(env);
  try {
    await runMigrations(database.url);
    const demo = await seedDemoIfEmpty(database.url, env);
    if (!demo) {
      process.stdout.write('The database already holds data that is not the demo set; nothing was loaded.\n');
    } else {
      process.stdout.write(
        `${demo.seeded ? `Demo data loaded: ${demo.summary}` : 'The demo data set was already loaded.'}\n` +
          `Demo admin token:   ${demo.adminToken}\nDemo manager token: ${demo.managerToken} (${demo.managerName})\n`,
      );
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
