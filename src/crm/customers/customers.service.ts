import { ErasureService } from '../erasure/erasure.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/errors';
import { CompanySettings } from '../../config/settings';
import { rowCount, rows as sqlRows } from '../../database/sql';
import { Principal } from '../../staff/auth.decorators';
import { BulkReport, triageRows } from './bulk-batch';
import { normalizeCustomer, NormalizedCustomer } from './customer-input';
import { CustomerView, toCustomerView } from './customer-view';
import { Customer } from './customer.entity';
import { decodeCursor, encodeCursor, ID_PATTERN, likePrefix } from './cursor';
import * as sql from './customers.sql';

export interface CustomerFilter {
  limit?: number;
  cursor?: string;
  q?: string;
  tag?: string;
  tier?: string;
  accountManagerId?: string;
}

export interface CustomerPage {
  items: CustomerView[];
  nextCursor: string | null;
}

const DEFAULT_PAGE = 50;

/** The record handed to jsonb_to_recordset: column names as in the table. */
interface CustomerRecord {
  external_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  customer_since: string | null;
  time_zone: string;
  locale: string;
  account_manager_id: string | null;
  tags: string[];
  tier: string | null;
  consent: NormalizedCustomer['consent'];
  address: NormalizedCustomer['address'];
}

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly company: CompanySettings,
    private readonly erasure: ErasureService,
  ) {}

  /** Upserts a batch by externalId in one statement; bad rows are reported, never half-written. */
  async upsertBulk(rows: unknown[]): Promise<BulkReport> {
    if (!Array.isArray(rows)) {
      throw new InvalidInputError('Invalid request', [{ field: 'customers', reason: 'must be an array' }]);
    }
    const now = this.clock.now();
    const defaults = {
      timeZone: this.company.defaultTimeZone,
      locale: this.company.defaultLocale,
      now,
      source: 'api',
    };
    const { accepted, errors } = triageRows(rows, (row) => normalizeCustomer(row, defaults));

    return this.db.transaction(async (manager) => {
      const managerEmails = [...new Set(accepted.map((row) => row.value.accountManagerEmail).filter((e): e is string => e !== null))];
      const staffRows =
        managerEmails.length === 0 ? [] : await sqlRows<{ id: string; email: string }>(manager, sql.STAFF_BY_EMAIL, [managerEmails]);
      const staffIds = new Map(staffRows.map((row) => [row.email, row.id]));

      const records: { index: number; record: CustomerRecord }[] = [];
      for (const { index, value } of accepted) {
        const accountManagerId = value.accountManagerEmail === null ? null : (staffIds.get(value.accountManagerEmail) ?? null);
        if (value.accountManagerEmail !== null && accountManagerId === null) {
          errors.add(index, value.externalId, [{ field: 'accountManagerEmail', reason: 'no staff member has this email' }]);
          continue;
        }
        records.push({ index, record: toRecord(value, accountManagerId) });
      }
      if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0, rejected: errors.list() };

      // The same key order in every batch keeps two overlapping batches from deadlocking.
      records.sort((a, b) => (a.record.external_id < b.record.external_id ? -1 : a.record.external_id > b.record.external_id ? 1 : 0));
      const ids = records.map((r) => r.record.external_id);
      // Rows the upsert does not return are anonymized or unchanged: tell them apart first.
      const anonymized = new Set(
        (await sqlRows<{ external_id: string }>(manager, sql.ANONYMIZED_CUSTOMERS, [ids])).map((row) => row.external_id),
      );
      const written = await sqlRows<{ external_id: string; inserted: boolean }>(manager, sql.UPSERT_CUSTOMERS, [
        JSON.stringify(records.map((r) => r.record)),
        now,
      ]);
      const outcome = new Map(written.map((row) => [row.external_id, row.inserted]));
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      for (const { index, record } of records) {
        const wasInserted = outcome.get(record.external_id);
        if (anonymized.has(record.external_id)) {
          errors.add(index, record.external_id, [
            { field: 'externalId', reason: 'belongs to an anonymized customer, who cannot be written again' },
          ]);
        } else if (wasInserted === undefined) unchanged += 1;
        else if (wasInserted) inserted += 1;
        else updated += 1;
      }
      return { inserted, updated, unchanged, rejected: errors.list() };
    });
  }

  /** Newest-id-last keyset pages; a manager sees only their own customers. */
  async list(principal: Principal, filter: CustomerFilter): Promise<CustomerPage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const qb = this.db
      .getRepository(Customer)
      .createQueryBuilder('c')
      .orderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (principal.role !== 'admin') {
      if (filter.accountManagerId !== undefined) {
        throw new DomainError('forbidden', 'Only admins may filter by account manager', [
          { field: 'accountManagerId', reason: 'is for admins only; managers always see their own customers' },
        ]);
      }
      qb.andWhere('c.accountManagerId = :mine', { mine: principal.staffId });
    } else if (filter.accountManagerId !== undefined) {
      qb.andWhere('c.accountManagerId = :managerId', { managerId: filter.accountManagerId });
    }
    if (filter.cursor !== undefined) {
      const [afterId] = decodeCursor(filter.cursor, [ID_PATTERN]);
      qb.andWhere('c.id > :afterId', { afterId });
    }
    if (filter.q !== undefined) {
      const prefix = likePrefix(filter.q.trim());
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.firstName ILIKE :prefix')
            .orWhere('c.lastName ILIKE :prefix')
            .orWhere(`(c.firstName || ' ' || c.lastName) ILIKE :prefix`)
            .orWhere('c.email ILIKE :prefix'),
        ),
        { prefix },
      );
    }
    if (filter.tag !== undefined) qb.andWhere('c.tags @> ARRAY[:tag]::text[]', { tag: filter.tag });
    if (filter.tier !== undefined) qb.andWhere('c.tier = :tier', { tier: filter.tier });

    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null;
    return { items: page.map(toCustomerView), nextCursor };
  }

  async get(principal: Principal, externalId: string): Promise<CustomerView> {
    return toCustomerView(await this.findVisible(principal, externalId));
  }

  /**
   * The customer if this staff member may see them. A manager asking for someone else's customer
   * gets the same not-found as for an unknown id, so ids cannot be probed.
   */
  async findVisible(principal: Principal, externalId: string): Promise<Customer> {
    const customer = await this.db.getRepository(Customer).findOneBy({ externalId });
    if (!customer || (principal.role !== 'admin' && customer.accountManagerId !== principal.staffId)) {
      throw new NotFoundError('Customer', externalId);
    }
    return customer;
  }

  /** Deletes the customer; their orders go with them (ON DELETE CASCADE). */
  async delete(externalId: string): Promise<void> {
    const deleted = await rowCount(this.db, sql.DELETE_CUSTOMER, [externalId]);
    if (deleted === 0) throw new NotFoundError('Customer', externalId);
  }

  /**
   * Erasure: blanks everything that identifies the person, on the row and in every copy (see
   * ErasureService), but keeps the row, its orders and the numbers reports aggregate. Repeating
   * it changes nothing.
   */
  async anonymize(externalId: string, actorStaffId: string | null = null): Promise<CustomerView> {
    const id = await this.erasure.erase(externalId, actorStaffId);
    const customer = await this.db.getRepository(Customer).findOneByOrFail({ id });
    return toCustomerView(customer);
  }
}

function toRecord(value: NormalizedCustomer, accountManagerId: string | null): CustomerRecord {
  return {
    external_id: value.externalId,
    first_name: value.firstName,
    last_name: value.lastName,
    email: value.email,
    phone: value.phone,
    birth_year: value.birthYear,
    birth_month: value.birthMonth,
    birth_day: value.birthDay,
    customer_since: value.customerSince,
    time_zone: value.timeZone,
    locale: value.locale,
    account_manager_id: accountManagerId,
    tags: value.tags,
    tier: value.tier,
    consent: value.consent,
    address: value.address,
  };
}
