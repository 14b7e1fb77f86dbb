'use strict';
/**
 * Import benchmark. Imports N customers and 5·N orders (synthetic, deterministic) through the
 * same service as `npm run import`, then measures two floors on the same files: a bare COPY into
 * scratch tables without indexes, and the honest floor, the import's end state reached by plain
 * SQL without validation (honestFloor). Also imports N/10 first, to show memory does not grow with N.
 *
 *   npm run bench -- import [--customers N] [--dist DIR] [--copy-only | --floors-only]
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

/**
 * Samples the process's memory while `work` runs and logs the largest of each part: whether a
 * growing peak RSS is the JavaScript heap, buffers outside it, or neither (the allocator keeping
 * freed memory).
 */
async function withMemorySamples(label, work) {
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
  };
  const timer = setInterval(sample, 50);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    sample();
    const mb = (bytes) => Math.round(bytes / 1024 / 1024);
    log(
      `${label}: sampled peaks (MB): ${Object.entries(peak)
        .map(([key, bytes]) => `${key} ${mb(bytes)}`)
        .join(', ')}`,
    );
  }
}

async function importBoth(service, files) {
  return withMemorySamples(`${files.customerCount} customers`, () => importBothUnsampled(service, files));
}

async function importBothUnsampled(service, files) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let customers, orders;
  if (service.importCustomersAndOrders) {
    // Both files in one run: one first load when both tables are empty.
    ({ customers, orders } = await service.importCustomersAndOrders(files.customers, files.orders));
  } else {
    // A build from before importCustomersAndOrders (--dist).
    customers = await service.importFile('customers', files.customers);
    orders = await service.importFile('orders', files.orders);
  }
  log(`customers: ${JSON.stringify(customers)}`);
  log(`orders: ${JSON.stringify(orders)}`);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, nodeCpuSeconds: (used.user + used.system) / 1e6, customers, orders };
}

/** The bare floor: the same bytes through COPY ... CSV into typed tables with no index or constraint. */
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
    await copyFile(client, files.customers, 'COPY scratch_customers FROM STDIN (FORMAT csv, HEADER true)');
    await copyFile(client, files.orders, 'COPY scratch_orders FROM STDIN (FORMAT csv, HEADER true)');
    const seconds = (performance.now() - started) / 1000;
    await client.query(`DROP TABLE scratch_customers, scratch_orders`);
    return seconds;
  } finally {
    await client.end();
  }
}

async function copyFile(client, file, statement) {
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(statement)));
}

/**
 * The honest floor: the end state of the import reached by plain SQL, with no validation at all,
 * in schema `floor` of the same database. The bare COPY leaves out everything the import must
 * build besides parsing: the real tables' types (dates, decimals, arrays, JSON), the account
 * manager and customer references, the secondary indexes, the customer figures and the foreign
 * key. Here each is done the cheapest way plain SQL knows: COPY into unlogged text tables, one
 * INSERT ... SELECT per table with casts, the figures in one set-based update, then the indexes
 * (read from the catalog of the imported tables, so they are the same ones), the foreign keys
 * and ANALYZE. The data are generated clean, so casting without checks cannot fail.
 */
async function honestFloor(url, files, now) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Read while the public tables are visible, so that constraint definitions name tables unqualified.
    const indexes = (
      await client.query(`
        SELECT c.relname AS table, pg_get_indexdef(i.indexrelid) AS definition
          FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         WHERE i.indrelid IN ('public.customers'::regclass, 'public.orders'::regclass) AND NOT i.indisprimary
         ORDER BY c.relname, i.indexrelid`)
    ).rows;
    // Primary keys first (the orders' foreign key needs the customers'), then foreign keys.
    const constraints = (
      await client.query(`
        SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition, contype = 'p' AS primary
          FROM pg_constraint
         WHERE conrelid IN ('public.customers'::regclass, 'public.orders'::regclass) AND contype IN ('p', 'f')
         ORDER BY contype DESC, conname`)
    ).rows;
    await client.query('DROP SCHEMA IF EXISTS floor CASCADE');
    await client.query('CREATE SCHEMA floor');
    // Unqualified names in those definitions now resolve to floor's tables (and staff to public's).
    await client.query('SET search_path = floor, public');
    // The settings of the import's first load.
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SET work_mem = '256MB'");
    await client.query('CREATE TABLE floor.customers (LIKE public.customers INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)');
    await client.query('CREATE TABLE floor.orders (LIKE public.orders INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)');
    await client.query(`CREATE UNLOGGED TABLE floor.customers_csv (
      external_id text, first_name text, last_name text, email text, phone text, birthday text, customer_since text,
      time_zone text, locale text, account_manager_email text, tags text, tier text, consent_email text, consent_sms text,
      consent_call text, address_line1 text, address_line2 text, address_city text, address_region text,
      address_postal_code text, address_country text)`);
    await client.query(`CREATE UNLOGGED TABLE floor.orders_csv (
      external_id text, customer_external_id text, placed_at text, placed_time_zone text, total text, currency text, status text)`);
    const phases = {};
    const started = performance.now();
    let at = started;
    const phase = (name) => {
      const t = performance.now();
      phases[name] = round((t - at) / 1000);
      at = t;
    };
    await copyFile(client, files.customers, 'COPY floor.customers_csv FROM STDIN (FORMAT csv, HEADER true)');
    await copyFile(client, files.orders, 'COPY floor.orders_csv FROM STDIN (FORMAT csv, HEADER true)');
    phase('copy');
    await client.query(
      `INSERT INTO floor.customers (external_id, first_name, last_name, email, phone, birth_year, birth_month, birth_day,
         customer_since, time_zone, locale, account_manager_id, tags, tier, consent, address, created_at, updated_at)
       SELECT s.external_id, s.first_name, coalesce(s.last_name, ''), lower(s.email), s.phone,
              CASE WHEN s.birthday NOT LIKE '--%' THEN left(s.birthday, 4)::smallint END,
              substr(s.birthday, length(s.birthday) - 4, 2)::smallint, right(s.birthday, 2)::smallint,
              s.customer_since::date, s.time_zone, s.locale, st.id,
              coalesce(string_to_array(s.tags, ';'), '{}'), s.tier,
              jsonb_strip_nulls(jsonb_build_object(
                'email', CASE WHEN s.consent_email IS NOT NULL THEN jsonb_build_object('status', s.consent_email, 'at', $1::timestamptz, 'source', 'csv') END,
                'sms', CASE WHEN s.consent_sms IS NOT NULL THEN jsonb_build_object('status', s.consent_sms, 'at', $1::timestamptz, 'source', 'csv') END,
                'call', CASE WHEN s.consent_call IS NOT NULL THEN jsonb_build_object('status', s.consent_call, 'at', $1::timestamptz, 'source', 'csv') END)),
              CASE WHEN s.address_line1 IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
                'line1', s.address_line1, 'line2', s.address_line2, 'city', s.address_city, 'region', s.address_region,
                'postalCode', s.address_postal_code, 'country', s.address_country)) END,
              $1, $1
         FROM floor.customers_csv s
         LEFT JOIN public.staff st ON lower(st.email) = lower(s.account_manager_email)`,
      [now],
    );
    phase('customers');
    await client.query(
      `INSERT INTO floor.orders (customer_id, external_id, placed_at, placed_time_zone, total, currency, status, created_at, updated_at)
       SELECT c.id, o.external_id, o.placed_at::timestamptz, o.placed_time_zone, o.total::numeric, o.currency,
              coalesce(o.status, 'placed'), $1, $1
         FROM floor.orders_csv o JOIN floor.customers c ON c.external_id = o.customer_external_id`,
      [now],
    );
    phase('orders');
    await client.query(
      `UPDATE floor.customers c
          SET lifetime_value = s.ltv, order_count = s.n, last_order_at = s.last_at
         FROM (SELECT customer_id, coalesce(sum(total) FILTER (WHERE currency = 'USD'), 0) AS ltv, count(*) AS n,
                      max(placed_at) AS last_at
                 FROM floor.orders WHERE status = 'placed' GROUP BY customer_id) s
        WHERE c.id = s.customer_id`,
    );
    phase('stats');
    const add = (key) => client.query(`ALTER TABLE floor.${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
    for (const key of constraints.filter((c) => c.primary)) await add(key);
    for (const index of indexes) {
      const definition = index.definition.replace(` ON public.${index.table} `, ` ON floor.${index.table} `);
      if (!definition.includes(' ON floor.')) throw new Error(`unexpected index definition: ${index.definition}`);
      await client.query(definition);
    }
    phase('indexes');
    for (const key of constraints.filter((c) => !c.primary)) await add(key);
    phase('foreign_keys');
    await client.query('ANALYZE floor.customers, floor.orders');
    phase('analyze');
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP SCHEMA floor CASCADE');
    return { seconds, phases };
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
    if (args.includes('--floors-only')) {
      // Both floors alone, on the migrated schema (the honest floor copies its tables' shape and indexes).
      const copySeconds = await bareCopy(url, big);
      const floor = await honestFloor(url, big, new Date());
      const result = { bench: 'import', customers: big.customerCount, orders: big.orderCount, copy_seconds: round(copySeconds) };
      Object.assign(result, { honest_floor_seconds: round(floor.seconds), honest_floor_phases: floor.phases });
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
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
    const floor = await honestFloor(url, big, new Date());
    log(`the same end state by plain SQL: ${floor.seconds.toFixed(1)} s ${JSON.stringify(floor.phases)}`);

    const result = {
      bench: 'import',
      customers: big.customerCount,
      orders: big.orderCount,
      import_seconds: round(main.seconds),
      import_node_cpu_seconds: round(main.nodeCpuSeconds),
      customers_seconds: main.customers.seconds,
      orders_seconds: main.orders.seconds,
      path: main.customers.path === main.orders.path ? main.customers.path : `${main.customers.path}/${main.orders.path}`,
      customers_phases: main.customers.phases,
      orders_phases: main.orders.phases,
      copy_seconds: round(copySeconds),
      ratio: round(main.seconds / copySeconds),
      honest_floor_seconds: round(floor.seconds),
      ratio_honest: round(main.seconds / floor.seconds),
      honest_floor_phases: floor.phases,
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
