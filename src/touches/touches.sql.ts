import { Channel } from '../common/domain';
import { TouchState } from './touch-states';

/** The ledger's reads for its API; its writes are in ledger.sql.ts. */

export interface TouchRow {
  id: string;
  customer_id: string;
  external_id: string;
  first_name: string;
  last_name: string;
  rule_id: string;
  rule_name: string;
  rule_version: number;
  occurrence: string;
  channel: Channel;
  template_key: string;
  order_id: string | null;
  priority: number;
  scheduled_at: Date;
  scheduled_text: string;
  local_date: string;
  due_date: string | null;
  state: TouchState;
  reason: string | null;
  attempts: number;
  provider_message_id: string | null;
  rendered: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

// scheduled_at as text keeps its microseconds, which a JS Date would drop from the cursor.
const SELECT_TOUCH = `
  SELECT t.id, t.customer_id, c.external_id, c.first_name, c.last_name, t.rule_id, r.name AS rule_name, t.rule_version,
         t.occurrence, t.channel, t.template_key, t.order_id, t.priority, t.scheduled_at, t.scheduled_at::text AS scheduled_text,
         to_char(t.local_date, 'YYYY-MM-DD') AS local_date, to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
         t.state, t.reason, t.attempts, t.provider_message_id, t.rendered, t.created_at, t.updated_at
  FROM touches t
  JOIN customers c ON c.id = t.customer_id
  JOIN rules r ON r.id = t.rule_id`;

/** A page of touches: `where` holds conditions over `t` (touches), `c` (customers) and `r` (rules). */
export function searchTouches(where: string[], direction: 'ASC' | 'DESC', limitParam: string): string {
  return `${SELECT_TOUCH} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t.scheduled_at ${direction}, t.id ${direction} LIMIT ${limitParam}`;
}

export const TOUCH_BY_ID = `${SELECT_TOUCH} WHERE t.id = $1`;

export const STATE_OF_TOUCH = `SELECT state FROM touches WHERE id = $1`;

export const STATE_AND_CHANNEL_OF_TOUCH = `SELECT state, channel FROM touches WHERE id = $1`;

export const RULE_EXISTS = `SELECT 1 FROM rules WHERE id = $1`;

export const MANAGES_CUSTOMER = `SELECT 1 FROM customers WHERE id = $1 AND account_manager_id = $2`;
