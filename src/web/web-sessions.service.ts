import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { SecuritySettings } from '../config/settings';
import { Principal } from '../staff/auth.decorators';
import { Role } from '../staff/staff.entity';
import { hashToken } from '../staff/tokens';
import { sessionLimits, SessionTimes, sessionState } from './web-session';

// Writing last_seen_at on every page view would make each read a write; once a minute is enough
// for an idle limit counted in minutes.
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Server-side sessions of the web page. Signing in with a personal token opens one; the cookie
 * carries only its random id (256 bits), the table only that id's SHA-256. A session ends on
 * sign-out, after WEB_SESSION_IDLE_MINUTES unused, WEB_SESSION_MAX_HOURS after sign-in, or when
 * its token is revoked or its staff member deactivated.
 */
@Injectable()
export class WebSessionsService {
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    settings: SecuritySettings,
  ) {
    ({ idleMs: this.idleMs, maxMs: this.maxMs } = sessionLimits(settings.webSessionIdleMinutes, settings.webSessionMaxHours));
  }

  /** Opens a session for the token's owner; returns the id for the cookie, never stored as such. */
  async open(token: string): Promise<{ id: string; maxAgeSeconds: number } | null> {
    const [row]: { token_id: string; staff_id: string }[] = await this.db.query(
      `SELECT t.id AS token_id, t.staff_id FROM api_tokens t JOIN staff s ON s.id = t.staff_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND s.active`,
      [hashToken(token)],
    );
    if (!row) return null;
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    // Sessions that have ended sign nobody in again: drop this person's, so the table holds
    // about one row per signed-in browser. Idle ones go once the absolute limit has passed too.
    await this.db.query(`DELETE FROM web_sessions WHERE staff_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2)`, [row.staff_id, now]);
    await this.db.query(
      `INSERT INTO web_sessions (id_hash, staff_id, token_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
      [hashToken(id), row.staff_id, row.token_id, now, new Date(now.getTime() + this.maxMs)],
    );
    return { id, maxAgeSeconds: Math.floor(this.maxMs / 1000) };
  }

  /** The staff member behind a live session, or null (unknown, signed out, expired, token revoked). */
  async authenticate(id: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const [row]: (SessionTimes & { id: string; staff_id: string; role: Role; name: string })[] = await this.db.query(
      `SELECT w.id, w.staff_id, s.role, s.name, w.created_at AS "createdAt", w.last_seen_at AS "lastSeenAt",
              w.expires_at AS "expiresAt", w.revoked_at AS "revokedAt"
         FROM web_sessions w
         JOIN staff s ON s.id = w.staff_id AND s.active
         JOIN api_tokens t ON t.id = w.token_id AND t.revoked_at IS NULL
        WHERE w.id_hash = $1`,
      [hashToken(id)],
    );
    if (!row) return null;
    const now = this.clock.now();
    if (sessionState(row, now, this.idleMs) !== 'live') return null;
    if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.db.query('UPDATE web_sessions SET last_seen_at = $2 WHERE id = $1', [row.id, now]);
    }
    return { staffId: row.staff_id, role: row.role, name: row.name };
  }

  /** Ends the session for good: the same cookie, replayed, signs nobody in. */
  async revoke(id: string): Promise<void> {
    await this.db.query('UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE id_hash = $1', [hashToken(id), this.clock.now()]);
  }
}
