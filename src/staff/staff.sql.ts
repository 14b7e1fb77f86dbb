/** The statements of staff members and their tokens, in one place (authentication's own is in tokens.ts). */

/** Locks the active admins' rows in one order. */
export const LOCK_ACTIVE_ADMINS = `SELECT id FROM staff WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;

/** The staff members with email $1, whatever the case. */
export const STAFF_WITH_EMAIL = 'SELECT id FROM staff WHERE lower(email) = lower($1)';

/** $1 token id, $2 now. */
export const TOKEN_USED = 'UPDATE api_tokens SET last_used_at = $2 WHERE id = $1';

/** $1 token id, $2 now; the token as it now is, for the audit trail. */
export const REVOKE_TOKEN = `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
         RETURNING id, staff_id AS "staffId", name, prefix, revoked_at AS "revokedAt"`;
