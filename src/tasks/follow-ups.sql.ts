import { CAP_COLUMNS } from '../consent/frequency-cap';
import { COUNTED_STATES, sqlStates } from '../touches/touch-states';

/** The follow-up feature's reads; the new touch itself is the ledger's to write (planFollowUp). */

export interface FollowUpSourceRow {
  customer_id: string;
  occurrence: string;
  local_date: string;
  order_id: string | null;
  rule_id: string;
  rule_enabled: boolean;
  rule_version: number;
  rule_priority: number;
  action: { templateKey: string; sendAt: string; followUps?: { outcome: string; afterWorkingDays: number; maxAttempts: number }[] };
  time_zone: string;
}

/** The touch a task carried out ($1), with its rule as it is now and the customer's zone. */
export const FOLLOW_UP_SOURCE = `SELECT t.customer_id, t.occurrence, t.local_date::text AS local_date, t.order_id, t.rule_id, r.enabled AS rule_enabled, r.version AS rule_version,
              r.priority AS rule_priority, r.action, c.time_zone
         FROM touches t JOIN rules r ON r.id = t.rule_id JOIN customers c ON c.id = t.customer_id
        WHERE t.id = $1`;

/**
 * Whether the customer ($1) may be called at all, as the planner decides it for a call touch:
 * null when yes, else the skip reason (checked again when the follow-up becomes a task).
 */
export const CALL_SKIP_REASON = `SELECT CASE
           WHEN c.anonymized_at IS NOT NULL THEN 'customer_deleted'
           WHEN (c.consent->'call'->>'status' = 'granted') IS NOT TRUE THEN 'opted_out'
           WHEN coalesce(c.phone, '') = '' OR c.phone_invalid THEN 'no_address'
           WHEN EXISTS (SELECT 1 FROM suppressions x WHERE x.channel = 'call' AND x.address = c.phone) THEN 'suppressed'
         END AS reason
    FROM customers c WHERE c.id = $1`;

/** The customer's ($1) counted touches within the cap's days ($3) either side of $2: what the frequency cap weighs. */
export const CAP_NEIGHBOURS = `SELECT ${CAP_COLUMNS} FROM touches
        WHERE customer_id = $1 AND state IN (${sqlStates(COUNTED_STATES)})
          AND scheduled_at > $2::timestamptz - make_interval(days => $3::int) AND scheduled_at < $2::timestamptz + make_interval(days => $3::int)`;
