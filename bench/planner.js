'use strict';
/**
 * Planner benchmark. Builds a synthetic shop in SQL (generate_series; 1,000,000 customers and
 * 5,000,000 orders by default, deterministic), loads the default rules, and plans a 24-hour
 * horizon with the real PlannerService, each run in a child process of its own so its peak RSS
 * is the planner's alone: once at a tenth of the customers, once at all of them (after a warm-up
 * run whose touches are taken back), and once more at all of them to show a second run adds
 * nothing. The floor is a bare aggregate scan of the same tables: lifetime value per customer
 * from the orders, and a birthday scan of customers.
 *
 *   npm run bench -- planner [--customers N] [--dist DIR]
 *
 * `--dist` loads the compiled service from another build folder than dist/. Uses DATABASE_URL's
 * server (default postgres://postgres@127.0.0.1:5432/postgres) and a database
 * `touchpoint_bench_planner`, created afresh each run.
 */
const { execFile } = require('node:child_process');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { DataSource } = require('typeorm');
const { growTo } = require('./planner/data');
const { argValue, checkpoint, freshDatabase } = require('./common');

const BENCH_DB = 'touchpoint_bench_planner';
// A mid-June day: an ordinary day's birthdays, orders and lapses.
const NOW = '2026-06-15T00:00:00Z';
const HORIZON_HOURS = 24;
const log = (line) => process.stderr.write(`[bench planner] ${line}\n`);

async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

/** One plan run in a child process; resolves to its JSON line. */
function planInChild(url, dist) {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [join(__dirname, 'planner', 'child.js'), url, NOW, String(HORIZON_HOURS), dist],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`plan child failed: ${stderr || error.message}`));
        const lines = stdout.trim().split('\n');
        resolvePromise(JSON.parse(lines[lines.length - 1]));
      },
    );
  });
}

/**
 * Plans once and takes back what it wrote, so that the measured run finds the shop, the rules and
 * the ledger's indexes as a planner that runs every few minutes finds them. Without it the
 * measured run paid for whatever the bench had just done: right after generating the shop its
 * pages were cached, right after loading a year of history (bench/history.js) the freshly built
 * ledger indexes and the shop were not, and the history figure measured that instead of the
 * ledger's age. The touches go by rule (the shop's rules are the enabled ones; history's are
 * disabled), then VACUUM, so the measured run plans the same touches into the same ledger.
 */
async function warmUp(client, url, dist) {
  const { rows } = await client.query(`SELECT coalesce(array_agg(id), '{}') AS ids FROM plan_runs`);
  await planInChild(url, dist);
  await client.query(`DELETE FROM touches WHERE rule_id IN (SELECT id FROM rules WHERE enabled)`);
  await client.query(`DELETE FROM plan_runs WHERE NOT (id = ANY($1::uuid[]))`, [rows[0].ids]);
  await client.query(`VACUUM touches`);
}

/** The floor: what merely reading the same data takes, with no planning at all. */
async function scanFloor(client) {
  const ltv = () =>
    client.query(
      `SELECT count(*), sum(ltv) FROM (
         SELECT customer_id, sum(total) AS ltv FROM orders WHERE status = 'placed' AND currency = 'USD' GROUP BY customer_id) s`,
    );
  const birthdays = () =>
    client.query(
      `SELECT count(*) FROM customers
        WHERE make_date(2026, birth_month, least(birth_day, 28)) BETWEEN DATE '2026-06-14' AND DATE '2026-06-17'`,
    );
  await ltv(); // warm the cache, as the planner runs found it
  const a = await timed(ltv);
  const b = await timed(birthdays);
  return a.seconds + b.seconds;
}

/**
 * `options.prepare(url, now)`, when given, runs once the shop has its full size, before the
 * measured plan (bench/history.js adds a year of ledger history there). Resolves to the result.
 */
async function run(args, options = {}) {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dist = resolve(argValue(args, '--dist', 'dist'));
  const customers = Number(argValue(args, '--customers', '1000000'));
  const small = Math.round(customers / 10);

  const url = await freshDatabase(serverUrl, BENCH_DB);
  const { runMigrations } = require(join(dist, 'database/options'));
  const { dataSourceOptions } = require(join(dist, 'database/options'));
  const { loadDefaultRules, DEFAULT_RULES } = require(join(dist, 'rules/default-rules'));
  await runMigrations(url);
  const db = new DataSource({ ...dataSourceOptions(url, 1), logging: false });
  await db.initialize();
  await loadDefaultRules(db.manager, new Date(NOW));
  await db.destroy();
  log(`rules: ${DEFAULT_RULES.map((r) => r.name).join('; ')}`);

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const first = await timed(() => growTo(client, 0, small, 0, NOW, log));
    let orders = first.result;
    log(`generated ${small} customers, ${orders} orders in ${first.seconds.toFixed(1)} s`);
    const atSmall = await planInChild(url, dist);
    log(
      `plan at ${small}: ${atSmall.seconds.toFixed(2)} s, ${atSmall.planned} planned, ${atSmall.skipped} skipped, peak RSS ${atSmall.peak_rss_mb} MB`,
    );

    // The same shop grown tenfold, planned from an empty ledger.
    await client.query('TRUNCATE touches, plan_runs CASCADE');
    const second = await timed(() => growTo(client, small, customers, orders, NOW, log));
    orders += second.result;
    log(`generated ${customers} customers, ${orders} orders in total (${second.seconds.toFixed(1)} s more)`);
    if (options.prepare) await options.prepare(url, NOW);
    await checkpoint(url, log);
    await warmUp(client, url, dist);
    const atFull = await planInChild(url, dist);
    log(
      `plan at ${customers}: ${atFull.seconds.toFixed(2)} s, ${atFull.planned} planned, ${atFull.skipped} skipped, peak RSS ${atFull.peak_rss_mb} MB`,
    );
    log(`per rule: ${JSON.stringify(atFull.counts.rules)}`);
    const [{ touches }] = (await client.query('SELECT count(*)::int AS touches FROM touches')).rows;
    const again = await planInChild(url, dist);
    const secondRunNew = again.planned + again.skipped;
    log(`second run: ${secondRunNew} new touches in ${again.seconds.toFixed(2)} s`);

    const scan = await scanFloor(client);
    log(`scan floor: ${scan.toFixed(2)} s`);
    const result = {
      bench: 'planner',
      customers,
      orders,
      touches,
      plan_seconds: Number(atFull.seconds.toFixed(3)),
      scan_seconds: Number(scan.toFixed(3)),
      ratio: Number((atFull.seconds / scan).toFixed(3)),
      peak_rss_mb: atFull.peak_rss_mb,
      rss_mb_at_100k: atSmall.peak_rss_mb,
      second_run_new_touches: secondRunNew,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await client.end();
  }
}

module.exports = { run };
