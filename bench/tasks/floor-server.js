'use strict';
/**
 * The floor of `GET /tasks/today` on this machine: node:http and a pg pool alone, running the app's
 * own two statements (token lookup, daily list; prepared, as the app runs them) and its own list
 * assembly (`toTodayList`), with no framework, guard, pipe or middleware. What the app spends
 * above this is what NestJS, its HTTP adapter (Fastify) and the app's request pipeline cost.
 *
 *   node bench/tasks/floor-server.js <dist> <database url> <port>
 */
const http = require('node:http');
const { join } = require('node:path');
const { Pool } = require('pg');

const [dist, url, port] = process.argv.slice(2);
const { AUTHENTICATE_SQL, hashToken, looksLikeToken } = require(join(dist, 'staff', 'tokens.js'));
const { TODAY_SQL, todayParams, toTodayList } = require(join(dist, 'tasks', 'today.js'));

// The app's pool: its size and how long it keeps idle connections (serviceDataSourceOptions).
const { poolSize, extra } = require(join(dist, 'database', 'options.js')).serviceDataSourceOptions(url);
const pool = new Pool({
  connectionString: url,
  max: poolSize,
  idleTimeoutMillis: extra.idleTimeoutMillis,
  allowExitOnIdle: extra.allowExitOnIdle,
});

async function answer(request) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match || !looksLikeToken(match[1])) return [401, { statusCode: 401, message: 'Missing or malformed bearer token' }];
  const auth = await pool.query({ name: 'tokens-authenticate', text: AUTHENTICATE_SQL, values: [hashToken(match[1])] });
  if (auth.rows.length === 0) return [401, { statusCode: 401, message: 'Unknown or revoked token' }];
  const staffId = auth.rows[0].staff_id;
  const list = await pool.query({ name: 'tasks-today', text: TODAY_SQL, values: todayParams(staffId, new Date(), {}) });
  return [200, toTodayList(staffId, list.rows)];
}

http
  .createServer((request, response) => {
    answer(request).then(
      ([status, body]) => {
        const text = JSON.stringify(body);
        response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        response.end(text);
      },
      (error) => {
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(String(error));
      },
    );
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write(`floor server listening on ${port}\n`));
