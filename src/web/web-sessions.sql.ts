/** The statements of the web page's sessions, in one place. */

/** The live token with hash $1 of an active staff member. */
export const TOKEN_OWNER = `SELECT t.id AS token_id, t.staff_id FROM api_tokens t JOIN staff s ON s.id = t.staff_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND s.active`;

/** $1 staff id, $2 now. */
export const DROP_ENDED_SESSIONS = `DELETE FROM web_sessions WHERE staff_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2)`;

/** $1 id hash, $2 staff id, $3 token id, $4 now, $5 expiry. */
export const INSERT_SESSION = `INSERT INTO web_sessions (id_hash, staff_id, token_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`;

/** The session with id hash $1, while its staff member is active and its token not revoked. */
export const SESSION = `SELECT w.id, w.staff_id, s.role, s.name, w.created_at AS "createdAt", w.last_seen_at AS "lastSeenAt",
              w.expires_at AS "expiresAt", w.revoked_at AS "revokedAt"
         FROM web_sessions w
         JOIN staff s ON s.id = w.staff_id AND s.active
         JOIN api_tokens t ON t.id = w.token_id AND t.revoked_at IS NULL
        WHERE w.id_hash = $1`;

/** $1 session id, $2 now. */
export const SEEN = 'UPDATE web_sessions SET last_seen_at = $2 WHERE id = $1';

/** $1 id hash, $2 now. */
export const REVOKE_SESSION = 'UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE id_hash = $1';
