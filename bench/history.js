'use strict';
/**
 * A year of history: how much the other benchmarks' figures move once the ledger holds a year of
 * touches. Runs the planner, tasks, dispatch and reports benchmarks twice each in the same run,
 * as they are and with a year of history added to their database before they measure
 * (bench/history/ledger.js: up to N customers with five orders each, twelve touches per customer
 * with their events, tasks for calls and cards), and compares each figure with and without.
 *
 *   npm run bench -- history [--customers N] [--seconds S] [--open-seconds S] [--dispatch-touches T] [--dist DIR]
 *
 * `--customers` (1,000,000) sizes the planner's shop, the reports world and the history (12·N
 * touches); the daily list runs closed and open loops of `--seconds` and `--open-seconds` (10 each)
 * against the app and its floor; dispatch sends `--dispatch-touches` (5,000). Each benchmark uses
 * its own database, as when run alone. The last line printed is one JSON object.
 */
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { argValue } = require('./common');
const { addHistory } = require('./history/ledger');

const log = (line) => process.stderr.write(`[bench history] ${line}\n`);

/**
 * The figures compared, each as [name, benchmark, read from its result, higher is better]. A
 * slowdown is with ÷ without for times and ratios to a floor measured as time, without ÷ with for
 * throughputs, so that above 1 always means slower with history.
 */
const FIGURES = [
  ['planner_ratio', 'planner', (r) => r.ratio, false],
  ['tasks_requests_per_second', 'tasks', (r) => r.requests_per_second, true],
  ['tasks_ratio_to_floor', 'tasks', (r) => r.ratio_to_floor, true],
  ['dispatch_per_second', 'dispatch', (r) => r.per_second, true],
  ['rule_report_ms', 'reports', (r) => r.rule_report_ms, false],
  ['uplift_report_ms', 'reports', (r) => r.uplift_report_ms, false],
];

async function run(args) {
  const customers = Number(argValue(args, '--customers', '1000000'));
  const dist = resolve(argValue(args, '--dist', join(__dirname, '..', 'dist')));
  const seed = require(join(dist, 'demo', 'seed-data.js'));
  const passDist = args.includes('--dist') ? ['--dist', dist] : [];
  const benches = {
    planner: ['--customers', String(customers), ...passDist],
    tasks: [
      '--floor',
      '--seconds',
      argValue(args, '--seconds', '10'),
      '--open-seconds',
      argValue(args, '--open-seconds', '10'),
      ...passDist,
    ],
    dispatch: ['--touches', argValue(args, '--dispatch-touches', '5000'), ...passDist],
    // The reports benchmark always loads dist/.
    reports: ['--customers', String(customers)],
  };

  let touches = 0;
  // The reports world is already a year of touches ending at its clock; the history goes in the
  // year before it, so the report's 90-day period holds the same touches with and without and
  // only the ledger's age differs. (History inside the same year would triple the period's
  // touches: a busier shop, not an older ledger.) The other benchmarks read recent touches (caps,
  // cooldowns, the list's closed counts), so theirs is the year up to their clock.
  const prepareFor = (name) => async (url, now) => {
    const end = name === 'reports' ? new Date(new Date(now).getTime() - 365 * 86_400_000).toISOString() : now;
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      touches = await addHistory(client, { customers, now: end, seed, log });
    } finally {
      await client.end();
    }
  };

  const results = {};
  for (const [name, benchArgs] of Object.entries(benches)) {
    const bench = require(`./${name}.js`);
    log(`${name}: without history`);
    const without = await bench.run(benchArgs);
    log(`${name}: with a year of history`);
    const withHistory = await bench.run(benchArgs, { prepare: prepareFor(name) });
    results[name] = { without, with: withHistory };
  }

  const figures = {};
  let worst = 0;
  for (const [figure, name, read, higherIsBetter] of FIGURES) {
    const without = read(results[name].without);
    const withHistory = read(results[name].with);
    if (typeof without !== 'number' || typeof withHistory !== 'number') continue;
    const slowdown = higherIsBetter ? without / withHistory : withHistory / without;
    worst = Math.max(worst, slowdown);
    log(`${figure}: without ${without}, with ${withHistory}, slowdown ${slowdown.toFixed(2)}`);
    figures[figure] = { without, with: withHistory, slowdown: round2(slowdown) };
  }
  const summary = { bench: 'history', touches, worst_slowdown: round2(worst), customers, ...figures };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary;
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

module.exports = { run };
