'use strict';
/**
 * Daily-list benchmark: 100,000 open tasks across 200 managers (generated with set-based SQL),
 * the built app in a child process (APP_ROLE=api), and `GET /tasks/today` driven by autocannon
 * with 50 connections for 20 s, each request signed with the next manager's token.
 *
 *   npm run bench -- tasks [--tasks N] [--managers M] [--seconds S] [--connections C] [--dist DIR] [--floor]
 *                          [--rate R] [--open-seconds S]
 *
 * `--dist` starts the app from another build folder than dist/ (e.g. a private
 * `tsc --outDir` while others rebuild dist/ in the same working tree). `--floor` then drives
 * bench/tasks/floor-server.js the same way: the app's statements without the framework. After the
 * closed loop, an open loop sends `--rate` requests a second (300) for `--open-seconds` (60) on a
 * fixed schedule (bench/tasks/open-loop.js) to the app, and to the floor with `--floor`.
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a database
 * `touchpoint_bench_tasks` created afresh each run. The last line printed is one JSON object.
 */
const { spawn } = require('node:child_process');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { argValue, checkpoint, cpuSeconds, freePort, freshDatabase, machineTicks, stealPercent } = require('./common');
const { openLoop } = require('./tasks/open-loop');

const BENCH_DB = 'touchpoint_bench_tasks';
const log = (line) => process.stderr.write(`[bench tasks] ${line}\n`);

const token = (n) => `tp_bench_manager_${String(n).padStart(5, '0')}_tokentoken`;

/**
 * Managers with tokens, 2.5 customers per task, one call and one card rule, and per manager
 * tasks/managers open tasks: about 20 due each day from today on (the capacity a planner would
 * leave), a few overdue, plus a few done today for the counts. All in a handful of statements.
 */
async function generate(url, seed, { tasks, managers, today }) {
  const db = new Client({ connectionString: url });
  await db.connect();
  // A few per manager beyond `tasks` are closed afterwards, so exactly `tasks` stay open.
  const closedPerManager = 3;
  const total = tasks + managers * closedPerManager;
  const perManager = Math.ceil(total / managers);
  const customers = Math.max(managers, Math.round(tasks / 2));
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Europe/Moscow', 'UTC'];
  const now = new Date().toISOString();
  try {
    await db.query('BEGIN');
    const staff = Array.from({ length: managers }, (_, i) => ({
      name: `Bench Manager ${i + 1}`,
      email: `bench-manager-${i + 1}@bench.test`,
      role: 'manager',
      timeZone: zones[(i + 1) % zones.length],
      dailyCapacity: 20,
    }));
    const staffIds = await seed.insertStaff(db, staff, new Date(now));
    for (const [i, id] of staffIds.entries()) await seed.insertToken(db, id, 'bench', token(i + 1), new Date(now));
    await db.query(
      `INSERT INTO customers (external_id, first_name, last_name, email, phone, time_zone, locale, account_manager_id,
                              lifetime_value, order_count, last_order_at, address, created_at, updated_at)
       SELECT 'bench-' || n, 'First' || n, 'Last' || n, 'c' || n || '@example.com', '+1415555' || lpad((n % 10000)::text, 4, '0'),
              'UTC', 'en', m.id, round((random() * 5000)::numeric, 2), 1 + n % 12, $3::timestamptz - (n % 300) * interval '1 day',
              jsonb_build_object('line1', n || ' Main St', 'city', 'Springfield', 'country', 'US'), $3, $3
         FROM generate_series(1, $1) AS n
         JOIN (SELECT id, row_number() OVER (ORDER BY email) - 1 AS k FROM staff) m ON m.k = n % $2`,
      [customers, managers, now],
    );
    // Rows only: the tasks refer to them, the planner never runs them.
    const rule = (name, priority, kind, channel, templateKey) =>
      seed.insertRule(db, seed.withRuleDefaults({ name, priority, trigger: { kind }, action: { channel, templateKey } }), {
        now: new Date(now),
      });
    const { id: call } = await rule('bench call', 50, 'lapse', 'call', 'checkin-call');
    const { id: card } = await rule('bench card', 60, 'date', 'card', 'birthday-card');
    // Task k of a manager: k % 50 = 0 is two days overdue, the rest fill 20 a day from today on.
    const points = {
      script: 'Check-in call. Talking points: 1. Say hello. 2. Ask about the last order. 3. Anything we could do better?',
      lifetimeValue: '1234.0000',
      currency: 'USD',
      orderCount: 7,
      daysSinceLastOrder: 41,
      lastOrders: [1, 2, 3].map((i) => ({ externalId: `order-${i}`, placedAt: now, total: '120.0000', currency: 'USD', status: 'placed' })),
      upcomingBirthday: null,
      history: [{ at: now, kind: 'call', outcome: 'reached', note: 'Happy with the last order.', by: 'Bench Manager' }],
      phone: '+14155550100',
      mailingAddress: null,
      scriptAddress: null,
    };
    await db.query(
      `WITH m AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS k, ($7::timestamptz AT TIME ZONE time_zone)::date AS today
                   FROM staff WHERE role = 'manager'),
       src AS (
         SELECT m.id AS staff_id, g.k, c.id AS customer_id,
                CASE WHEN g.k % 2 = 0 THEN 'call' ELSE 'card' END AS kind,
                CASE WHEN g.k % 50 = 0 THEN m.today - 2 ELSE m.today + (g.k / 20) END AS due
           FROM m CROSS JOIN generate_series(0, $2 - 1) AS g(k)
           JOIN customers c ON c.external_id = 'bench-' || (1 + (m.k + g.k * $3) % $4)
          WHERE m.k * $2 + g.k < $1),
       t AS (
         INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at,
                              local_date, due_date, state, created_at, updated_at)
         SELECT customer_id, CASE WHEN kind = 'call' THEN $5::uuid ELSE $6::uuid END, 1, 'bench:' || staff_id || ':' || k, kind,
                CASE WHEN kind = 'call' THEN 'checkin-call' ELSE 'birthday-card' END, 50, due::timestamp, due, due, 'queued', $7, $7
           FROM src
         RETURNING id, customer_id, occurrence, channel, due_date)
       INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, talking_points,
                          created_at, updated_at)
       SELECT t.customer_id, t.id, split_part(t.occurrence, ':', 2)::uuid, t.channel, t.due_date, t.due_date,
              40 + (t.id % 60)::int, $8::jsonb, $7, $7
         FROM t`,
      [total, perManager, managers, customers, call, card, now, JSON.stringify(points)],
    );
    // A few done today per manager, for the counts.
    await db.query(
      `UPDATE tasks SET state = 'done', outcome = 'reached', completed_at = $1, completed_by = assignee_staff_id
        WHERE id IN (SELECT id FROM tasks WHERE due_date > $2::date + 20 ORDER BY id LIMIT $3)`,
      [now, today, managers * closedPerManager],
    );
    await db.query('COMMIT');
    // VACUUM too: otherwise autovacuum takes the fresh rows in while the app, measured first, runs,
    // and the first reads set the rows' hint bits; the floor, measured later, would pay neither.
    await db.query('VACUUM (ANALYZE)');
    const [{ open }] = (await db.query(`SELECT count(*)::int AS open FROM tasks WHERE state = 'open'`)).rows;
    return { open, tokens: Array.from({ length: managers }, (_, i) => token(i + 1)) };
  } finally {
    await db.end();
  }
}

/** Starts a server process and resolves once it prints `ready`. */
async function startServer(args, env, ready) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolvePromise();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return child;
}

function startApp(dist, url, port) {
  // e.g. BENCH_NODE_ARGS=--cpu-prof to profile the app.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_ROLE: 'api',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SIGNING_SECRET: 'bench-signing-secret-not-for-use-anywhere-else',
    COMPANY_POSTAL_ADDRESS: '1 Bench Street, Testville',
  };
  return startServer([...nodeArgs, join(dist, 'main.js')], env, 'Touchpoint is running');
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Checks one answer, warms up, then drives `GET /tasks/today` with each request signed by the next
 * manager's token. Returns autocannon's result and the server's and database's CPU per request.
 */
async function drive(name, base, pid, tokens, { connections, seconds }) {
  const probe = await fetch(`${base}/tasks/today`, { headers: { Authorization: `Bearer ${tokens[0]}` } });
  const sample = await probe.json();
  if (probe.status !== 200) throw new Error(`${name}: GET /tasks/today answered ${probe.status}: ${JSON.stringify(sample)}`);
  log(`${name}: a list holds ${sample.tasks.length} tasks (${sample.counts.overdue} overdue), ${JSON.stringify(sample).length} bytes`);

  // Warm up the pools and the JIT before measuring.
  await autocannon({ url: `${base}/tasks/today`, connections, duration: 3, headers: { authorization: `Bearer ${tokens[0]}` } });
  let next = 0;
  const cpuBefore = cpuSeconds([pid], BENCH_DB);
  const started = performance.now();
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: '/tasks/today',
        setupRequest: (request) => {
          next = (next + 1) % tokens.length;
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${tokens[next]}` } };
        },
      },
    ],
  });
  const cpuAfter = cpuSeconds([pid], BENCH_DB);
  // CPU per request from /proc: it moves far less with the machine's load than latency does.
  const perRequest = (key) => (((cpuAfter[key] - cpuBefore[key]) * 1000) / result.requests.total).toFixed(3);
  log(
    `${name}: ${result.requests.total} requests in ${Math.round(performance.now() - started)} ms; ` +
      `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, ` +
      `max ${result.latency.max} ms; server_cpu_ms_per_request ${perRequest('app')}, db_cpu_ms_per_request ${perRequest('db')}, ` +
      `cpu_steal_percent ${stealPercent(cpuBefore.machine, cpuAfter.machine)}`,
  );
  return result;
}

/** The open loop against one server, each request signed by the next manager's token. */
async function driveOpenLoop(name, base, tokens, { rate, seconds }) {
  const before = machineTicks();
  const result = await openLoop({
    base,
    path: '/tasks/today',
    rate,
    seconds,
    headersFor: (i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` }),
  });
  log(
    `${name}: open loop at ${rate}/s for ${seconds} s: ${result.completed} of ${result.sent} answered (${result.errors} errors), ` +
      `${result.rate}/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, max ${result.max_ms} ms, ` +
      `cpu_steal_percent ${stealPercent(before, machineTicks())}`,
  );
  return result;
}

/**
 * `options.prepare(url, now)`, when given, runs after the tasks are generated and before the app
 * starts (bench/history.js adds a year of ledger history there). Resolves to the summary.
 */
async function run(args, options = {}) {
  const tasks = Number(argValue(args, '--tasks', 100_000));
  const managers = Number(argValue(args, '--managers', 200));
  const load = { seconds: Number(argValue(args, '--seconds', 20)), connections: Number(argValue(args, '--connections', 50)) };
  const dist = resolve(argValue(args, '--dist', join(__dirname, '..', 'dist')));
  const floor = args.includes('--floor');
  const openLoad = { rate: Number(argValue(args, '--rate', 300)), seconds: Number(argValue(args, '--open-seconds', 60)) };
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

  const url = await freshDatabase(serverUrl, BENCH_DB);
  log(`database ${BENCH_DB} created; migrating`);
  const { runMigrations } = require(join(dist, 'database', 'options.js'));
  await runMigrations(url);
  const today = new Date().toISOString().slice(0, 10);
  const started = performance.now();
  const { open, tokens } = await generate(url, require(join(dist, 'demo', 'seed-data.js')), { tasks, managers, today });
  log(`${open} open tasks for ${managers} managers generated in ${Math.round(performance.now() - started)} ms`);
  if (options.prepare) await options.prepare(url, new Date().toISOString());
  await checkpoint(url, log);

  const port = await freePort();
  const app = await startApp(dist, url, port);
  let result;
  let openResult;
  try {
    result = await drive('app', `http://127.0.0.1:${port}`, app.pid, tokens, load);
    openResult = await driveOpenLoop('app', `http://127.0.0.1:${port}`, tokens, openLoad);
  } finally {
    await stopServer(app);
  }
  const summary = {
    bench: 'tasks',
    open_tasks: open,
    managers,
    requests_per_second: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    open_loop_p99_ms: openResult.p99_ms,
    open_loop_rate: openResult.rate,
    open_loop_errors: openResult.errors + (openResult.sent - openResult.completed - openResult.errors),
  };
  if (floor) {
    // The same statements and list assembly without the framework: what the machine allows.
    const floorPort = await freePort();
    const floorServer = await startServer(
      [join(__dirname, 'tasks', 'floor-server.js'), dist, url, String(floorPort)],
      { PATH: process.env.PATH, HOME: process.env.HOME },
      'listening',
    );
    try {
      const floorResult = await drive('floor', `http://127.0.0.1:${floorPort}`, floorServer.pid, tokens, load);
      const floorOpen = await driveOpenLoop('floor', `http://127.0.0.1:${floorPort}`, tokens, openLoad);
      Object.assign(summary, {
        floor_requests_per_second: Math.round(floorResult.requests.average),
        floor_p50_ms: floorResult.latency.p50,
        floor_p99_ms: floorResult.latency.p99,
        floor_open_loop_p99_ms: floorOpen.p99_ms,
        // Requests a second the app answers for each one the floor answers, under the same load.
        ratio_to_floor: Math.round((result.requests.average / floorResult.requests.average) * 100) / 100,
      });
    } finally {
      await stopServer(floorServer);
    }
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary;
}

module.exports = { run };
