import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { isBigintId } from '../common/ids';
import { firstRow, rowCount, rows as sqlRows } from '../database/sql';
import { cancelPendingOfCustomers, recordCustomerEvent, recordEvent } from '../touches/ledger';
import { SuppressionChannel } from './suppression.entity';
import * as sql from './suppressions.sql';
import { addressHint, cancelReason, normalizeAddress, SuppressionReason, withdrawsConsent } from './suppression-rules';

export interface SuppressInput {
  channel: SuppressionChannel;
  /** Any spelling; stored lower-cased (email) or E.164 (sms, call). */
  address: string;
  customerId?: string | null;
  reason: SuppressionReason;
  /** Who or what recorded it: `unsubscribe_link`, `sms_keyword`, `sendgrid`, `admin:<staff id>`. */
  source: string;
  /** The touch that led to it (an unsubscribe link's touch), linked from the timeline event. */
  touchId?: string | null;
  /** False when the caller writes its own timeline event for the same fact (a provider event). */
  recordEvent?: boolean;
}

export interface SuppressionView {
  id: string;
  channel: SuppressionChannel;
  address: string;
  customerId: string | null;
  reason: string;
  source: string;
  createdAt: Date;
}

export interface SuppressResult {
  /** Null when the customer has no usable address on the channel (consent is still withdrawn). */
  suppression: SuppressionView | null;
  /** False when the address was suppressed already. */
  created: boolean;
  cancelledTouches: number;
  /** Customers whose consent for the channel this withdrew. */
  withdrawnCustomerIds: string[];
}

export interface SuppressionFilter {
  channel?: SuppressionChannel;
  address?: string;
  limit?: number;
  cursor?: string;
}

export interface SuppressionPage {
  items: SuppressionView[];
  nextCursor: string | null;
}

/** The customer behind a signed unsubscribe link, as far as the page needs to know. */
export interface UnsubscribeTarget {
  locale: string;
}

interface SuppressionRow {
  id: string;
  channel: SuppressionChannel;
  address: string;
  customer_id: string | null;
  reason: string;
  source: string;
  created_at: Date;
}

const DEFAULT_PAGE = 50;

/**
 * The suppression list and what recording a "no" does. Everything a suppression implies happens
 * in the transaction that records it (rule 4): the address is listed, the pending touches of the
 * customers behind it on that channel are cancelled, and when it is the customer saying no their
 * consent is marked withdrawn with a timeline event. Every write is idempotent.
 */
@Injectable()
export class SuppressionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Records a suppression; a second call for the same channel and address changes nothing. */
  async suppress(input: SuppressInput, manager?: EntityManager): Promise<SuppressResult> {
    const address = normalizeAddress(input.channel, input.address);
    if (address === null)
      throw new InvalidInputError(`Invalid ${input.channel} address`, [{ field: 'address', reason: addressHint(input.channel) }]);
    return this.inTransaction(manager, (m) => this.record(m, { ...input, address }));
  }

  /** Admin: adds a suppression; 409 when the address is suppressed already. */
  async add(input: Omit<SuppressInput, 'touchId' | 'recordEvent'>, actorStaffId: string | null = null): Promise<SuppressionView> {
    const address = normalizeAddress(input.channel, input.address);
    if (address === null)
      throw new InvalidInputError(`Invalid ${input.channel} address`, [{ field: 'address', reason: addressHint(input.channel) }]);
    return this.db.transaction(async (m) => {
      if (input.customerId != null) {
        const found = await sqlRows<unknown>(m, sql.CUSTOMER_EXISTS, [input.customerId]);
        if (found.length === 0)
          throw new InvalidInputError('Unknown customer', [{ field: 'customerId', reason: 'is not a known customer id' }]);
      }
      const result = await this.record(m, { ...input, address });
      if (!result.created || !result.suppression) {
        throw new ConflictError(`${address} is suppressed already`, [
          { field: 'address', reason: `is already suppressed for ${input.channel}` },
        ]);
      }
      await this.audit.record(m, {
        actorStaffId,
        action: 'add',
        entityType: 'suppression',
        entityId: result.suppression.id,
        after: result.suppression,
      });
      return result.suppression;
    });
  }

  /**
   * A customer's own "no" through a signed link: suppresses their current address on the channel
   * and withdraws consent. Null when the customer no longer exists.
   */
  async unsubscribeCustomer(
    customerId: string,
    channel: 'email' | 'sms',
    source: string,
    touchId?: string,
  ): Promise<UnsubscribeTarget | null> {
    return this.db.transaction(async (m) => {
      const customer = await firstRow<{ email: string | null; phone: string | null; locale: string }>(m, sql.LOCK_CUSTOMER_ADDRESSES, [
        customerId,
      ]);
      if (!customer) return null;
      const raw: string | null = channel === 'email' ? customer.email : customer.phone;
      // An address the customer record holds but that does not parse still gets its consent withdrawn.
      const address = raw ? normalizeAddress(channel, raw) : null;
      await this.record(m, { channel, address, customerId, reason: 'unsubscribe', source, touchId });
      return { locale: customer.locale };
    });
  }

  /** The locale of the customer a link was made for, or null when they no longer exist. */
  async unsubscribeTarget(customerId: string): Promise<UnsubscribeTarget | null> {
    const customer = await firstRow<{ locale: string }>(this.db, sql.CUSTOMER_LOCALE, [customerId]);
    return customer ? { locale: customer.locale } : null;
  }

  /**
   * Removes a suppression; true when there was one. `regrantSource` is for the customer saying
   * yes again (SMS START): their withdrawn consent for the channel is granted anew. An admin
   * lifting a suppression does not speak for the customer and leaves consent alone.
   */
  async lift(
    channel: SuppressionChannel,
    rawAddress: string,
    options: { regrantSource?: string } = {},
    manager?: EntityManager,
  ): Promise<boolean> {
    const address = normalizeAddress(channel, rawAddress);
    if (address === null) return false;
    return this.inTransaction(manager, async (m) => {
      const deleted = await rowCount(m, sql.DELETE_SUPPRESSION, [channel, address]);
      if (options.regrantSource)
        await this.setConsent(m, channel, await this.customersAt(m, channel, address, null), 'granted', options.regrantSource);
      return deleted > 0;
    });
  }

  async liftById(id: string, actorStaffId: string | null = null): Promise<void> {
    if (!isBigintId(id)) throw new InvalidInputError('Invalid suppression id', [{ field: 'id', reason: 'must be a numeric id' }]);
    await this.db.transaction(async (m) => {
      const deleted = await sqlRows<SuppressionRow>(m, sql.DELETE_SUPPRESSION_BY_ID, [id]);
      if (deleted.length === 0) throw new NotFoundError('Suppression', id);
      await this.audit.record(m, { actorStaffId, action: 'lift', entityType: 'suppression', entityId: id, before: toView(deleted[0]) });
    });
  }

  async isSuppressed(channel: SuppressionChannel, rawAddress: string, manager?: EntityManager): Promise<boolean> {
    const address = normalizeAddress(channel, rawAddress);
    if (address === null) return false;
    const rows = await sqlRows<unknown>(manager ?? this.db.manager, sql.IS_SUPPRESSED, [channel, address]);
    return rows.length > 0;
  }

  /** Newest first, a page at a time. `address` matches exactly after normalizing, or as a prefix. */
  async list(filter: SuppressionFilter = {}): Promise<SuppressionPage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.channel) {
      params.push(filter.channel);
      where.push(`channel = $${params.length}`);
    }
    if (filter.cursor !== undefined) {
      params.push(decodeCursor(filter.cursor));
      where.push(`id < $${params.length}`);
    }
    if (filter.address !== undefined) {
      const exact = filter.channel ? normalizeAddress(filter.channel, filter.address) : null;
      if (exact) {
        params.push(exact);
        where.push(`address = $${params.length}`);
      } else {
        params.push(
          filter.address
            .trim()
            .toLowerCase()
            .replace(/[\\%_]/g, (c) => `\\${c}`) + '%',
        );
        where.push(`address LIKE $${params.length}`);
      }
    }
    params.push(limit + 1);
    const rows = await sqlRows<SuppressionRow>(this.db, sql.listSuppressions(where, params.length), params);
    const items = rows.slice(0, limit).map(toView);
    const nextCursor = rows.length > limit ? Buffer.from(items[items.length - 1].id).toString('base64url') : null;
    return { items, nextCursor };
  }

  private async record(m: EntityManager, input: Omit<SuppressInput, 'address'> & { address: string | null }): Promise<SuppressResult> {
    const now = this.clock.now();
    let suppression: SuppressionView | null = null;
    let created = false;
    if (input.address !== null) {
      const inserted = await sqlRows<SuppressionRow>(m, sql.INSERT_SUPPRESSION, [
        input.channel,
        input.address,
        input.customerId ?? null,
        input.reason,
        input.source,
        now,
      ]);
      created = inserted.length > 0;
      const row = inserted[0] ?? (await firstRow<SuppressionRow>(m, sql.SUPPRESSION_AT, [input.channel, input.address]));
      suppression = row ? toView(row) : null;
    }

    const customerIds = await this.customersAt(m, input.channel, input.address, input.customerId ?? null);
    let cancelledTouches = 0;
    if (customerIds.length > 0) {
      cancelledTouches = await cancelPendingOfCustomers(m, customerIds, input.channel, cancelReason(input.reason), now);
    }

    let withdrawnCustomerIds: string[] = [];
    if (withdrawsConsent(input.reason)) {
      withdrawnCustomerIds = await this.setConsent(m, input.channel, customerIds, 'withdrawn', input.source);
      if (input.recordEvent !== false) {
        for (const customerId of withdrawnCustomerIds) {
          await recordCustomerEvent(m, {
            customerId,
            touchId: input.touchId && isBigintId(input.touchId) ? input.touchId : null,
            kind: 'unsubscribed',
            at: now,
            detail: { channel: input.channel, reason: input.reason, source: input.source, cancelledTouches },
          });
        }
      }
    }
    return { suppression, created, cancelledTouches, withdrawnCustomerIds };
  }

  /** The customer named, and every customer whose address on the channel is this one. */
  private async customersAt(
    m: EntityManager,
    channel: SuppressionChannel,
    address: string | null,
    customerId: string | null,
  ): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(m, sql.customersAt(channel), [customerId, address]);
    return rows.map((r) => r.id);
  }

  /** Sets consent where it differs; returns the customers it changed. Also writes the matching timeline event for a grant. */
  private async setConsent(
    m: EntityManager,
    channel: SuppressionChannel,
    customerIds: string[],
    status: 'granted' | 'withdrawn',
    source: string,
  ): Promise<string[]> {
    if (customerIds.length === 0) return [];
    const now = this.clock.now();
    const rows = await sqlRows<{ id: string }>(m, sql.SET_CONSENT, [
      customerIds,
      channel,
      JSON.stringify({ status, at: now.toISOString(), source }),
      now,
      status,
    ]);
    if (status === 'granted') {
      for (const { id } of rows) {
        await recordEvent(m, { customerId: id, touchId: null, kind: 'resubscribed', at: now, detail: { channel, source } });
      }
    }
    return rows.map((r) => r.id);
  }

  private inTransaction<T>(manager: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.db.transaction(work);
  }
}

function toView(row: SuppressionRow): SuppressionView {
  return {
    id: row.id,
    channel: row.channel,
    address: row.address,
    customerId: row.customer_id,
    reason: row.reason,
    source: row.source,
    createdAt: row.created_at,
  };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isBigintId(id)) throw new InvalidInputError('Invalid cursor', [{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
  return id;
}
