'use strict';
/**
 * Import benchmark. Imports N customers and 5·N orders (synthetic, deterministic) through the
 * same service as `npm run import`, then copies the same files with a bare COPY into scratch
 * tables without indexes: the floor. Also imports N/10 first, to show memory does not grow with N.
 *
 *   npm run bench -- import [--customers N] [--dist DIR] [--copy-only]
 *
 * `--dist` loads the compiled service from another build folder than dist/ (e.g. a private
 * `tsc --outDir` while others rebuild dist/ in the same working tree).
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a database
 * `touchpoint_bench` created afresh each run.
 */
const { createReadStream } = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { DataSource } = require('typeorm');
const { ensureData, MANAGERS } = require('./generate');

const { join, resolve } = require('node:path');
const { argValue, freshDatabase } = require('./common');

const BENCH_DB = 'touchpoint_bench';
const log = (line) => process.stderr.write(`[bench import] ${line}\n`);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function seedStaff(dataSource, seed) {
  const staff = MANAGERS.map((m) => ({ name: m.name, email: m.email, role: 'manager', timeZone: m.zone }));
  await seed.insertStaff(dataSource, staff, new Date());
}

async function importBoth(service, files) {
  const started = performance.now();
  const customers = await service.importFile('customers', files.customers);
  log(`customers: ${JSON.stringify(customers)}`);
  const orders = await service.importFile('orders', files.orders);
  log(`orders: ${JSON.stringify(orders)}`);
  return { seconds: (performance.now() - started) / 1000, customers, orders };
}

/** The floor: the same bytes through COPY ... CSV into typed tables with no index or constraint. */
async function bareCopy(url, files) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS scratch_customers, scratch_orders`);
    await client.query(`CREATE TABLE scratch_customers (
      external_id text, first_name text, last_name text, email text, phone text, birthday text, customer_since date,
      time_zone text, locale text, account_manager_email text, tags text, tier text, consent_email text, consent_sms text,
      consent_call text, address_line1 text, address_line2 text, address_city text, address_region text,
      address_postal_code text, address_country text)`);
    await client.query(`CREATE TABLE scratch_orders (
      external_id text, customer_external_id text, placed_at timestamptz, placed_time_zone text, total numeric(19,4),
      currency char(3), status text)`);
    const started = performance.now();
    await pipeline(
      createReadStream(files.customers, { highWaterMark: 1 << 20 }),
      client.query(copyFrom('COPY scratch_customers FROM STDIN (FORMAT csv, HEADER true)')),
    );
    await pipeline(
      createReadStream(files.orders, { highWaterMark: 1 << 20 }),
      client.query(copyFrom('COPY scratch_orders FROM STDIN (FORMAT csv, HEADER true)')),
    );
    const seconds = (performance.now() - started) / 1000;
    await client.query(`DROP TABLE scratch_customers, scratch_orders`);
    return seconds;
  } finally {
    await client.end();
  }
}

async function run(args) {
  const customers = Number(argValue(args, '--customers', 1_000_000));
  const distDir = resolve(argValue(args, '--dist', join(__dirname, '..', 'dist')));
  const dist = (path) => require(join(distDir, path));
  const { loadEnv } = dist('config/env.js');
  const { dataSourceOptions, runMigrations } = dist('database/options.js');
  const { SystemClock } = dist('common/clock.js');
  const { CsvImportService } = dist('crm/import/import.service.js');
  const env = loadEnv();
  const serverUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  const small = await ensureData(Math.max(1, Math.floor(customers / 10)), log);
  const big = await ensureData(customers, log);

  const url = await freshDatabase(serverUrl, BENCH_DB);
  if (args.includes('--copy-only')) {
    const copySeconds = await bareCopy(url, big);
    process.stdout.write(
      JSON.stringify({ bench: 'import', customers: big.customerCount, orders: big.orderCount, copy_seconds: round(copySeconds) }) + '\n',
    );
    return;
  }
  await runMigrations(url);
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await dataSource.initialize();
  try {
    await seedStaff(dataSource, dist('demo/seed-data.js'));
    const service = new CsvImportService(dataSource, new SystemClock(), {
      defaultTimeZone: env.DEFAULT_TIME_ZONE,
      defaultLocale: env.DEFAULT_LOCALE,
      baseCurrency: 'USD',
    });

    // The small import first: maxRSS only grows, so this is its own peak.
    const first = await importBoth(service, small);
    const rssSmall = rssMb();
    log(`${small.customerCount} customers + ${small.orderCount} orders: ${first.seconds.toFixed(1)} s, peak RSS ${rssSmall} MB`);
    await dataSource.query('TRUNCATE orders, customers CASCADE');
    await dataSource.query('VACUUM ANALYZE customers, orders');

    const main = await importBoth(service, big);
    const rssBig = rssMb();
    log(`${big.customerCount} customers + ${big.orderCount} orders: ${main.seconds.toFixed(1)} s, peak RSS ${rssBig} MB`);

    const copySeconds = await bareCopy(url, big);
    log(`bare COPY of the same files: ${copySeconds.toFixed(1)} s`);

    const result = {
      bench: 'import',
      customers: big.customerCount,
      orders: big.orderCount,
      import_seconds: round(main.seconds),
      customers_seconds: main.customers.seconds,
      orders_seconds: main.orders.seconds,
      path: main.customers.path === main.orders.path ? main.customers.path : `${main.customers.path}/${main.orders.path}`,
      customers_phases: main.customers.phases,
      orders_phases: main.orders.phases,
      copy_seconds: round(copySeconds),
      ratio: round(main.seconds / copySeconds),
      peak_rss_mb: rssBig,
      [`rss_mb_at_${small.customerCount >= 1000 ? `${small.customerCount / 1000}k` : small.customerCount}`]: rssSmall,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await dataSource.destroy();
  }
}

function round(n) {
  return Math.round(n * 100) / 100;
}

module.exports = { run };
