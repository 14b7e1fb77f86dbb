import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnv } from '../config/env';
import { dataSourceOptions, runMigrations } from './options';
import { resolveDatabase } from './resolve';

/**
 * `npm run migration:run` applies pending migrations; `npm run migration:generate -- Name` writes
 * a new migration with the difference between the entities and the migrated schema. Both work
 * on DATABASE_URL or, when unset, on the embedded database.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const env = loadEnv();
  const database = await resolveDatabase(env);
  try {
    const applied = await runMigrations(database.url);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
    if (command === 'generate') await generate(database.url, name);
    else if (command !== 'run') throw new Error('usage: migration-cli run | generate <Name>');
  } finally {
    await database.stop();
  }
}

async function generate(url: string, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name))
    throw new Error('Give the migration a PascalCase name: npm run migration:generate -- AddThing');
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    // Indexes, checks and foreign keys live in the hand-written SQL of the migrations, not in the
    // entities, so the schema builder would drop them all: keep only the additive differences.
    const keep = sql.upQueries.map((query) => !/\bDROP (INDEX|CONSTRAINT)\b/.test(query.query));
    const skipped = keep.filter((kept) => !kept).length;
    sql.upQueries = sql.upQueries.filter((_, i) => keep[i]);
    sql.downQueries = sql.downQueries.filter((_, i) => keep[i] ?? true);
    if (skipped > 0) process.stdout.write(`Left out ${skipped} drops of indexes or constraints the entities do not model.\n`);
    if (sql.upQueries.length === 0) {
      process.stdout.write('The schema matches the entities; nothing to generate.\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const line = (query: { query: string; parameters?: unknown[] }) =>
      `    await q.query(${JSON.stringify(query.query)}${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`;
    const file = join('src', 'database', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n` +
        `  name = '${className}';\n\n  async up(q: QueryRunner): Promise<void> {\n${sql.upQueries.map(line).join('\n')}\n  }\n\n` +
        `  async down(q: QueryRunner): Promise<void> {\n${sql.downQueries.reverse().map(line).join('\n')}\n  }\n}\n`,
    );
    process.stdout.write(`Wrote ${file}. Review it, then add ${className} to src/database/migrations/index.ts.\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
