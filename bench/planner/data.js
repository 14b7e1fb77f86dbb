'use strict';
/**
 * Synthetic shop for the planner benchmark, generated inside PostgreSQL with generate_series, so
 * a million customers never pass through Node. Deterministic: every attribute is a hash of the
 * row number (hashint8extended, the stable hash behind hash partitioning), so two runs build the
 * same shop. Customers are added in ranges (first 100k, then the rest) with five orders each on
 * average, skewed so that some customers order far more than others.
 */

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Ho_Chi_Minh',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const MANAGERS = 50;
const ORDERS_PER_CUSTOMER = 5;
const HISTORY_DAYS = 3 * 365;

const h = (expr, seed) => `abs(hashint8extended(${expr}, ${seed}))`;

async function addStaff(client, now) {
  await client.query(
    `INSERT INTO staff (name, email, role, time_zone, created_at, updated_at)
     SELECT 'Manager ' || i, 'manager' || i || '@bench.test', 'manager', ($2::text[])[1 + i % array_length($2::text[], 1)], $1, $1
       FROM generate_series(1, ${MANAGERS}) AS i`,
    [now, ZONES],
  );
}

/** Customers with ids first..last: zones, birthdays (Feb 29 included), consent, addresses. */
async function addCustomers(client, first, last, now) {
  const granted = (seed, share) =>
    `jsonb_build_object('status', CASE WHEN ${h('i', seed)} % 100 < ${share} THEN 'granted' ELSE 'withdrawn' END, 'at', '2024-01-01T00:00:00Z', 'source', 'bench')`;
  await client.query(
    `WITH managers AS (SELECT array_agg(id ORDER BY email) AS ids FROM staff)
     INSERT INTO customers (id, external_id, first_name, last_name, email, phone, phone_invalid, birth_year, birth_month, birth_day,
                            customer_since, time_zone, locale, account_manager_id, tags, tier, consent, address, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT i, 'bench-' || i, 'First' || ${h('i', 1)} % 997, 'Last' || ${h('i', 2)} % 4999,
            CASE WHEN ${h('i', 3)} % 100 < 95 THEN 'customer' || i || '@example.com' END,
            CASE WHEN ${h('i', 4)} % 100 < 85 THEN '+1415' || lpad((i % 10000000)::text, 7, '0') END,
            ${h('i', 5)} % 500 = 0,
            CASE WHEN b.day IS NOT NULL THEN 1940 + ${h('i', 6)} % 65 END,
            extract(month FROM b.day), extract(day FROM b.day),
            ($1::timestamptz)::date - (${h('i', 7)} % 2500)::int,
            ($2::text[])[1 + ${h('i', 8)} % array_length($2::text[], 1)],
            'en', m.ids[1 + ${h('i', 9)} % array_length(m.ids, 1)],
            CASE WHEN ${h('i', 10)} % 10 = 0 THEN ARRAY['vip'] ELSE '{}' END, NULL,
            jsonb_build_object('email', ${granted(11, 92)}, 'sms', ${granted(12, 80)}, 'call', ${granted(13, 85)}),
            CASE WHEN ${h('i', 14)} % 100 < 60
                 THEN jsonb_build_object('line1', i || ' Main Street', 'city', 'Springfield', 'country', 'US') END,
            $1, $1
       FROM generate_series($3::bigint, $4::bigint) AS i
      CROSS JOIN managers m
      -- 2000 is a leap year: day 59 is Feb 29, so leap-day birthdays appear at their natural rate.
      CROSS JOIN LATERAL (SELECT CASE WHEN ${h('i', 15)} % 100 < 97 THEN DATE '2000-01-01' + (${h('i', 16)} % 366)::int END AS day) b`,
    [now, ZONES, first, last],
  );
}

/**
 * Orders for customers first..last, ORDERS_PER_CUSTOMER per customer on average over three years.
 * A customer is drawn as first + n·u², so low ids in a range order often (the top customers).
 */
async function addOrders(client, first, last, firstOrderId, now) {
  const n = last - first + 1;
  const count = n * ORDERS_PER_CUSTOMER;
  await client.query(
    `INSERT INTO orders (id, customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT j, $2::bigint + floor($3::bigint * power((${h('j', 21)} % 1000000) / 1000000.0, 2))::bigint,
            'bench-order-' || j,
            $1::timestamptz - make_interval(secs => (${h('j', 22)} % (${HISTORY_DAYS} * 86400))::double precision),
            CASE WHEN ${h('j', 23)} % 100 < 8 THEN 500 + (${h('j', 24)} % 200000) / 100.0 ELSE 15 + (${h('j', 24)} % 20000) / 100.0 END,
            CASE WHEN ${h('j', 25)} % 100 < 95 THEN 'USD' ELSE 'EUR' END,
            CASE WHEN ${h('j', 26)} % 100 < 4 THEN 'refunded' ELSE 'placed' END,
            $1, $1
       FROM generate_series($4::bigint, $5::bigint) AS j`,
    [now, first, n, firstOrderId, firstOrderId + count - 1],
  );
  return count;
}

/** Lifetime value, order count and last order from the orders, and tier from value, as the CRM keeps them. */
async function refreshStats(client, first, last) {
  await client.query(
    `UPDATE customers c
        SET lifetime_value = s.ltv, order_count = s.n, last_order_at = s.last_at,
            tier = CASE WHEN s.ltv >= 3000 THEN 'gold' WHEN s.ltv >= 800 THEN 'silver' ELSE 'bronze' END
       FROM (SELECT customer_id, coalesce(sum(total) FILTER (WHERE currency = 'USD'), 0) AS ltv, count(*)::int AS n, max(placed_at) AS last_at
               FROM orders WHERE status = 'placed' AND customer_id BETWEEN $1 AND $2 GROUP BY customer_id) s
      WHERE c.id = s.customer_id`,
    [first, last],
  );
}

/** Grows the shop to `customers` customers (from `have`), with their orders. Returns the order count added. */
async function growTo(client, have, customers, ordersSoFar, now, log = () => undefined) {
  const step = async (name, work) => {
    const started = performance.now();
    const result = await work();
    log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  if (have === 0) await addStaff(client, now);
  await client.query('SET synchronous_commit = off');
  // Bulk load without the secondary indexes, then rebuild them exactly as the migrations made them.
  const { rows: indexes } = await client.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename IN ('customers', 'orders')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  await step('customers', () => addCustomers(client, have + 1, customers, now));
  const added = await step('orders', () => addOrders(client, have + 1, customers, ordersSoFar + 1, now));
  await step('stats', () => refreshStats(client, have + 1, customers));
  await step('indexes', async () => {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) await client.query(index.indexdef);
  });
  await step('vacuum analyze', async () => {
    await client.query('VACUUM ANALYZE customers');
    await client.query('VACUUM ANALYZE orders');
  });
  return added;
}

module.exports = { growTo, ZONES };
