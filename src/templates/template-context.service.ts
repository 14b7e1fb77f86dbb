import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { CompanySettings } from '../config/settings';
import { buildTemplateContext, CompanyVars, CustomerRow, ManagerRow, OrderRow, sampleContext, TemplateContext } from './context';
import { localDate } from './helpers';
import * as sql from './templates.sql';
import { rows as sqlRows } from '../database/sql';

export interface ForCustomerOptions {
  /** The order that triggered the touch; it must belong to the customer. */
  orderId?: string | null;
  /** The instant of rendering, from the caller's Clock. */
  now: Date;
  /** The touch's date in the customer's zone (YYYY-MM-DD); defaults to `now` there. */
  touchDate?: string;
  /** The touch's signed feedback link, when its rule asks for feedback. */
  feedbackUrl?: string | null;
}

type CustomerQueryRow = CustomerRow & {
  id: string;
  m_name: string | null;
  m_email: string | null;
  m_phone: string | null;
  m_signature: string | null;
  m_active: boolean | null;
};

/** Builds the template context (see variables.ts) from the database, or a sample one. */
@Injectable()
export class TemplateContextService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: CompanySettings,
  ) {}

  company(): CompanyVars {
    return { name: this.settings.name, currency: this.settings.baseCurrency };
  }

  /** Throws NotFoundError for an unknown customer, or an order that is not theirs. */
  async forCustomer(customerId: string, options: ForCustomerOptions): Promise<TemplateContext> {
    const [context] = await this.forCustomers([{ ...options, customerId }]);
    if (context instanceof NotFoundError) throw context;
    return context;
  }

  /**
   * Contexts for many renderings in two queries instead of two per rendering: a worker renders
   * batches of a hundred. Each entry is the context, or the NotFoundError `forCustomer` would throw.
   */
  async forCustomers(requests: (ForCustomerOptions & { customerId: string })[]): Promise<(TemplateContext | NotFoundError)[]> {
    const isId = (id: string | null | undefined): id is string => typeof id === 'string' && /^\d{1,19}$/.test(id);
    const customerIds = [...new Set(requests.map((r) => r.customerId).filter(isId))];
    const orderIds = [...new Set(requests.map((r) => r.orderId).filter(isId))];
    const customers: CustomerQueryRow[] =
      customerIds.length === 0 ? [] : await sqlRows<CustomerQueryRow>(this.db, sql.CONTEXT_CUSTOMERS, [customerIds]);
    const orders: (OrderRow & { id: string; customer_id: string })[] =
      orderIds.length === 0 ? [] : await sqlRows<OrderRow & { id: string; customer_id: string }>(this.db, sql.CONTEXT_ORDERS, [orderIds]);
    const customerById = new Map(customers.map((row) => [row.id, row]));
    const orderById = new Map(orders.map((row) => [row.id, row]));
    const company = this.company();

    return requests.map((request) => {
      const row = customerById.get(request.customerId);
      if (!row) return new NotFoundError('Customer', request.customerId);
      let order: OrderRow | null = null;
      if (request.orderId) {
        const found = orderById.get(request.orderId);
        // An order of another customer is as unknown as a missing one.
        if (!found || found.customer_id !== request.customerId) return new NotFoundError('Order', request.orderId);
        order = { external_id: found.external_id, total: found.total, currency: found.currency, placed_at: found.placed_at };
      }
      // An inactive manager no longer speaks for the company; the company does until reassignment.
      const manager: ManagerRow | null =
        row.m_name !== null && row.m_active
          ? { name: row.m_name, email: row.m_email ?? '', phone: row.m_phone, email_signature: row.m_signature }
          : null;
      return buildTemplateContext({
        customer: row,
        manager,
        order,
        company,
        touchDate: request.touchDate ?? localDate(request.now, row.time_zone),
        feedbackUrl: request.feedbackUrl ?? null,
        now: request.now,
      });
    });
  }

  sample(locale: string, now: Date): TemplateContext {
    return sampleContext({ locale, now, company: this.company() });
  }
}
