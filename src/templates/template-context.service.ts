import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { Env } from '../config/env';
import { buildTemplateContext, CompanyVars, CustomerRow, ManagerRow, OrderRow, sampleContext, TemplateContext } from './context';
import { localDate } from './helpers';

export interface ForCustomerOptions {
  /** The order that triggered the touch; it must belong to the customer. */
  orderId?: string | null;
  /** The instant of rendering, from the caller's Clock. */
  now: Date;
  /** The touch's date in the customer's zone (YYYY-MM-DD); defaults to `now` there. */
  touchDate?: string;
}

type CustomerQueryRow = CustomerRow & {
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
    private readonly config: ConfigService<Env, true>,
  ) {}

  company(): CompanyVars {
    return { name: this.config.get('COMPANY_NAME', { infer: true }), currency: this.config.get('BASE_CURRENCY', { infer: true }) };
  }

  /** Throws NotFoundError for an unknown customer, or an order that is not theirs. */
  async forCustomer(customerId: string, options: ForCustomerOptions): Promise<TemplateContext> {
    if (!/^\d{1,19}$/.test(customerId)) throw new NotFoundError('Customer', customerId);
    const rows: CustomerQueryRow[] = await this.db.query(
      `SELECT c.first_name, c.last_name, c.email, c.phone, c.birth_year, c.birth_month, c.birth_day,
              to_char(c.customer_since, 'YYYY-MM-DD') AS customer_since, c.time_zone, c.locale, c.tier, c.tags,
              c.lifetime_value::text AS lifetime_value, c.order_count, c.last_order_at, c.address,
              s.name AS m_name, s.email AS m_email, s.phone AS m_phone, s.email_signature AS m_signature, s.active AS m_active
         FROM customers c
         LEFT JOIN staff s ON s.id = c.account_manager_id
        WHERE c.id = $1`,
      [customerId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('Customer', customerId);

    let order: OrderRow | null = null;
    if (options.orderId) {
      const orders: OrderRow[] = /^\d{1,19}$/.test(options.orderId)
        ? await this.db.query(
            `SELECT external_id, total::text AS total, currency, placed_at FROM orders WHERE id = $1 AND customer_id = $2`,
            [options.orderId, customerId],
          )
        : [];
      if (orders.length === 0) throw new NotFoundError('Order', options.orderId);
      order = orders[0];
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
      company: this.company(),
      touchDate: options.touchDate ?? localDate(options.now, row.time_zone),
    });
  }

  sample(locale: string, now: Date): TemplateContext {
    return sampleContext({ locale, now, company: this.company() });
  }
}
