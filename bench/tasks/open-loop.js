'use strict';
/**
 * An open-loop load: requests leave on a fixed schedule (`rate` a second) whether or not earlier
 * ones have answered, and each latency runs from the moment the schedule said the request should
 * leave. A closed loop (autocannon's connections) waits for answers before sending more, so a slow
 * server is asked less and its queueing never shows; here it does.
 */
const http = require('node:http');

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Resolves with { sent, completed, errors, rate, p50_ms, p99_ms, max_ms } once every scheduled request has ended. */
function openLoop({ base, path, rate, seconds, headersFor }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const url = new URL(path, base);
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  let sent = 0;
  let ended = 0;
  const start = performance.now();
  return new Promise((resolvePromise) => {
    const finish = () => {
      const elapsed = (performance.now() - start) / 1000;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      resolvePromise({
        sent,
        completed: latencies.length,
        errors,
        rate: Math.round((latencies.length / elapsed) * 10) / 10,
        p50_ms: round(percentile(latencies, 50)),
        p99_ms: round(percentile(latencies, 99)),
        max_ms: round(latencies[latencies.length - 1] ?? null),
      });
    };
    const fire = (i) => {
      const due = start + (i * 1000) / rate;
      const request = http.request(url, { agent, headers: headersFor(i) }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === 200) latencies.push(performance.now() - due);
          else errors += 1;
          if (++ended === total) finish();
        });
      });
      request.on('error', () => {
        errors += 1;
        if (++ended === total) finish();
      });
      request.end();
    };
    const timer = setInterval(() => {
      // Every request whose moment has come, even if the timer ran late.
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) fire(sent++);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
}

function round(value) {
  return value === null ? null : Math.round(value * 10) / 10;
}

module.exports = { openLoop, percentile };
