import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { Action } from '../rules/rule.types';
import { insertOrders } from './seed-data';

/**
 * The account managers' day on first start. Whatever the hour, each demo manager finds work on
 * her list: calls and cards due today in her own zone, and a call left over from her last working
 * day. The data is shaped so that these are the touches the default rules would plan (a top
 * customer whose last order was exactly 60 days ago; a top customer whose birthday is five days
 * away), and they are written already due, so the task promoter's first run turns them into
 * tasks with talking points and the planner, finding them, adds nothing twice.
 */
const CARDS_TODAY = 2;
const CALLS_TODAY = 3;
const CALLS_OVERDUE = 1;
const LAPSE_DAYS = 60;

export interface DemoDueTouch {
  customerId: string;
  templateKey: 'checkin-call' | 'birthday-card';
  occurrence: string;
  /** The occurrence's local date (the birthday; the day the lapse call is due). */
  localDate: string;
  dueDate: string;
  timeZone: string;
}

export interface DemoDay {
  touches: DemoDueTouch[];
  /** Customers whose lapse the simulated history must not end with a reorder. */
  quiet: Set<string>;
}

/** The date of `now` in `zone`, and the working day (Monday to Friday) before it. */
export function localDays(now: Date, zone: string): { today: DateTime; previousWorkingDay: DateTime } {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  let previous = today.minus({ days: 1 });
  while (previous.weekday > 5) previous = previous.minus({ days: 1 });
  return { today, previousWorkingDay: previous };
}

/**
 * Picks each manager's customers for the day and shapes their data (birthday, last order).
 * Runs after customers, orders and tiers exist and before the simulated history.
 */
export async function shapeDemoDay(
  manager: EntityManager,
  now: Date,
  managers: readonly { id: string; timeZone: string }[],
  currency: string,
): Promise<DemoDay> {
  const touches: DemoDueTouch[] = [];
  const quiet = new Set<string>();
  // The lapse rule's audience: the top tenth of customers by value, as the planner ranks them.
  const top: { id: string; account_manager_id: string }[] = await manager.query(
    `WITH ranked AS (
       SELECT id, account_manager_id, phone, phone_invalid, consent FROM customers
        WHERE anonymized_at IS NULL AND lifetime_value > 0
        ORDER BY lifetime_value DESC, id
        LIMIT (SELECT ceil(count(*) * 0.1)::bigint FROM customers WHERE anonymized_at IS NULL))
     SELECT id, account_manager_id FROM ranked
      WHERE account_manager_id IS NOT NULL AND phone IS NOT NULL AND NOT phone_invalid AND consent->'call'->>'status' = 'granted'
      ORDER BY id`,
  );
  const used = new Set<string>();
  for (const person of managers) {
    const { today, previousWorkingDay } = localDays(now, person.timeZone);
    const callers = top.filter((c) => c.account_manager_id === person.id).slice(0, CALLS_TODAY + CALLS_OVERDUE);
    for (const [i, customer] of callers.entries()) {
      const day = i < CALLS_TODAY ? today : previousWorkingDay;
      const lastOrder = day.minus({ days: LAPSE_DAYS });
      // Orders after the lapse began move three months back, and one order closes the gap.
      await manager.query(`UPDATE orders SET placed_at = placed_at - interval '90 days' WHERE customer_id = $1 AND placed_at >= $2`, [
        customer.id,
        lastOrder.toJSDate(),
      ]);
      await insertOrders(
        manager,
        [
          {
            customerId: customer.id,
            externalId: `demo-order-lapse-${customer.id}`,
            placedAt: lastOrder.set({ hour: 12 }).toUTC().toISO()!,
            total: '240.00',
            currency,
            status: 'placed',
          },
        ],
        now,
      );
      touches.push({
        customerId: customer.id,
        templateKey: 'checkin-call',
        occurrence: `lapse:${day.toISODate()}:1`,
        localDate: day.toISODate()!,
        dueDate: day.toISODate()!,
        timeZone: person.timeZone,
      });
      quiet.add(customer.id);
      used.add(customer.id);
    }

    // The card rule's audience: gold tier or a lifetime value of 3,000 or more.
    const birthday = today.plus({ days: 5 });
    const cardees: { id: string }[] = await manager.query(
      `SELECT id FROM customers
        WHERE account_manager_id = $1 AND address IS NOT NULL AND (tier = 'gold' OR lifetime_value >= 3000) AND NOT (id = ANY($2::bigint[]))
        ORDER BY id LIMIT $3`,
      [person.id, [...used], CARDS_TODAY],
    );
    for (const customer of cardees) {
      await manager.query('UPDATE customers SET birth_month = $2, birth_day = $3 WHERE id = $1', [
        customer.id,
        birthday.month,
        birthday.day,
      ]);
      touches.push({
        customerId: customer.id,
        templateKey: 'birthday-card',
        occurrence: `birthday:${birthday.year}`,
        localDate: birthday.toISODate()!,
        dueDate: today.toISODate()!,
        timeZone: person.timeZone,
      });
      used.add(customer.id);
    }
  }
  return { touches, quiet };
}

interface RuleRow {
  id: string;
  version: number;
  priority: number;
  action: Action;
}

/**
 * Writes the day's touches as the planner would, but already due (at the rule's local time, or
 * from the start of the local day when that time is still ahead), so they wait for the
 * promoter, not for the clock.
 */
export async function insertDemoDueTouches(manager: EntityManager, now: Date, day: DemoDay): Promise<number> {
  const rules: RuleRow[] = await manager.query('SELECT id, version, priority, action FROM rules');
  const records = day.touches.flatMap((touch) => {
    const rule = rules.find((r) => r.action.templateKey === touch.templateKey);
    if (!rule) return [];
    const [hour, minute] = rule.action.sendAt.split(':').map(Number);
    const day = DateTime.fromISO(touch.dueDate, { zone: touch.timeZone });
    const due = day.set({ hour, minute }).toJSDate();
    // Still ahead today: due from the start of the local day, which has begun whatever the hour.
    const scheduled = due <= now ? due : day.startOf('day').toJSDate();
    return [
      {
        customer_id: touch.customerId,
        rule_id: rule.id,
        rule_version: rule.version,
        occurrence: touch.occurrence,
        channel: rule.action.channel,
        template_key: touch.templateKey,
        priority: rule.priority,
        scheduled_at: scheduled.toISOString(),
        local_date: touch.localDate,
        due_date: touch.dueDate,
      },
    ];
  });
  const inserted: unknown[] = await manager.query(
    `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, priority, scheduled_at, local_date, due_date,
                          state, created_at, updated_at)
     SELECT r.*, 'planned', $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, rule_id uuid, rule_version int, occurrence text, channel text,
            template_key text, priority int, scheduled_at timestamptz, local_date date, due_date date)
     ON CONFLICT (customer_id, rule_id, occurrence) DO NOTHING
     RETURNING id`,
    [JSON.stringify(records), now],
  );
  return inserted.length;
}
