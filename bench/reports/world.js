'use strict';
/**
 * The synthetic world the reports benchmark reads: customers, two years of orders, four rules and
 * a year of touches with what became of them (states and reasons, provider events, tasks). All of
 * it is written by set-based SQL on the server; every "random" choice is a hash of a row number and
 * a salt, so the same world comes out on every run and every machine.
 */

/** The world ends here; the benchmark's clock stands at this instant. */
const END = '2026-11-01T00:00:00Z';
const MANAGERS = 200;

// bench_u(n, salt): a uniform number in [0, 1) from a 64-bit hash; immutable, so it inlines.
const HELPERS = `
  CREATE FUNCTION bench_u(n bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(n, salt) & 9007199254740991)::float8 / 9007199254740992.0 $$;
  CREATE FUNCTION bench_manager(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5('bench-manager-' || n)::uuid $$`;

const RULES = [
  {
    key: 'birthday',
    name: 'Birthday email',
    priority: 50,
    channel: 'email',
    template: 'birthday-email',
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
  },
  {
    key: 'thanks',
    name: 'Thank-you SMS after an order',
    priority: 60,
    channel: 'sms',
    template: 'thank-you-sms',
    trigger: { kind: 'order', minTotal: '0', currency: 'USD', delayHours: 24 },
  },
  {
    key: 'checkin',
    name: 'Check-in call to a quiet top customer',
    priority: 70,
    channel: 'call',
    template: 'checkin-call',
    trigger: { kind: 'lapse', audience: { topPercent: 20 }, lapseDays: 60, repeatEveryDays: 30, maxRepeats: 12 },
  },
  {
    key: 'card',
    name: 'Birthday card for top customers',
    priority: 80,
    channel: 'card',
    template: 'birthday-card',
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
  },
];
// Rules are written through the app's own insertion path (the seed module), which picks their ids.
const ruleId = (key) => `(SELECT id FROM rules WHERE name = '${RULES.find((r) => r.key === key).name}')`;

/**
 * State and reason of a touch from one uniform number: ~10% holdout, some skipped for consent,
 * cap, quiet hours or a missing address, a few failed or cancelled, the rest sent or delivered
 * (messages) or done (tasks; recent ones still open).
 */
function outcome(channel, u, recent) {
  const message = channel === 'email' || channel === 'sms';
  const arms = [
    [0.1, 'skipped', 'holdout'],
    [0.13, 'skipped', 'opted_out'],
    [0.15, 'skipped', 'capped'],
    [0.165, 'skipped', 'no_address'],
    [0.175, 'skipped', channel === 'email' ? 'suppressed' : 'quiet'],
    ...(message
      ? [
          [0.185, 'failed', channel === 'email' ? 'provider:400' : 'provider:21614'],
          [0.19, 'failed', 'retries_exhausted'],
          [0.195, 'cancelled', 'ordered'],
          [0.3, 'sent', null],
        ]
      : [
          [0.2, 'skipped', 'skipped_by_staff'],
          [0.205, 'cancelled', 'ordered'],
        ]),
  ];
  const done = message ? `'delivered'` : `CASE WHEN ${recent} THEN 'queued' ELSE 'done' END`;
  const state = `CASE ${arms.map(([p, s]) => `WHEN ${u} < ${p} THEN '${s}'`).join(' ')} ELSE ${done} END`;
  const reason = `CASE ${arms.map(([p, , r]) => `WHEN ${u} < ${p} THEN ${r ? `'${r}'` : 'NULL'}`).join(' ')} END`;
  return { state, reason };
}

/** One rule's touches as a SELECT, from a source of (customer_id, occurrence, order_id, scheduled_at, local_date, n). */
function touchesSql(rule, source) {
  const { state, reason } = outcome(rule.channel, 'bench_u(n, 41)', `s.scheduled_at > '${END}'::timestamptz - interval '10 days'`);
  return `
    SELECT s.customer_id, ${ruleId(rule.key)} AS rule_id, 1 AS rule_version, s.occurrence, '${rule.channel}' AS channel,
           '${rule.template}' AS template_key, s.order_id, ${rule.priority} AS priority,
           s.scheduled_at, s.local_date, CASE WHEN '${rule.channel}' IN ('call', 'card') THEN s.local_date END AS due_date,
           st.state, st.reason,
           CASE WHEN st.state IN ('sent', 'delivered', 'failed') THEN 1 ELSE 0 END AS attempts,
           CASE WHEN st.state IN ('sent', 'delivered') AND '${rule.channel}' IN ('email', 'sms')
                THEN '${rule.channel === 'sms' ? 'SM' : 'sg-'}' || md5(s.customer_id || ':' || s.occurrence || ':${rule.key}') END
             AS provider_message_id,
           s.scheduled_at - interval '1 day' AS created_at, s.scheduled_at + interval '5 minutes' AS updated_at
      FROM (${source}) s
      CROSS JOIN LATERAL (SELECT ${state} AS state, ${reason} AS reason) st
     WHERE s.scheduled_at > '${END}'::timestamptz - interval '365 days' AND s.scheduled_at <= '${END}'::timestamptz`;
}

/**
 * The statements that fill an empty, migrated database; each is one set-based query, but for the
 * four rules, written by `seed` (dist/demo/seed-data.js).
 */
function worldSteps({ customers, ordersPerCustomer }, seed) {
  const orders = customers * ordersPerCustomer;
  const birthdayInWindow = `
    (SELECT make_date(CASE WHEN make_date(2026, c.birth_month, c.birth_day) < '${END}'::date THEN 2026 ELSE 2025 END,
                      c.birth_month, c.birth_day) AS day) b`;
  return [
    [
      'staff',
      `
      INSERT INTO staff (id, name, email, role, time_zone, created_at, updated_at)
      SELECT md5('bench-admin')::uuid, 'Bench Admin', 'admin@bench.touchpoint.test', 'admin', 'UTC', '${END}'::timestamptz, '${END}'::timestamptz
      UNION ALL
      SELECT bench_manager(g), 'Manager ' || g, 'manager' || g || '@bench.touchpoint.test', 'manager',
             (ARRAY['America/New_York', 'Europe/Berlin', 'Asia/Ho_Chi_Minh', 'Asia/Bangkok'])[1 + g % 4], '${END}', '${END}'
        FROM generate_series(1, ${MANAGERS}) g`,
    ],
    [
      'rules',
      async (client) => {
        const created = new Date(Date.parse(END) - 400 * 86_400_000);
        for (const r of RULES) {
          const rule = seed.withRuleDefaults({
            name: r.name,
            enabled: true,
            priority: r.priority,
            trigger: r.trigger,
            action: { channel: r.channel, templateKey: r.template, sendAt: '09:00' },
            limits: { holdoutPercent: 10 },
          });
          await seed.insertRule(client, rule, { now: created });
        }
        return { rowCount: RULES.length };
      },
    ],
    [
      'customers',
      `
      INSERT INTO customers (id, external_id, first_name, last_name, email, phone, birth_year, birth_month, birth_day,
                             customer_since, time_zone, locale, account_manager_id, tier, consent, created_at, updated_at)
      OVERRIDING SYSTEM VALUE
      SELECT g, 'C' || lpad(g::text, 8, '0'),
             (ARRAY['Olivia', 'Liam', 'Anh', 'Minh', 'Lena', 'Jonas', 'Suda', 'Niran'])[1 + (g % 8)],
             (ARRAY['Smith', 'Nguyen', 'Müller', 'Charoen', 'Garcia', 'Tran'])[1 + (g / 8) % 6],
             CASE WHEN bench_u(g, 1) < 0.93 THEN 'customer' || g || '@example.com' END,
             CASE WHEN bench_u(g, 2) < 0.8 THEN '+1555' || lpad((g % 10000000)::text, 7, '0') END,
             1950 + (bench_u(g, 3) * 55)::int,
             CASE WHEN bench_u(g, 4) < 0.9 THEN 1 + (bench_u(g, 5) * 12)::int % 12 END,
             CASE WHEN bench_u(g, 4) < 0.9 THEN 1 + (bench_u(g, 6) * 28)::int % 28 END,
             '${END}'::date - (30 + bench_u(g, 7) * 3000)::int,
             (ARRAY['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Australia/Sydney'])[1 + (g % 6)],
             (ARRAY['en', 'en', 'de', 'vi', 'th', 'en'])[1 + (g % 6)],
             CASE WHEN bench_u(g, 8) < 0.6 THEN bench_manager(1 + g % ${MANAGERS}) END,
             CASE WHEN bench_u(g, 9) < 0.05 THEN 'gold' WHEN bench_u(g, 9) < 0.2 THEN 'silver' END,
             '{"email": {"status": "granted"}, "sms": {"status": "granted"}}',
             '${END}'::timestamptz - interval '1000 days', '${END}'::timestamptz - interval '1000 days'
        FROM generate_series(1, ${customers}) g`,
    ],
    [
      'orders',
      `
      INSERT INTO orders (customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
      SELECT c, 'O' || lpad(g::text, 9, '0'), p, round((12 + 400 * bench_u(g, 13) ^ 3)::numeric, 2),
             CASE WHEN bench_u(g, 14) < 0.05 THEN 'EUR' ELSE 'USD' END,
             CASE WHEN bench_u(g, 15) < 0.05 THEN 'cancelled' WHEN bench_u(g, 15) < 0.08 THEN 'refunded' ELSE 'placed' END,
             p, p
        FROM generate_series(1, ${orders}) g
        -- Skewed: low customer ids buy more often, and recent months are busier.
        CROSS JOIN LATERAL (SELECT 1 + floor(${customers} * bench_u(g, 11) ^ 1.4)::bigint AS c,
                                   '${END}'::timestamptz - interval '730 days' * bench_u(g, 12) ^ 1.5 AS p) x
       -- Orders arrive in time; ids and the heap follow placed_at as they would in production.
       ORDER BY p, g`,
    ],
    [
      'customer totals',
      `
      UPDATE customers c SET lifetime_value = s.value, order_count = s.n, last_order_at = s.last
        FROM (SELECT customer_id, sum(total) AS value, count(*)::int AS n, max(placed_at) AS last
                FROM orders WHERE status = 'placed' GROUP BY customer_id) s
       WHERE c.id = s.customer_id`,
    ],
    // The planner writes touches a few days ahead of time, so the ledger's heap follows scheduled_at.
    [
      'touches',
      `
      INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, order_id, priority,
                           scheduled_at, local_date, due_date, state, reason, attempts, provider_message_id, created_at, updated_at)
      SELECT * FROM (
      ${touchesSql(
        RULES[0],
        `
      SELECT c.id AS customer_id, extract(year FROM b.day)::text AS occurrence, NULL::bigint AS order_id,
             (b.day + time '09:00') AT TIME ZONE c.time_zone AS scheduled_at, b.day AS local_date, c.id AS n
        FROM customers c CROSS JOIN LATERAL ${birthdayInWindow}
       WHERE c.birth_month IS NOT NULL`,
      )}
      UNION ALL ${touchesSql(
        RULES[1],
        `
      SELECT o.customer_id, o.id::text AS occurrence, o.id AS order_id, o.placed_at + interval '24 hours' AS scheduled_at,
             (o.placed_at + interval '24 hours')::date AS local_date, o.id * 7 AS n
        FROM orders o WHERE o.status = 'placed'`,
      )}
      UNION ALL ${touchesSql(
        RULES[2],
        `
      SELECT c.id AS customer_id, 'lapse:' || k AS occurrence, NULL::bigint AS order_id, w.at AS scheduled_at,
             w.at::date AS local_date, c.id * 16 + k AS n
        FROM customers c
        CROSS JOIN LATERAL generate_series(0, (bench_u(c.id, 21) * 10)::int) k
        CROSS JOIN LATERAL (SELECT '${END}'::timestamptz - interval '365 days'
                                   + interval '1 day' * (bench_u(c.id, 22) * 60) + interval '30 days' * k AS at) w
       WHERE bench_u(c.id, 20) < 0.2`,
      )}
      UNION ALL ${touchesSql(
        RULES[3],
        `
      SELECT c.id AS customer_id, extract(year FROM b.day)::text AS occurrence, NULL::bigint AS order_id,
             (b.day - 5 + time '09:00') AT TIME ZONE c.time_zone AS scheduled_at, b.day - 5 AS local_date, c.id * 3 AS n
        FROM customers c CROSS JOIN LATERAL ${birthdayInWindow}
       WHERE c.birth_month IS NOT NULL AND c.tier = 'gold'`,
      )}
      ) t
      ORDER BY scheduled_at, rule_id, customer_id, occurrence`,
    ],
    // Provider events for a share of the messages that went out; some opened twice.
    [
      'touch events',
      `
      INSERT INTO touch_events (customer_id, touch_id, kind, at, detail)
      SELECT t.customer_id, t.id, e.kind, t.scheduled_at + interval '1 minute' * e.after, '{}'
        FROM touches t
        CROSS JOIN LATERAL (VALUES
          ('opened', 90, t.channel = 'email' AND t.state = 'delivered' AND bench_u(t.id, 31) < 0.45),
          ('opened', 900, t.channel = 'email' AND t.state = 'delivered' AND bench_u(t.id, 31) < 0.1),
          ('clicked', 95, t.state = 'delivered' AND bench_u(t.id, 32) < CASE t.channel WHEN 'email' THEN 0.12 ELSE 0.05 END),
          ('bounced', 2, t.channel = 'email' AND t.state = 'sent' AND bench_u(t.id, 33) < 0.25),
          ('reply', 240, t.state IN ('sent', 'delivered') AND bench_u(t.id, 34) < CASE t.channel WHEN 'sms' THEN 0.03 ELSE 0.01 END)
        ) e(kind, after, happened)
       WHERE t.channel IN ('email', 'sms') AND t.state IN ('sent', 'delivered') AND e.happened
       ORDER BY t.scheduled_at + interval '1 minute' * e.after, t.id, e.kind`,
    ],
    // Calls and cards became tasks for the customer's account manager (the pool when none).
    [
      'tasks',
      `
      INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, state, outcome,
                         skip_reason, created_at, updated_at, completed_at, completed_by)
      SELECT t.customer_id, t.id, c.account_manager_id, t.channel, t.local_date, t.local_date, t.priority, k.state,
             CASE WHEN k.state = 'done' THEN
               CASE WHEN t.channel = 'card' THEN 'card_sent'
                    WHEN bench_u(t.id, 51) < 0.5 THEN 'reached' WHEN bench_u(t.id, 51) < 0.75 THEN 'left_voicemail'
                    WHEN bench_u(t.id, 51) < 0.95 THEN 'no_answer' WHEN bench_u(t.id, 51) < 0.98 THEN 'wrong_number'
                    ELSE 'asked_not_to_call' END END,
             CASE WHEN k.state = 'skipped' THEN 'Not reachable this month' END,
             t.scheduled_at, t.updated_at,
             CASE WHEN k.state <> 'open' THEN t.scheduled_at + interval '1 hour' * (bench_u(t.id, 52) * 96) END,
             CASE WHEN k.state <> 'open' THEN COALESCE(c.account_manager_id, bench_manager(1 + t.id % ${MANAGERS})) END
        FROM touches t JOIN customers c ON c.id = t.customer_id
        CROSS JOIN LATERAL (SELECT CASE t.state WHEN 'done' THEN 'done' WHEN 'queued' THEN 'open' ELSE 'skipped' END AS state) k
       WHERE t.channel IN ('call', 'card') AND (t.state IN ('done', 'queued') OR t.reason = 'skipped_by_staff')
       ORDER BY t.id`,
    ],
  ];
}

module.exports = { END, MANAGERS, HELPERS, RULES, worldSteps };
