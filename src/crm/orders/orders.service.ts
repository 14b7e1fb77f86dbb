import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Clock } from '../../common/clock';
import { InvalidInputError, UnprocessableError } from '../../common/errors';
import { CompanySettings } from '../../config/settings';
import { rows as sqlRows } from '../../database/sql';
import { Principal } from '../../staff/auth.decorators';
import { AcceptedRow, BulkReport, RowErrors, triageRows } from '../customers/bulk-batch';
import { CustomersService } from '../customers/customers.service';
import { decodeCursor, encodeCursor, ID_PATTERN, TIMESTAMP_PATTERN } from '../customers/cursor';
import { refreshCustomerStats } from './customer-stats';
import { OrderEvents } from './order-events';
import { normalizeOrder, NormalizedOrder } from './order-input';
import { OrderStatus } from './order.entity';
import * as sql from './orders.sql';

export interface OrderBulkResult {
  report: BulkReport;
  /** Orders this batch inserted with status placed, for order rules to act on at once. */
  placedOrderIds: string[];
}

export interface OrderView {
  id: string;
  externalId: string;
  placedAt: Date;
  placedTimeZone: string | null;
  total: string;
  currency: string;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}

const DEFAULT_PAGE = 50;
const NUMERIC_OUT_OF_RANGE = '22003';

interface OrderRecord {
  external_id: string;
  customer_id: string;
  placed_at: string;
  placed_time_zone: string | null;
  total: string;
  currency: string;
  status: OrderStatus;
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly company: CompanySettings,
    private readonly customers: CustomersService,
    private readonly events: OrderEvents,
  ) {}

  /**
   * Upserts a batch by externalId in one statement and refreshes the stats of every customer it
   * touched (including the previous owner of a moved order) in the same transaction. After the
   * commit, listeners hear of the newly placed orders.
   */
  async upsertBulk(rows: unknown[]): Promise<OrderBulkResult> {
    if (!Array.isArray(rows)) {
      throw new InvalidInputError('Invalid request', [{ field: 'orders', reason: 'must be an array' }]);
    }
    const now = this.clock.now();
    const { accepted, errors } = triageRows(rows, normalizeOrder);

    const result = await this.db.transaction(async (manager): Promise<OrderBulkResult> => {
      try {
        return await this.write(manager, accepted, errors, now);
      } catch (error) {
        // Each total fits, but their sum may not fit lifetime_value: the sender's data, not our fault.
        if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === NUMERIC_OUT_OF_RANGE) {
          throw new UnprocessableError("A customer's lifetime value would exceed the largest amount that can be stored", [
            { field: 'orders', reason: "would make a customer's lifetime value exceed 999999999999999.9999" },
          ]);
        }
        throw error;
      }
    });
    await this.events.emitPlaced(result.placedOrderIds);
    return result;
  }

  private async write(
    manager: EntityManager,
    accepted: AcceptedRow<NormalizedOrder>[],
    errors: RowErrors,
    now: Date,
  ): Promise<OrderBulkResult> {
    const customerIds = [...new Set(accepted.map((row) => row.value.customerExternalId))];
    const found: { id: string; external_id: string; anonymized: boolean }[] =
      customerIds.length === 0
        ? []
        : await sqlRows<{ id: string; external_id: string; anonymized: boolean }>(manager, sql.CUSTOMERS_BY_EXTERNAL_ID, [customerIds]);
    const byExternalId = new Map(found.map((row) => [row.external_id, row]));

    const records: OrderRecord[] = [];
    for (const { index, value } of accepted) {
      const customer = byExternalId.get(value.customerExternalId);
      if (!customer || customer.anonymized) {
        errors.add(index, value.externalId, [
          { field: 'customerExternalId', reason: customer ? 'belongs to an anonymized customer' : 'no customer has this externalId' },
        ]);
        continue;
      }
      records.push({
        external_id: value.externalId,
        customer_id: customer.id,
        placed_at: value.placedAt,
        placed_time_zone: value.placedTimeZone,
        total: value.total,
        currency: value.currency,
        status: value.status,
      });
    }
    if (records.length === 0) return { report: { inserted: 0, updated: 0, rejected: errors.list() }, placedOrderIds: [] };

    // Same key order in every batch, so overlapping batches lock rows in the same order.
    records.sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0));
    const previous = await sqlRows<{ customer_id: string }>(manager, sql.OWNERS_OF_ORDERS, [records.map((r) => r.external_id)]);
    const written = await sqlRows<{ id: string; status: OrderStatus; inserted: boolean }>(manager, sql.UPSERT_ORDERS, [
      JSON.stringify(records),
      now,
    ]);
    const affected = new Set([...records.map((r) => r.customer_id), ...previous.map((r) => r.customer_id)]);
    await refreshCustomerStats(manager, [...affected], this.company.baseCurrency);

    const inserted = written.filter((row) => row.inserted).length;
    return {
      report: { inserted, updated: written.length - inserted, rejected: errors.list() },
      placedOrderIds: written.filter((row) => row.inserted && row.status === 'placed').map((row) => row.id),
    };
  }

  /** A customer's orders, newest first, if the staff member may see the customer. */
  async listForCustomer(principal: Principal, customerExternalId: string, page: { limit?: number; cursor?: string }): Promise<OrderPage> {
    const customer = await this.customers.findVisible(principal, customerExternalId);
    const limit = page.limit ?? DEFAULT_PAGE;
    const after = page.cursor === undefined ? null : decodeCursor(page.cursor, [TIMESTAMP_PATTERN, ID_PATTERN]);
    // placed_at::text keeps the microseconds a JS Date would drop, so the cursor is exact.
    const rows = await sqlRows<OrderView & { cursorAt: string }>(
      this.db,
      sql.ordersOfCustomer(after !== null),
      after ? [customer.id, limit + 1, after[0], after[1]] : [customer.id, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ cursorAt: _cursor, ...order }) => order),
      nextCursor: rows.length > limit ? encodeCursor([last.cursorAt, last.id]) : null,
    };
  }
}
