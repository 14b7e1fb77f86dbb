import { EntityManager } from 'typeorm';
import { run } from '../../database/sql';
import * as sql from './orders.sql';

/**
 * Recomputes lifetime value, order count and last order time from the orders table, set-based.
 * Only placed orders count; lifetime value sums those in the base currency.
 * `customerIds` limits the work to the customers a write touched; `null` recomputes everyone.
 */
export async function refreshCustomerStats(manager: EntityManager, customerIds: string[] | null, baseCurrency: string): Promise<void> {
  const scoped = customerIds !== null;
  if (scoped && customerIds.length === 0) return;
  await run(manager, sql.refreshCustomerStats(scoped), scoped ? [baseCurrency, customerIds] : [baseCurrency]);
}
