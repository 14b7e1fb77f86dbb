'use strict';
/**
 * Dispatch benchmark: 50,000 due email touches go through the real queue and worker processes
 * (`node dist/main.js`, APP_ROLE=worker) into the local provider stub (the real @sendgrid/mail
 * SDK aimed at it): once with one worker, then with two on a fresh set of touches.
 *
 *   npm run bench -- dispatch [--touches N] [--concurrency C] [--dist DIR]
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a database
 * `touchpoint_bench_dispatch`, created afresh and migrated. Throughput counts from the first to
 * the last message the stub accepted (boot time excluded); lag is, per touch, from its job being
 * enqueued to the stub accepting the message. Duplicates are touches the stub accepted more than
 * once; lost are touches not `sent` at the end.
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { startProviderStub } = require('../test/stubs/provider-stub');
const { argValue, checkpoint, cpuSeconds, freshDatabase, stealPercent } = require('./common');

const BENCH_DB = 'touchpoint_bench_dispatch';
// Noon UTC on a weekday: inside every send window for customers in UTC.
const CLOCK_START = '2026-06-15T12:00:00Z';
const DUE_AT = '2026-06-15T11:00:00Z';
const log = (line) => process.stderr.write(`[bench dispatch] ${line}\n`);

/** The manager, rule and template every due touch refers to, written by the shared seed module. */
async function seedShop(db, seed) {
  const at = new Date(CLOCK_START);
  const [staffId] = await seed.insertStaff(
    db,
    [
      {
        name: 'Emma Clarke',
        email: 'emma.clarke@shop.example',
        role: 'manager',
        timeZone: 'UTC',
        emailSignature: 'Emma Clarke\nAccount manager',
      },
    ],
    at,
  );
  const rule = await seed.insertRule(
    db,
    seed.withRuleDefaults({
      name: 'bench thank-you',
      enabled: true,
      trigger: { kind: 'order', minTotal: '100', currency: 'USD', delayHours: 24 },
      action: { channel: 'email', templateKey: 'bench-thank-you', sendAt: '10:00' },
    }),
    { now: at },
  );
  await seed.insertTemplate(
    db,
    {
      key: 'bench-thank-you',
      channel: 'email',
      description: 'benchmark',
      variants: {
        '': {
          subject: 'Thank you, {{customer.firstName}}',
          html: '<p>Dear {{customer.firstName}},</p><p>thank you for your order. It means a lot to us.</p><p>{{nl2br manager.signature}}</p>',
          text: 'Dear {{customer.firstName}},\n\nthank you for your order. It means a lot to us.\n\n{{manager.signature}}',
        },
      },
    },
    at,
  );
  return { staffId, ruleId: rule.id };
}

/** `count` customers (with the manager) and one due email touch each; returns their ids. */
async function dueTouches(db, shop, count, tag) {
  const at = new Date(CLOCK_START);
  await db.query(
    `INSERT INTO customers (external_id, first_name, last_name, email, time_zone, locale, account_manager_id, consent, created_at, updated_at)
     SELECT $1 || g, 'Guest', 'No. ' || g, $1 || g || '@example.com', 'UTC', 'en', $3,
            '{"email": {"status": "granted", "at": "2026-01-01T00:00:00Z", "source": "bench"}}', $4, $4
       FROM generate_series(1, $2) g`,
    [`${tag}-`, count, shop.staffId, at],
  );
  const { rows } = await db.query(
    `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at, local_date, state, created_at, updated_at)
     SELECT id, $2, 1, 'bench', 'email', 'bench-thank-you', 50, $3, '2026-06-15', 'planned', $4, $4
       FROM customers WHERE external_id LIKE $1 || '%'
     RETURNING id::text AS id`,
    [`${tag}-`, shop.ruleId, DUE_AT, at],
  );
  await db.query('ANALYZE customers; ANALYZE touches');
  return rows.map((r) => r.id);
}

function spawnWorker(dist, url, stub, dataDir, concurrency) {
  // e.g. BENCH_NODE_ARGS=--cpu-prof to profile the workers.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(dist, 'main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SIGNING_SECRET: 'bench-dispatch-signing-secret-of-32-or-more-characters',
      COMPANY_POSTAL_ADDRESS: '1 Bench Street, Testville',
      APP_ROLE: 'worker',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      DEMO_DATA: 'off',
      LOG_LEVEL: 'warn',
      PLANNER_INTERVAL_SECONDS: '0',
      CLOCK_START,
      PUBLIC_URL: 'https://touchpoint.example.test',
      SENDGRID_API_KEY: 'SG.bench',
      SENDGRID_API_URL: stub.url,
      SENDING_DOMAIN: 'mail.shop.example',
      EMAIL_RATE_PER_SECOND: '0',
      DELIVERY_CONCURRENCY: String(concurrency),
      DISPATCH_INTERVAL_SECONDS: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function waitUntilSent(db, ids, timeoutMs, failure) {
  // The poll shares the database with the workers: a range scan, not a 50,000-element array.
  const numbers = ids.map(Number);
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  const contiguous = high - low + 1 === ids.length;
  // The state is a FILTER, not a condition: the statistics, taken while every touch was planned, say
  // no touch is sent, and with `state = 'sent'` in WHERE the planner walked the whole (rule_id, state)
  // index and its heap rows at every poll instead of the id range.
  const count = contiguous
    ? () => db.query(`SELECT count(*) FILTER (WHERE state = 'sent')::int AS n FROM touches WHERE id BETWEEN $1 AND $2`, [low, high])
    : () => db.query(`SELECT count(*) FILTER (WHERE state = 'sent')::int AS n FROM touches WHERE id = ANY($1::bigint[])`, [ids]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failure()) throw new Error(failure());
    const { rows } = await count();
    if (rows[0].n === ids.length || Date.now() > deadline) return rows[0].n;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const round3 = (x) => Math.round(x * 1000) / 1000;

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One measured round: `workers` processes over `ids`. */
async function round(dist, db, url, stub, dataDir, ids, workers, concurrency) {
  stub.reset();
  const started = Date.now();
  const children = Array.from({ length: workers }, () => spawnWorker(dist, url, stub, dataDir, concurrency));
  let died = null;
  for (const child of children) child.once('exit', (code) => (died = code ? `a worker exited with ${code}` : died));
  // CPU from the first message on, so the workers' boot is not counted.
  while (stub.requests.length === 0 && !died && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 50));
  const pids = children.map((c) => c.pid);
  // The database's CPU is the workers' backends': this process's own (the poll below) is left out.
  const own = [(await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid];
  const cpuBefore = cpuSeconds(pids, BENCH_DB, own);
  // This process runs the provider stub: its CPU is what the stub takes from the same cores.
  const stubBefore = process.cpuUsage();
  const sent = await waitUntilSent(db, ids, 15 * 60_000, () => died);
  const cpuAfter = cpuSeconds(pids, BENCH_DB, own);
  const stubCpu = process.cpuUsage(stubBefore);
  await Promise.all(children.map(stop));
  const accepted = stub.requests.filter((r) => r.status === 202);
  const times = accepted.map((r) => r.at).sort((a, b) => a - b);
  const seconds = (times[times.length - 1] - times[0]) / 1000;
  const counts = new Map();
  for (const r of accepted) counts.set(r.touchId, (counts.get(r.touchId) ?? 0) + 1);
  const duplicates = [...counts.values()].filter((n) => n > 1).length;

  // Lag: job enqueued (pg-boss created_on, UTC) → accepted by the stub.
  const { rows } = await db.query(
    `SELECT data->>'touchId' AS id, extract(epoch FROM created_on) * 1000 AS created FROM pgboss.job
      WHERE name = 'dispatch-email' AND data->>'touchId' = ANY($1::text[])`,
    [ids],
  );
  const enqueued = new Map(rows.map((r) => [r.id, Number(r.created)]));
  const lags = [];
  for (const r of accepted) {
    const at = enqueued.get(r.touchId);
    if (at !== undefined) lags.push(r.at - at);
  }
  lags.sort((a, b) => a - b);
  const result = {
    touches: ids.length,
    workers,
    seconds: Math.round(seconds * 10) / 10,
    wall_seconds: Math.round((Date.now() - started) / 100) / 10,
    per_second: Math.round(accepted.length / seconds),
    p50_lag_ms: Math.round(percentile(lags, 50)),
    p99_lag_ms: Math.round(percentile(lags, 99)),
    duplicates,
    lost: ids.length - sent,
    worker_cpu_ms_per_touch: round3(((cpuAfter.app - cpuBefore.app) * 1000) / accepted.length),
    db_cpu_ms_per_touch: round3(((cpuAfter.db - cpuBefore.db) * 1000) / accepted.length),
    stub_cpu_ms_per_touch: round3((stubCpu.user + stubCpu.system) / 1000 / accepted.length),
    cpu_steal_percent: stealPercent(cpuBefore.machine, cpuAfter.machine),
  };
  log(JSON.stringify(result));
  return result;
}

/**
 * `options.prepare(url, now)`, when given, runs after the shop is seeded and before the due
 * touches are written (bench/history.js adds a year of ledger history there). Resolves to the line.
 */
async function run(args, options = {}) {
  const touches = Number(argValue(args, '--touches', '50000'));
  const concurrency = Number(argValue(args, '--concurrency', '64'));
  const dist = resolve(argValue(args, '--dist', join(__dirname, '..', 'dist')));
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = await freshDatabase(serverUrl, BENCH_DB);
  log(`database ${BENCH_DB}; migrating`);
  const { runMigrations } = require(join(dist, 'database', 'options.js'));
  await runMigrations(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const stub = await startProviderStub({ keepBodies: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-dispatch-'));
  try {
    const shop = await seedShop(db, require(join(dist, 'demo', 'seed-data.js')));
    if (options.prepare) await options.prepare(url, CLOCK_START);
    await checkpoint(url, log);
    log(`${touches} due email touches, one worker`);
    const one = await round(dist, db, url, stub, dataDir, await dueTouches(db, shop, touches, 'one'), 1, concurrency);
    log(`${touches} more, two workers`);
    const two = await round(dist, db, url, stub, dataDir, await dueTouches(db, shop, touches, 'two'), 2, concurrency);
    const line = {
      bench: 'dispatch',
      touches,
      workers: 1,
      per_second: one.per_second,
      per_second_2_workers: two.per_second,
      p99_lag_ms: one.p99_lag_ms,
      p99_lag_ms_2_workers: two.p99_lag_ms,
      duplicates: one.duplicates + two.duplicates,
      lost: one.lost + two.lost,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return line;
  } finally {
    await db.end();
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = { run };
