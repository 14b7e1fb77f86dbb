'use strict';
// Pieces every benchmark script shares.
const { readdirSync, readFileSync } = require('node:fs');
const { Client } = require('pg');

/** The value after `--name` on the command line, or the fallback. */
function argValue(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
}

/** Drops and creates the benchmark's own database on the server; returns its URL. */
async function freshDatabase(serverUrl, name) {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Writes out what loading the data left dirty, right before a measurement. A bulk load leaves
 * hundreds of MB of WAL behind it; the checkpoint it triggers is spread over the next minutes and
 * would write and fsync while the figure is taken (seen: the daily list's open-loop p99 at 240 ms
 * for the app and 236 ms for its floor, right after a year of history went in). Needs a superuser or
 * pg_checkpoint; without either the bench says so and goes on.
 */
async function checkpoint(url, log) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch (error) {
    log(`no CHECKPOINT before measuring (${error.message}); a load's writes may still be going on`);
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds (user + system) used so far by the given processes and by the PostgreSQL backends
 * serving `database` other than `exceptBackends` (pids), read from /proc. Time on the clock depends
 * on what else the machine runs; CPU per unit of work much less, so benchmarks print both. Zero
 * where /proc is missing.
 */
function cpuSeconds(pids, database, exceptBackends = []) {
  const ticksPerSecond = 100;
  const ticks = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let app = 0;
  for (const pid of pids) app += ticks(pid);
  let db = 0;
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    entries = [];
  }
  for (const pid of entries) {
    if (exceptBackends.includes(Number(pid))) continue;
    try {
      // A backend's title names its database: "postgres: [cluster: ]user database host(port) state".
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) db += ticks(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  return { app: app / ticksPerSecond, db: db / ticksPerSecond, machine: machineTicks() };
}

/**
 * The machine's CPU ticks so far, all and stolen: on a virtual machine, time its cores were
 * runnable but the host ran something else. A run with much stolen time measured the neighbours
 * (seen: 9-28 % stolen while the app was measured, a third fewer requests a second than the run
 * before with the same code), so benchmarks print the share with their figures.
 */
function machineTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}

/** Percentage of the machine's CPU time stolen between two machineTicks() readings. */
function stealPercent(before, after) {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.steal - before.steal) * 1000) / total) / 10 : 0;
}

/**
 * Runs `work` with the secondary indexes of `tables` dropped (those behind no constraint), then
 * rebuilds them from their own definitions: loading millions of rows into indexed tables takes
 * hours, building each index once takes minutes. Resolves to the number of indexes rebuilt.
 */
async function withoutSecondaryIndexes(client, tables, work) {
  const { rows: indexes } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  await work();
  for (const index of indexes) await client.query(index.definition);
  return indexes.length;
}

/**
 * A TCP port free right now, picked by the system. A random port from a fixed range can be one the
 * benchmark's own client connections hold (it overlaps the ephemeral range).
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = require('node:net').createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { argValue, checkpoint, cpuSeconds, machineTicks, stealPercent, freePort, freshDatabase, withoutSecondaryIndexes };
