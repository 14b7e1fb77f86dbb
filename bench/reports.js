'use strict';
/**
 * Reports benchmark. Builds a synthetic world (1,000,000 customers, ~5,000,000 orders over two
 * years, four rules, a year of touches with their events and tasks) in SQL on the server, then
 * times the per-rule report and the uplift report for the last 90 days through the real
 * ReportsService in dist/, as an admin and as one account manager: one warm-up, then the median
 * of three runs.
 *
 *   npm run bench -- reports [--customers N] [--reuse]
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a database
 * `touchpoint_bench_reports` created afresh each run. `--reuse` keeps an existing world of the same
 * size (only pending migrations run), for iterating on the queries.
 */
const { join } = require('node:path');
const { Client } = require('pg');
const { DataSource } = require('typeorm');
const { END, HELPERS, worldSteps } = require('./reports/world');
const { checkpoint, withoutSecondaryIndexes } = require('./common');

const BENCH_DB = 'touchpoint_bench_reports';
const TABLES = ['customers', 'orders', 'touches', 'touch_events', 'tasks'];
const RUNS = 3;
const UPLIFT_DAYS = 30;
const log = (line) => process.stderr.write(`[bench reports] ${line}\n`);

function argValue(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

function databaseUrl(serverUrl) {
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

async function withClient(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(serverUrl) {
  await withClient(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  });
}

/** Customers in an existing bench database, or null when there is none (or it is empty). */
async function existingWorld(serverUrl) {
  const exists = await withClient(serverUrl, (admin) => admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [BENCH_DB]));
  if (exists.rowCount === 0) return null;
  return withClient(databaseUrl(serverUrl), async (client) => {
    const table = await client.query(`SELECT to_regclass('customers') IS NOT NULL AS ok`);
    if (!table.rows[0].ok) return null;
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM customers`);
    return rows[0].n;
  });
}

/**
 * Fills the migrated, empty tables. Secondary indexes are dropped first and rebuilt from their own
 * definitions afterwards, and foreign-key triggers are off for the load (the data is consistent
 * by construction): the end state is the migrated schema, reached in minutes rather than hours.
 */
async function generateWorld(url, size, seed) {
  await withClient(url, async (client) => {
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SET session_replication_role = replica`);
    // The load's queries are one-off; compiling them costs more than it saves.
    await client.query(`SET jit = off`);
    let loaded;
    const rebuilt = await withoutSecondaryIndexes(client, TABLES, async () => {
      await client.query(HELPERS);
      for (const [name, sql, params] of worldSteps(size, seed)) {
        const started = performance.now();
        const result = typeof sql === 'function' ? await sql(client) : await client.query(sql, params);
        log(`${name}: ${result.rowCount ?? 0} rows, ${seconds(started)} s`);
      }
      loaded = performance.now();
    });
    log(`${rebuilt} indexes rebuilt: ${seconds(loaded)} s`);
    await client.query(`DROP FUNCTION bench_u(bigint, bigint), bench_manager(bigint)`);
    await client.query(`RESET session_replication_role`);
    const vacuumed = performance.now();
    await client.query(`VACUUM (ANALYZE) ${TABLES.join(', ')}, staff, rules`);
    log(`vacuum analyze: ${seconds(vacuumed)} s`);
  });
}

async function median(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]);
}

/**
 * `options.prepare(url, now)`, when given, runs once the world is in place, before the reports are
 * timed (bench/history.js adds a year of ledger history there). Resolves to the result.
 */
async function run(args, options = {}) {
  const customers = argValue(args, '--customers', 1_000_000);
  const reuse = args.includes('--reuse');
  const dist = (path) => require(join(__dirname, '..', 'dist', path));
  const { loadEnv } = dist('config/env.js');
  const { dataSourceOptions, runMigrations } = dist('database/options.js');
  const { FixedClock } = dist('common/clock.js');
  const { ReportsService } = dist('reports/reports.service.js');
  const serverUrl = loadEnv().DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = databaseUrl(serverUrl);

  const existing = reuse ? await existingWorld(serverUrl) : null;
  if (existing === customers) {
    log(`reusing ${BENCH_DB} (${customers} customers); migrations: ${(await runMigrations(url)).join(', ') || 'none pending'}`);
    await withClient(url, (client) => client.query(`ANALYZE`));
  } else {
    const started = performance.now();
    await recreateDatabase(serverUrl);
    await runMigrations(url);
    await generateWorld(url, { customers, ordersPerCustomer: 5 }, dist('demo/seed-data.js'));
    log(`world built in ${seconds(started)} s`);
  }

  if (options.prepare) await options.prepare(url, END);
  await checkpoint(url, log);

  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  try {
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM orders)::int AS orders,
              (SELECT count(*) FROM touches)::int AS touches, (SELECT count(*) FROM touch_events)::int AS events,
              (SELECT count(*) FROM tasks)::int AS tasks`,
    );
    log(`world: ${JSON.stringify(counts)}`);

    const config = { get: (key) => (key === 'BASE_CURRENCY' ? 'USD' : undefined) };
    const service = new ReportsService(dataSource, new FixedClock(new Date(END)), config);
    const period = service.period();
    const [admin] = await dataSource.query(`SELECT id, name FROM staff WHERE role = 'admin' ORDER BY email LIMIT 1`);
    // The manager with the most customers: the largest slice a manager can ask for.
    const [manager] = await dataSource.query(
      `SELECT s.id, s.name FROM staff s JOIN customers c ON c.account_manager_id = s.id
        GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1`,
    );
    const asAdmin = { staffId: admin.id, role: 'admin', name: admin.name };
    const asManager = { staffId: manager.id, role: 'manager', name: manager.name };
    log(`period ${period.from.toISOString()} .. ${period.to.toISOString()}, uplift window ${UPLIFT_DAYS} days`);

    const rules = await service.ruleReport(asAdmin, period);
    log(`rule report: ${rules.map((r) => `${r.rule}: planned ${r.planned}, sent ${r.sent}`).join('; ')}`);
    const uplift = await service.upliftReport(asAdmin, period, UPLIFT_DAYS);
    log(`uplift: ${uplift.map((r) => `${r.rule}: ${r.result.touched.customers} vs ${r.result.holdout.customers}`).join('; ')}`);

    const ruleMs = await median(() => service.ruleReport(asAdmin, period));
    const upliftMs = await median(() => service.upliftReport(asAdmin, period, UPLIFT_DAYS));
    const managerRuleMs = await median(() => service.ruleReport(asManager, period));
    const managerUpliftMs = await median(() => service.upliftReport(asManager, period, UPLIFT_DAYS));

    process.stdout.write(`manager-scoped (${manager.name}): rule report ${managerRuleMs} ms, uplift report ${managerUpliftMs} ms\n`);
    const result = { bench: 'reports', touches: counts.touches, rule_report_ms: ruleMs, uplift_report_ms: upliftMs };
    process.stdout.write(JSON.stringify(result) + '\n');
    return result;
  } finally {
    await dataSource.destroy();
  }
}

function seconds(started) {
  return ((performance.now() - started) / 1000).toFixed(1);
}

module.exports = { run };
