import { DataSource } from 'typeorm';

/** A valid Vietnamese mobile number no other test uses (the customer factory's default is shared). */
export function uniquePhone(): string {
  return `+8490${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

export async function touchState(db: DataSource, id: string): Promise<{ state: string; reason: string | null }> {
  const [row] = await db.query(`SELECT state, reason FROM touches WHERE id = $1`, [id]);
  return row;
}

export async function consentOf(
  db: DataSource,
  customerId: string,
  channel: string,
): Promise<{ status: string; at: string; source: string } | undefined> {
  const [row] = await db.query(`SELECT consent -> $2::text AS c FROM customers WHERE id = $1`, [customerId, channel]);
  return row.c ?? undefined;
}

export async function suppressionCount(db: DataSource, channel: string, address: string): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM suppressions WHERE channel = $1 AND address = $2`, [channel, address]);
  return n;
}

export async function events(
  db: DataSource,
  customerId: string,
  kind?: string,
): Promise<{ kind: string; touch_id: string | null; detail: Record<string, unknown>; provider_event_id: string | null }[]> {
  return db.query(
    `SELECT kind, touch_id, detail, provider_event_id FROM touch_events WHERE customer_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
    [customerId, kind ?? null],
  );
}
