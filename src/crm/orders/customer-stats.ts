import { EntityManager } from 'typeorm';

/**
 * Recomputes lifetime value, order count and last order time from the orders table, set-based.
 * Only placed orders count; lifetime value sums those in the base currency.
 * `customerIds` limits the work to the customers a write touched; `null` recomputes everyone.
 */
export async function refreshCustomerStats(
  manager: EntityManager,
  customerIds: string[] | null,
  baseCurrency: string,
): Promise<void> {
  const scoped = customerIds !== null;
  if (scoped && customerIds.length === 0) return;
  await manager.query(
    `UPDATE customers c
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
            IS DISTINCT FROM (COALESCE(s.ltv, 0), COALESCE(s.n, 0)::int, s.last_at)`,
    scoped ? [baseCurrency, customerIds] : [baseCurrency],
  );
}
