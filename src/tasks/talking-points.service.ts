import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanySettings } from '../config/settings';
import { PostalAddress } from '../crm/customers/customer.entity';
import { recordTaskScripts } from '../touches/ledger';
import { ScriptRenderer } from './script-renderer';
import { buildTalkingPoints, HISTORY_ENTRIES, LAST_ORDERS, TalkingPointsInput } from './talking-points';
import { TaskKind, TaskOutcome } from './task.entity';

interface TaskRow {
  id: string;
  customer_id: string;
  touch_id: string;
  kind: TaskKind;
  template_key: string;
  order_id: string | null;
  touch_date: string;
  time_zone: string;
  locale: string;
  phone: string | null;
  phone_invalid: boolean;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  lifetime_value: string;
  order_count: number;
  last_order_at: Date | null;
  address: PostalAddress | null;
}

interface OrderRow {
  customer_id: string;
  external_id: string;
  placed_at: Date;
  total: string;
  currency: string;
  status: string;
}

interface HistoryRow {
  customer_id: string;
  at: Date;
  kind: string;
  outcome: TaskOutcome | null;
  note: string | null;
  by: string | null;
}

/**
 * Writes the talking points of new tasks: the rendered template plus what the account manager
 * should know about the customer, read for the whole batch in three queries.
 */
@Injectable()
export class TalkingPointsService {
  constructor(
    private readonly scripts: ScriptRenderer,
    private readonly company: CompanySettings,
  ) {}

  async refresh(manager: EntityManager, taskIds: string[], now: Date): Promise<void> {
    if (taskIds.length === 0) return;
    const tasks: TaskRow[] = await manager.query(
      `SELECT tk.id, tk.customer_id, tk.touch_id, tk.kind, t.template_key, t.order_id, t.local_date::text AS touch_date,
              c.time_zone, c.locale, c.phone, c.phone_invalid, c.birth_year, c.birth_month, c.birth_day,
              c.lifetime_value::text AS lifetime_value, c.order_count, c.last_order_at, c.address
         FROM tasks tk
         JOIN touches t ON t.id = tk.touch_id
         JOIN customers c ON c.id = tk.customer_id
        WHERE tk.id = ANY($1::bigint[])`,
      [taskIds],
    );
    const customerIds = [...new Set(tasks.map((task) => task.customer_id))];
    const orders: OrderRow[] = await manager.query(
      `SELECT c.id AS customer_id, o.external_id, o.placed_at, o.total::text AS total, o.currency, o.status
         FROM unnest($1::bigint[]) AS c(id)
         CROSS JOIN LATERAL (
           SELECT external_id, placed_at, total, currency, status FROM orders
            WHERE customer_id = c.id ORDER BY placed_at DESC LIMIT ${LAST_ORDERS}) o
        ORDER BY o.placed_at DESC`,
      [customerIds],
    );
    // Earlier outcomes and notes: closed tasks and free notes, newest first, a few per customer.
    const history: HistoryRow[] = await manager.query(
      `SELECT customer_id, at, kind, outcome, note, by FROM (
         SELECT h.*, row_number() OVER (PARTITION BY h.customer_id ORDER BY h.at DESC) AS n FROM (
           SELECT tk.customer_id, tk.completed_at AS at, tk.kind, tk.outcome, COALESCE(tk.note, tk.skip_reason) AS note, s.name AS by
             FROM tasks tk LEFT JOIN staff s ON s.id = tk.completed_by
            WHERE tk.customer_id = ANY($1::bigint[]) AND tk.state <> 'open'
           UNION ALL
           SELECT e.customer_id, e.at, 'note', NULL, e.detail->>'text', s.name
             FROM touch_events e LEFT JOIN staff s ON s.id = e.actor_staff_id
            WHERE e.customer_id = ANY($1::bigint[]) AND e.kind = 'note') h) ranked
        WHERE n <= ${HISTORY_ENTRIES}
        ORDER BY at DESC`,
      [customerIds],
    );

    const currency = this.company.baseCurrency;
    const updates: { id: string; points: unknown; touch_id: string; rendered: unknown }[] = [];
    for (const task of tasks) {
      const script = await this.scripts.render({
        templateKey: task.template_key, customerId: task.customer_id, orderId: task.order_id, touchDate: task.touch_date, now,
      });
      const input: TalkingPointsInput = {
        kind: task.kind,
        now,
        currency,
        customer: {
          timeZone: task.time_zone,
          locale: task.locale,
          phone: task.phone,
          phoneInvalid: task.phone_invalid,
          birthYear: task.birth_year,
          birthMonth: task.birth_month,
          birthDay: task.birth_day,
          lifetimeValue: task.lifetime_value,
          orderCount: task.order_count,
          lastOrderAt: task.last_order_at,
          address: task.address,
        },
        orders: orders.filter((o) => o.customer_id === task.customer_id).map((o) => ({
          externalId: o.external_id, placedAt: o.placed_at, total: o.total, currency: o.currency, status: o.status,
        })),
        history: history.filter((h) => h.customer_id === task.customer_id).map((h) => ({
          at: h.at, kind: h.kind, outcome: h.outcome, note: h.note, by: h.by,
        })),
        script,
      };
      updates.push({ id: task.id, points: buildTalkingPoints(input), touch_id: task.touch_id, rendered: script ? { channel: task.kind, ...script } : null });
    }
    await manager.query(
      `UPDATE tasks tk SET talking_points = u.points
         FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, points jsonb)
        WHERE tk.id = u.id`,
      [JSON.stringify(updates)],
    );
    await recordTaskScripts(manager, JSON.stringify(updates));
  }
}
