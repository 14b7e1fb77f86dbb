import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { firstRow, run } from '../database/sql';
import { SecuritySettings } from '../config/settings';
import { Principal } from '../staff/auth.decorators';
import { Role } from '../staff/staff.entity';
import { hashToken } from '../staff/tokens';
import { sessionLimits, SessionTimes, sessionState } from './web-session';
import * as sql from './web-sessions.sql';

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
    const row = await firstRow<{ token_id: string; staff_id: string }>(this.db, sql.TOKEN_OWNER, [hashToken(token)]);
    if (!row) return null;
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    // Sessions that have ended sign nobody in again: drop this person's, so the table holds
    // about one row per signed-in browser. Idle ones go once the absolute limit has passed too.
    await run(this.db, sql.DROP_ENDED_SESSIONS, [row.staff_id, now]);
    await run(this.db, sql.INSERT_SESSION, [hashToken(id), row.staff_id, row.token_id, now, new Date(now.getTime() + this.maxMs)]);
    return { id, maxAgeSeconds: Math.floor(this.maxMs / 1000) };
  }

  /** The staff member behind a live session, or null (unknown, signed out, expired, token revoked). */
  async authenticate(id: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const row = await firstRow<SessionTimes & { id: string; staff_id: string; role: Role; name: string }>(this.db, sql.SESSION, [
      hashToken(id),
    ]);
    if (!row) return null;
    const now = this.clock.now();
    if (sessionState(row, now, this.idleMs) !== 'live') return null;
    if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await run(this.db, sql.SEEN, [row.id, now]);
    }
    return { staffId: row.staff_id, role: row.role, name: row.name };
  }

  /** Ends the session for good: the same cookie, replayed, signs nobody in. */
  async revoke(id: string): Promise<void> {
    await run(this.db, sql.REVOKE_SESSION, [hashToken(id), this.clock.now()]);
  }
}
