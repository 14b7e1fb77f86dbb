'use strict';
/**
 * One plan run in a process of its own, so its peak RSS is the planner's alone:
 *   node bench/planner/child.js <database url> <now ISO> <horizon hours> <dist dir>
 * Prints one JSON line: seconds, planned, skipped, peak_rss_mb.
 */
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

async function main() {
  const [url, now, horizonHours, distDir] = process.argv.slice(2);
  const dist = resolve(distDir);
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(join(dist, 'database/options'));
  const { FixedClock } = require(join(dist, 'common/clock'));
  const { PlannerService } = require(join(dist, 'planner/planner.service'));
  const { PlannerSettings } = require(join(dist, 'config/settings'));

  const db = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await db.initialize();
  const settings = new PlannerSettings(
    0,
    Number(horizonHours),
    { phone: { start: '08:00', end: '21:00' }, email: { start: '07:00', end: '22:00' } },
    { max: 3, days: 7 },
    false,
  );
  const planner = new PlannerService(db, new FixedClock(new Date(now)), settings);
  const started = performance.now();
  const run = await planner.planOnce('manual');
  const seconds = (performance.now() - started) / 1000;
  await db.destroy();
  if (!run) throw new Error('the planner lock was taken');
  // VmHWM: the high-water mark of resident memory over the whole process life.
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peak = hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ seconds, planned: run.planned, skipped: run.skipped, counts: run.counts, peak_rss_mb: Math.round(peak) })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
