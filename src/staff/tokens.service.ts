import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { queryPrepared } from '../database/prepared-query';
import { firstRow, run } from '../database/sql';
import { ApiToken } from './api-token.entity';
import { Principal } from './auth.decorators';
import { Role } from './staff.entity';
import * as sql from './staff.sql';
import { AUTHENTICATE_SQL, hashToken, looksLikeToken, newToken, tokenPrefix } from './tokens';

// Writing last_used_at on every request would turn each read into a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

const logger = new Logger('Tokens');

export interface IssuedToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** Shown once, never stored. */
  token: string;
}

@Injectable()
export class TokensService implements OnModuleDestroy {
  /**
   * Uses not yet written (token id to when), and the ids of the write in flight. last_used_at is
   * written off the request's path, one statement at a time for every token that came due
   * meanwhile: all tokens come due within the same minute, and one commit each, on the request's
   * path, held pool connections and made the slowest answers of that minute.
   */
  private readonly unwritten = new Map<string, Date>();
  private writingIds = new Set<string>();
  private writing: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async authenticate(token: string): Promise<Principal | null> {
    if (!looksLikeToken(token)) return null;
    // Every request runs this; planning the join cost several times its execution.
    const rows = await queryPrepared<{ token_id: string; staff_id: string; role: Role; name: string; last_used_at: Date | null }>(
      this.db,
      'tokens-authenticate',
      AUTHENTICATE_SQL,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    const now = this.clock.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      this.noteUse(row.token_id, now);
    }
    return { staffId: row.staff_id, role: row.role, name: row.name };
  }

  /** `actorStaffId`: the admin issuing it, for the audit log (null for the command line). */
  async issue(staffId: string, name: string, token = newToken(), actorStaffId: string | null = null): Promise<IssuedToken> {
    const createdAt = this.clock.now();
    return this.db.transaction(async (manager) => {
      const saved = await manager.getRepository(ApiToken).save({
        staffId,
        name,
        tokenHash: hashToken(token),
        prefix: tokenPrefix(token),
        createdAt,
      });
      // Neither the token nor its hash: the prefix is enough to tell tokens apart.
      await this.audit.record(manager, {
        actorStaffId,
        action: 'issue',
        entityType: 'api_token',
        entityId: saved.id,
        after: { staffId, name, prefix: saved.prefix, createdAt },
      });
      return { id: saved.id, name, prefix: saved.prefix, createdAt, token };
    });
  }

  async list(staffId: string): Promise<ApiToken[]> {
    // A use this instance has seen shows in the list, as when it was written on the request's path.
    await this.usesWritten();
    return this.db.getRepository(ApiToken).find({
      where: { staffId },
      order: { createdAt: 'DESC' },
      select: { id: true, staffId: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
  }

  async revoke(tokenId: string, actorStaffId: string | null = null): Promise<void> {
    await this.db.transaction(async (manager) => {
      const row = await firstRow<{ staffId: string; name: string; prefix: string; revokedAt: Date }>(manager, sql.REVOKE_TOKEN, [
        tokenId,
        this.clock.now(),
      ]);
      if (!row) throw new NotFoundError('Token', tokenId);
      await this.audit.record(manager, { actorStaffId, action: 'revoke', entityType: 'api_token', entityId: tokenId, after: row });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.usesWritten();
  }

  private noteUse(tokenId: string, at: Date): void {
    if (this.writingIds.has(tokenId)) return;
    this.unwritten.set(tokenId, at);
    this.writeUses();
  }

  /** Starts one write of every noted use unless one is in flight; that one starts the next when done. */
  private writeUses(): void {
    if (this.writing || this.unwritten.size === 0) return;
    const batch = [...this.unwritten];
    this.unwritten.clear();
    this.writingIds = new Set(batch.map(([id]) => id));
    this.writing = run(this.db, sql.TOKENS_USED, [batch.map(([id]) => id), batch.map(([, at]) => at)])
      .then(
        () => undefined,
        // A lost use leaves last_used_at a minute older; the token's next use notes it again.
        (error: unknown) =>
          logger.warn(`last_used_at of ${batch.length} token(s) not written: ${error instanceof Error ? error.message : String(error)}`),
      )
      .then(() => {
        this.writing = null;
        this.writingIds = new Set();
        this.writeUses();
      });
  }

  private async usesWritten(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
