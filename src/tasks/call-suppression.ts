import { EntityManager } from 'typeorm';

/**
 * Records that a customer asked not to be called: their phone number goes on the call
 * suppression list (idempotent). The one place tasks write suppressions, to be replaced by
 * `SuppressionsService.suppress` once the consent feature is part of the app.
 * Returns false when the customer has no phone number to suppress.
 */
export async function suppressCalls(
  manager: EntityManager,
  input: { customerId: string; phone: string | null; source: string; now: Date },
): Promise<boolean> {
  if (!input.phone) return false;
  await manager.query(
    `INSERT INTO suppressions (channel, address, customer_id, reason, source, created_at)
     VALUES ('call', $1, $2, 'asked_not_to_call', $3, $4)
     ON CONFLICT (channel, address) DO NOTHING`,
    [input.phone, input.customerId, input.source, input.now],
  );
  return true;
}
