/**
 * What the audit log keeps of one admin action, and how it is cleaned before it is stored:
 * plain functions, so what can and cannot end up in the log is tested without a database.
 */

/** The kinds of things admins change, as `entityType` in the log. */
export const AUDIT_ENTITY_TYPES = [
  'staff',
  'api_token',
  'calendar_feed',
  'rule',
  'template',
  'suppression',
  'customer',
  'report',
  'service_goals',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditEntry {
  /** The staff member who acted; null for the command line. */
  actorStaffId: string | null;
  /** A verb on the entity: `create`, `update`, `delete`, `issue`, `revoke`, `erase`, `export`, … */
  action: string;
  entityType: AuditEntityType;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Keys whose values are secrets: never written to the log, whatever their depth. */
const SECRET_KEYS = /^(token|token_?hash|tokenHash|secret|password|authorization|api_?key)$/i;
export const REDACTED = '[redacted]';

/**
 * A JSON-safe copy of `value` with every secret replaced by `[redacted]` (dates as ISO strings,
 * undefined left out), so a token's value cannot reach the log even when a caller passes the
 * object that carries it.
 */
export function redactSecrets(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out[key] = SECRET_KEYS.test(key) && item !== null ? REDACTED : redactSecrets(item);
  }
  return out;
}
