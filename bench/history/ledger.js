'use strict';
/**
 * A year of ledger history added to an existing bench database, all in set-based SQL on the
 * server: customers (up to `customers`, five orders each, when the database has fewer), and for
 * each customer twelve touches over the twelve months before `now`, one a month, under four rules
 * of their own (disabled, so no planner run plans them), in every final state, with their provider
 * events and, for calls and cards, their closed tasks. Every choice is a hash of a row number, so
 * the same history comes out each time.
 */
const { RULES } = require('../reports/world');
const { withoutSecondaryIndexes } = require('../common');

const TOUCHES_PER_CUSTOMER = 12;
const TABLES = ['customers', 'orders', 'touches', 'touch_events', 'tasks'];

// A uniform number in [0, 1) from a 64-bit hash of (n, salt).
const u = (n, salt) => `((hashint8extended(${n}, ${salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;

/** The history's four rules, one per channel, written through the app's own seed module. */
async function addRules(client, seed, now) {
  const ids = {};
  for (const r of RULES) {
    const rule = seed.withRuleDefaults({
      name: `History: ${r.name}`,
      enabled: false,
      priority: r.priority,
      trigger: r.trigger,
      action: { channel: r.channel, templateKey: r.template, sendAt: '09:00' },
    });
    ids[r.channel] = (await seed.insertRule(client, rule, { now })).id;
  }
  return ids;
}

async function addCustomers(client, customers, now) {
  const [{ existing }] = (await client.query(`SELECT count(*)::int AS existing FROM customers`)).rows;
  const missing = Math.max(0, customers - existing);
  if (missing === 0) return 0;
  await client.query(
    `WITH managers AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff WHERE role = 'manager')
     INSERT INTO customers (external_id, first_name, last_name, email, time_zone, locale, account_manager_id, consent, created_at, updated_at)
     SELECT 'history-' || g, 'History', 'No. ' || g, 'history' || g || '@example.com', 'UTC', 'en',
            m.ids[1 + g % greatest(1, coalesce(array_length(m.ids, 1), 1))],
            '{"email": {"status": "granted"}, "sms": {"status": "granted"}}', $2::timestamptz - interval '800 days', $2::timestamptz - interval '800 days'
       FROM generate_series(1, $1) g CROSS JOIN managers m`,
    [missing, now],
  );
  await client.query(
    `INSERT INTO orders (customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
     SELECT c.id, 'history-' || c.id || '-' || k, p, round((12 + 400 * ${u('c.id * 5 + k', 61)} ^ 3)::numeric, 2), 'USD', 'placed', p, p
       FROM customers c CROSS JOIN generate_series(1, 5) k
       CROSS JOIN LATERAL (SELECT $1::timestamptz - interval '730 days' * ${u('c.id * 5 + k', 62)} AS p) x
      WHERE c.external_id LIKE 'history-%'
      ORDER BY p`,
    [now],
  );
  return missing;
}

/** The touches, their events and their tasks, for the first `customers` customers by id. */
function historySteps(rules, customers, now) {
  return [
    [
      'touches',
      // Channel mix: half email, a third SMS, the rest calls and cards (staff time is scarce).
      `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at,
                            local_date, due_date, state, reason, attempts, provider_message_id, created_at, updated_at)
       SELECT customer_id, rule_id, 1, 'history:' || k, channel, channel || '-history', 50, at, at::date,
              CASE WHEN channel IN ('call', 'card') THEN at::date END, st.state, st.reason,
              CASE WHEN st.state IN ('sent', 'delivered', 'failed') THEN 1 ELSE 0 END,
              CASE WHEN st.state IN ('sent', 'delivered') AND channel IN ('email', 'sms') THEN 'history-' || n END,
              at - interval '1 day', at + interval '5 minutes'
         FROM (SELECT c.id AS customer_id, k, c.id * ${TOUCHES_PER_CUSTOMER} + k AS n,
                      $1::timestamptz - interval '365 days' + interval '30 days' * k
                        + interval '1 minute' * floor(${u(`c.id * ${TOUCHES_PER_CUSTOMER} + k`, 71)} * 43200) AS at,
                      ${u(`c.id * ${TOUCHES_PER_CUSTOMER} + k`, 72)} AS pick
                 FROM (SELECT id FROM customers ORDER BY id LIMIT $2) c CROSS JOIN generate_series(0, ${TOUCHES_PER_CUSTOMER - 1}) k) s
        CROSS JOIN LATERAL (SELECT CASE WHEN s.pick < 0.5 THEN 'email' WHEN s.pick < 0.85 THEN 'sms'
                                        WHEN s.pick < 0.95 THEN 'call' ELSE 'card' END AS channel) ch
        CROSS JOIN LATERAL (SELECT CASE ch.channel WHEN 'email' THEN $3::uuid WHEN 'sms' THEN $4::uuid
                                                   WHEN 'call' THEN $5::uuid ELSE $6::uuid END AS rule_id) r
        CROSS JOIN LATERAL (SELECT ${u('s.n', 73)} AS v) o
        CROSS JOIN LATERAL (SELECT
               CASE WHEN o.v < 0.05 THEN 'skipped' WHEN o.v < 0.08 THEN 'skipped'
                    WHEN ch.channel IN ('call', 'card') THEN 'done'
                    WHEN o.v < 0.1 THEN 'failed' WHEN o.v < 0.4 THEN 'sent' ELSE 'delivered' END AS state,
               CASE WHEN o.v < 0.05 THEN 'capped' WHEN o.v < 0.08 THEN 'opted_out'
                    WHEN ch.channel IN ('call', 'card') THEN NULL
                    WHEN o.v < 0.1 THEN 'provider:400' END AS reason) st
        WHERE s.at < $1::timestamptz
        ORDER BY s.at`,
      [now, customers, rules.email, rules.sms, rules.call, rules.card],
    ],
    [
      'touch events',
      `INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
       SELECT t.customer_id, t.id, e.kind, t.scheduled_at + interval '1 minute' * e.after, '{}'
         FROM touches t
         CROSS JOIN LATERAL (VALUES
           ('sent', 1, t.state IN ('sent', 'delivered')),
           ('delivered', 2, t.state = 'delivered'),
           ('opened', 90, t.channel = 'email' AND t.state = 'delivered' AND ${u('t.id', 74)} < 0.4),
           ('failed', 1, t.state = 'failed')
         ) e(kind, after, happened)
        WHERE t.occurrence LIKE 'history:%' AND t.channel IN ('email', 'sms') AND e.happened
        ORDER BY t.scheduled_at + interval '1 minute' * e.after, t.id`,
    ],
    [
      'tasks',
      `INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, state, outcome,
                          skip_reason, created_at, updated_at, completed_at, completed_by)
       SELECT t.customer_id, t.id, c.account_manager_id, t.channel, t.local_date, t.local_date, t.priority,
              CASE WHEN t.state = 'done' THEN 'done' ELSE 'skipped' END,
              CASE WHEN t.state <> 'done' THEN NULL WHEN t.channel = 'card' THEN 'card_sent' ELSE 'reached' END,
              CASE WHEN t.state <> 'done' THEN 'Not reachable this month' END,
              t.scheduled_at, t.updated_at, t.scheduled_at + interval '2 hours', c.account_manager_id
         FROM touches t JOIN customers c ON c.id = t.customer_id
        WHERE t.occurrence LIKE 'history:%' AND t.channel IN ('call', 'card')
        ORDER BY t.id`,
    ],
  ];
}

/**
 * Adds the history to the migrated database `client` is connected to. Secondary indexes of the
 * growing tables are dropped and rebuilt from their own definitions, and foreign-key triggers are
 * off for the load (the rows are consistent by construction), as the reports world does.
 * Resolves to the number of history touches.
 */
async function addHistory(client, { customers, now, seed, log }) {
  const at = new Date(now);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET jit = off`);
  const rules = await addRules(client, seed, at);
  let touches = 0;
  let loaded;
  const rebuilt = await withoutSecondaryIndexes(client, TABLES, async () => {
    await client.query(`SET session_replication_role = replica`);
    let started = performance.now();
    const added = await addCustomers(client, customers, at);
    log(`history: ${added} customers added with their orders, ${elapsed(started)} s`);
    for (const [name, sql, params] of historySteps(rules, customers, at)) {
      started = performance.now();
      const result = await client.query(sql, params);
      if (name === 'touches') touches = result.rowCount;
      log(`history: ${name}: ${result.rowCount} rows, ${elapsed(started)} s`);
    }
    await client.query(`RESET session_replication_role`);
    loaded = performance.now();
  });
  log(`history: ${rebuilt} indexes rebuilt, ${elapsed(loaded)} s`);
  const started = performance.now();
  await client.query(`VACUUM (ANALYZE) ${TABLES.join(', ')}, rules`);
  log(`history: vacuum analyze, ${elapsed(started)} s`);
  for (const setting of ['maintenance_work_mem', 'work_mem', 'jit']) await client.query(`RESET ${setting}`);
  return touches;
}

function elapsed(started) {
  return ((performance.now() - started) / 1000).toFixed(1);
}

module.exports = { addHistory, TOUCHES_PER_CUSTOMER };
