/** The statements of the audit log, in one place. */

/** $1 at, $2 actor staff id, $3 action, $4 entity type, $5 entity id, $6 before (JSON), $7 after (JSON). */
export const INSERT_AUDIT = `INSERT INTO audit_log (at, actor_staff_id, action, entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`;

/** `where` holds conditions on the parameters before the last; the last one is the limit. */
export function listAudit(where: string[], limitParam: number): string {
  return `SELECT id::text AS id, at, actor_staff_id, action, entity_type, entity_id, before, after
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${limitParam}`;
}
