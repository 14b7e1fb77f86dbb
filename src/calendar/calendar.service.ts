import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Principal } from '../common/domain';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { WebSettings } from '../config/settings';
import { firstRow, rowCount, rows } from '../database/sql';
import { hashToken } from '../staff/tokens';
import { callEvent, CallRow } from './call-events';
import * as sql from './calendar.sql';
import { renderCalendar } from './ical';

const PREFIX = 'cal_';
const FEED_TOKEN = /^cal_[A-Za-z0-9_-]{43}$/;

export interface CalendarFeedStatus {
  enabled: boolean;
  /** The first characters of the token, to tell one URL from another; never the token. */
  prefix: string | null;
  createdAt: Date | null;
}

export interface IssuedCalendarFeed {
  /** Shown in this answer only: only the token's hash is stored. */
  url: string;
  prefix: string;
  createdAt: Date;
}

/**
 * A staff member's calendar feed: their open call tasks as iCalendar at a secret URL. The URL
 * carries a random token of 256 bits, stored as its SHA-256 hash only, like API tokens; the URL
 * itself is the credential (calendar applications cannot send a bearer token). Rotating it
 * replaces the token, and the old URL answers 404 from then on.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly web: WebSettings,
    private readonly audit: AuditService,
  ) {}

  async status(principal: Principal, staffId: string): Promise<CalendarFeedStatus> {
    await this.assertMay(principal, staffId);
    const feed = await firstRow<{ prefix: string; created_at: Date }>(this.db, sql.FEED_OF_STAFF, [staffId]);
    return { enabled: feed !== undefined, prefix: feed?.prefix ?? null, createdAt: feed?.created_at ?? null };
  }

  async rotate(principal: Principal, staffId: string): Promise<IssuedCalendarFeed> {
    await this.assertMay(principal, staffId);
    const token = PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const [feed] = await rows<{ prefix: string; created_at: Date }>(m, sql.ROTATE_FEED, [
        staffId,
        hashToken(token),
        token.slice(0, 10),
        now,
      ]);
      await this.audit.record(m, {
        actorStaffId: principal.staffId,
        action: 'rotate',
        entityType: 'calendar_feed',
        entityId: staffId,
        after: { prefix: feed.prefix, createdAt: feed.created_at },
      });
      return { url: `${this.web.publicUrl}/calendar/${token}.ics`, prefix: feed.prefix, createdAt: feed.created_at };
    });
  }

  async remove(principal: Principal, staffId: string): Promise<void> {
    await this.assertMay(principal, staffId);
    await this.db.transaction(async (m) => {
      await rowCount(m, sql.DELETE_FEED, [staffId]);
      await this.audit.record(m, { actorStaffId: principal.staffId, action: 'delete', entityType: 'calendar_feed', entityId: staffId });
    });
  }

  /** The feed behind a URL's file name (`<token>.ics`); an unknown or rotated token is not found. */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    if (!FEED_TOKEN.test(token)) {
      throw new InvalidInputError('Invalid calendar feed address', [{ field: 'file', reason: 'must be a feed token followed by .ics' }]);
    }
    const staff = await firstRow<{ id: string; name: string }>(this.db, sql.STAFF_OF_FEED, [hashToken(token)]);
    // The same answer for a token that never existed and one rotated away: nothing to probe.
    if (!staff) throw new NotFoundError('Calendar feed', 'at this address');
    const calls = await rows<CallRow>(this.db, sql.OPEN_CALLS, [staff.id]);
    const domain = new URL(this.web.publicUrl).hostname;
    return renderCalendar({
      productId: '-//Touchpoint//Call tasks//EN',
      name: `Touchpoint calls: ${staff.name}`,
      stamp: this.clock.now(),
      events: calls.map((call) => callEvent(call, domain)),
    });
  }

  /** A manager manages only their own feed; an admin anyone's. */
  private async assertMay(principal: Principal, staffId: string): Promise<void> {
    if (principal.role !== 'admin' && principal.staffId !== staffId)
      throw new ForbiddenError('Managers manage only their own calendar feed');
    if ((await rowCount(this.db, sql.STAFF_EXISTS, [staffId])) === 0) throw new NotFoundError('Staff member', staffId);
  }
}
