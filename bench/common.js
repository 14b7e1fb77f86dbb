'use strict';
// Pieces every benchmark script shares.
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

module.exports = { argValue, freshDatabase };
