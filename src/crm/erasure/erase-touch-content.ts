import { EntityManager } from 'typeorm';
import { maskText } from './masking';

/**
 * The only statements of an erasure that write the ledger: what was sent (the rendered message
 * kept on each touch for the timeline) is replaced by a marker that keeps the channel, and the
 * customer's values are masked in the touches' reasons (a provider's bounce text may quote the
 * address). Kept apart so the ledger can own it as a named transition.
 */
export async function eraseRenderedMessages(manager: EntityManager, customerId: string, values: string[]): Promise<void> {
  await manager.query(
    `UPDATE touches SET rendered = jsonb_build_object('channel', channel, 'erased', true)
      WHERE customer_id = $1 AND rendered IS NOT NULL`,
    [customerId],
  );
  if (values.length === 0) return;
  const reasons: { id: string; reason: string }[] = await manager.query(
    `SELECT id::text AS id, reason FROM touches WHERE customer_id = $1 AND reason IS NOT NULL`,
    [customerId],
  );
  for (const row of reasons) {
    const masked = maskText(row.reason, values);
    if (masked !== row.reason) await manager.query(`UPDATE touches SET reason = $2 WHERE id = $1`, [row.id, masked]);
  }
}
