/** The statements of orders and of the customer figures computed from them, in one place. */

// Totals travel as JSON strings, so numeric gets the exact decimal the sender wrote.
/** $1 the orders as a JSON array of records, $2 now. */
export const UPSERT_ORDERS = `
  INSERT INTO orders AS o (customer_id, external_id, placed_at, placed_time_zone, total, currency, status, created_at, updated_at)
  SELECT r.customer_id, r.external_id, r.placed_at, r.placed_time_zone, r.total, r.currency, r.status, $2, $2
    FROM jsonb_to_recordset($1::jsonb) AS r(
           customer_id bigint, external_id text, placed_at timestamptz, placed_time_zone text, total numeric,
           currency text, status text)
  ON CONFLICT (external_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id,
         placed_at = EXCLUDED.placed_at,
         placed_time_zone = EXCLUDED.placed_time_zone,
         total = EXCLUDED.total,
         currency = EXCLUDED.currency,
         status = EXCLUDED.status,
         updated_at = EXCLUDED.updated_at
  RETURNING o.id, o.status, (o.xmax = 0) AS inserted`;

/** The customers with external ids $1. */
export const CUSTOMERS_BY_EXTERNAL_ID =
  'SELECT id, external_id, anonymized_at IS NOT NULL AS anonymized FROM customers WHERE external_id = ANY($1::text[])';

/** The customers that own orders with external ids $1 now. */
export const OWNERS_OF_ORDERS = 'SELECT DISTINCT customer_id FROM orders WHERE external_id = ANY($1::text[])';

/** $1 customer id, $2 limit; after a cursor also $3 placed_at and $4 id of the last row seen. */
export function ordersOfCustomer(after: boolean): string {
  return `SELECT id, external_id AS "externalId", placed_at AS "placedAt", placed_time_zone AS "placedTimeZone", total, currency,
              status, created_at AS "createdAt", updated_at AS "updatedAt", placed_at::text AS "cursorAt"
         FROM orders
        WHERE customer_id = $1 ${after ? 'AND (placed_at, id) < ($3::timestamptz, $4::bigint)' : ''}
        ORDER BY placed_at DESC, id DESC
        LIMIT $2`;
}

/** $1 base currency; when `scoped`, $2 the customer ids, else every customer. */
export function refreshCustomerStats(scoped: boolean): string {
  return `UPDATE customers c
        SET lifetime_value = COALESCE(s.ltv, 0),
            order_count = COALESCE(s.n, 0),
            last_order_at = s.last_at
       FROM customers c2
       LEFT JOIN (
         SELECT customer_id,
                sum(total) FILTER (WHERE currency = $1) AS ltv,
                count(*) AS n,
                max(placed_at) AS last_at
           FROM orders
          WHERE status = 'placed' ${scoped ? 'AND customer_id = ANY($2::bigint[])' : ''}
          GROUP BY customer_id
       ) s ON s.customer_id = c2.id
      WHERE c.id = c2.id ${scoped ? 'AND c2.id = ANY($2::bigint[])' : ''}
        AND (c.lifetime_value, c.order_count, c.last_order_at)
            IS DISTINCT FROM (COALESCE(s.ltv, 0), COALESCE(s.n, 0)::int, s.last_at)`;
}
