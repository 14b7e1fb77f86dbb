/** The statements of staff members and their tokens, in one place (authentication's own is in tokens.ts). */

/** Locks the active admins' rows in one order. */
export const LOCK_ACTIVE_ADMINS = `SELECT id FROM staff WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;

/** The staff members with email $1, whatever the case. */
export const STAFF_WITH_EMAIL = 'SELECT id FROM staff WHERE lower(email) = lower($1)';

/** $1 token ids, $2 when each was used (same order); a later use already written stays. */
export const TOKENS_USED = `UPDATE api_tokens t SET last_used_at = u.at
    FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
   WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`;

/** $1 token id, $2 now; the token as it now is, for the audit trail. */
export const REVOKE_TOKEN = `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
         RETURNING id, staff_id AS "staffId", name, prefix, revoked_at AS "revokedAt"`;
