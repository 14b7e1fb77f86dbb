import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanySettings } from '../config/settings';
import { PostalAddress } from '../crm/customers/customer.entity';
import { rowCount, rows } from '../database/sql';
import { recordTaskScripts } from '../touches/ledger';
import { ScriptRenderer } from './script-renderer';
import { buildTalkingPoints, TalkingPointsInput } from './talking-points';
import * as sql from './talking-points.sql';
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
    const tasks = await rows<TaskRow>(manager, sql.TASKS_TO_REFRESH, [taskIds]);
    const customerIds = [...new Set(tasks.map((task) => task.customer_id))];
    const orders = await rows<OrderRow>(manager, sql.LAST_ORDERS_OF, [customerIds]);
    // Earlier outcomes and notes: closed tasks and free notes, newest first, a few per customer.
    const history = await rows<HistoryRow>(manager, sql.HISTORY_OF, [customerIds]);

    const currency = this.company.baseCurrency;
    const updates: { id: string; points: unknown; touch_id: string; rendered: unknown }[] = [];
    for (const task of tasks) {
      const script = await this.scripts.render({
        templateKey: task.template_key,
        customerId: task.customer_id,
        orderId: task.order_id,
        touchDate: task.touch_date,
        now,
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
        orders: orders
          .filter((o) => o.customer_id === task.customer_id)
          .map((o) => ({
            externalId: o.external_id,
            placedAt: o.placed_at,
            total: o.total,
            currency: o.currency,
            status: o.status,
          })),
        history: history
          .filter((h) => h.customer_id === task.customer_id)
          .map((h) => ({
            at: h.at,
            kind: h.kind,
            outcome: h.outcome,
            note: h.note,
            by: h.by,
          })),
        script,
      };
      updates.push({
        id: task.id,
        points: buildTalkingPoints(input),
        touch_id: task.touch_id,
        rendered: script ? { channel: task.kind, ...script } : null,
      });
    }
    await rowCount(manager, sql.SET_TALKING_POINTS, [JSON.stringify(updates)]);
    await recordTaskScripts(manager, JSON.stringify(updates));
  }
}
