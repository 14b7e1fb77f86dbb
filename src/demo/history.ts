import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { refreshCustomerStats } from '../crm/orders/customer-stats';
import { isHeldOut } from '../planner/holdout';
import { loadDefaultRules } from '../rules/default-rules';
import { Rule } from '../rules/rule.entity';
import { insertRuleVersion } from '../rules/rule-insert';
import { Action, Trigger } from '../rules/rule.types';
import { RuleInput } from '../rules/rule-validation';
import { recordEventsAsGiven } from '../touches/ledger';
import { pick, seededRandom } from './random';
import { insertOrders, insertRule, OrderSeed, withRuleDefaults } from './seed-data';

/**
 * A year of simulated history for the demo: touches the default rules would have made, with
 * their fates (delivered, opened, bounced, held out, cards and calls done), and the reorders that
 * followed — more often after a touch than in the holdout group, so the reports have something
 * true-looking to show. Deterministic for a given day.
 */
const DAY_MS = 86_400_000;
// Demo rules hold out a fifth of customers so a few hundred customers give readable intervals.
const DEMO_HOLDOUT_PERCENT = 20;
const REORDER_AFTER_TOUCH = 0.32;
const REORDER_IN_HOLDOUT = 0.16;
const CALL_OUTCOMES = ['reached', 'reached', 'reached', 'left_voicemail', 'no_answer'];

interface RuleRow {
  id: string;
  name: string;
  priority: number;
  version: number;
  trigger: Trigger;
  action: Action;
  limits: Record<string, unknown>;
}

interface CustomerRow {
  id: string;
  birth_month: number | null;
  birth_day: number | null;
  time_zone: string;
  account_manager_id: string | null;
  lifetime_value: string;
  tier: string | null;
}

interface TouchRecord {
  customer_id: string;
  rule_id: string;
  rule_version: number;
  occurrence: string;
  channel: string;
  template_key: string;
  order_id: string | null;
  priority: number;
  scheduled_at: string;
  local_date: string;
  due_date: string | null;
  state: string;
  reason: string | null;
}

/**
 * Besides the default rules, the demo shop thanks every order by SMS. Orders are its most frequent
 * event, so this rule's holdout group grows fastest: within a month there are enough held-out
 * customers, for the shop and for each manager's own book, for the uplift report to give an
 * interval rather than "not enough data yet".
 */
function demoRules(currency: string): RuleInput[] {
  return [
    {
      name: 'Thank-you SMS after an order',
      description: 'A short thank-you text from the account manager the day after every order.',
      priority: 40,
      enabled: true,
      trigger: { kind: 'order', minTotal: '0', currency, delayHours: 24 },
      action: { channel: 'sms', templateKey: 'thank-you-sms', sendAt: '10:00' },
      limits: { holdoutPercent: DEMO_HOLDOUT_PERCENT },
    },
  ];
}

/** The default rules, the demo's own, and a holdout group on every message rule. */
export async function loadDemoRules(manager: EntityManager, now: Date, currency: string): Promise<void> {
  await loadDefaultRules(manager, now);
  for (const rule of demoRules(currency)) await insertRule(manager, withRuleDefaults(rule), { now });
  await enableDemoHoldout(manager, now);
}

/** `quiet`: customers whose lapse must last, so no simulated reorder is placed for them. */
export async function simulateDemoHistory(
  manager: EntityManager,
  now: Date,
  currency: string,
  quiet: ReadonlySet<string> = new Set(),
): Promise<string> {
  const random = seededRandom(20261124);
  const rules: RuleRow[] = await manager.query('SELECT id, name, priority, version, trigger, action, limits FROM rules');
  const byTemplate = (key: string) => rules.find((rule) => rule.action.templateKey === key);
  const customers: CustomerRow[] = await manager.query(
    'SELECT id, birth_month, birth_day, time_zone, account_manager_id, lifetime_value, tier FROM customers ORDER BY id',
  );

  const customerById = new Map(customers.map((customer) => [customer.id, customer]));
  const touches: TouchRecord[] = [];
  const at = (zone: string, date: DateTime, time: string) =>
    DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) },
      { zone },
    ).toUTC();
  const today = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day');

  const birthdayEmail = byTemplate('birthday-email');
  const birthdayCard = byTemplate('birthday-card');
  for (const customer of customers) {
    if (customer.birth_month === null || customer.birth_day === null) continue;
    for (const year of [today.year - 1, today.year]) {
      let day = DateTime.fromObject({ year, month: customer.birth_month, day: customer.birth_day }, { zone: customer.time_zone });
      if (!day.isValid) day = DateTime.fromObject({ year, month: 2, day: 28 }, { zone: customer.time_zone });
      const ageDays = today.diff(day.startOf('day'), 'days').days;
      if (ageDays < 1 || ageDays > 365) continue;
      if (birthdayEmail)
        touches.push(
          outcome(birthdayEmail, customer, `birthday:${year}`, at(customer.time_zone, day, birthdayEmail.action.sendAt), day, null),
        );
      const top = customer.tier === 'gold' || Number(customer.lifetime_value) >= 3000;
      if (birthdayCard && top) {
        const due = day.minus({ days: birthdayCard.action.dueOffsetDays ?? 0 });
        touches.push({
          ...base(birthdayCard, customer, `birthday:${year}`, at(customer.time_zone, due, birthdayCard.action.sendAt), day, due),
          state: 'done',
          reason: null,
        });
      }
    }
  }

  const thankYou = byTemplate('thank-you-email');
  if (thankYou && thankYou.trigger.kind === 'order') {
    const big: { id: string; customer_id: string; placed_at: Date; time_zone: string }[] = await manager.query(
      `SELECT o.id, o.customer_id, o.placed_at, c.time_zone FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.status = 'placed' AND o.currency = $1 AND o.total >= $2 AND o.placed_at BETWEEN $3 AND $4 ORDER BY o.id`,
      [thankYou.trigger.currency, thankYou.trigger.minTotal, new Date(now.getTime() - 365 * DAY_MS), new Date(now.getTime() - 2 * DAY_MS)],
    );
    for (const order of big) {
      const customer = customerById.get(String(order.customer_id))!;
      const send = DateTime.fromJSDate(order.placed_at, { zone: order.time_zone }).plus({ hours: thankYou.trigger.delayHours });
      touches.push(outcome(thankYou, customer, `order:${order.id}`, send.toUTC(), send, null, order.id));
    }
  }

  const thankYouSms = byTemplate('thank-you-sms');
  if (thankYouSms && thankYouSms.trigger.kind === 'order') {
    const placed: { id: string; customer_id: string; placed_at: Date; time_zone: string }[] = await manager.query(
      `SELECT o.id, o.customer_id, o.placed_at, c.time_zone FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.status = 'placed' AND o.currency = $1 AND o.total >= $2 AND o.placed_at BETWEEN $3 AND $4 ORDER BY o.id`,
      [
        thankYouSms.trigger.currency,
        thankYouSms.trigger.minTotal,
        new Date(now.getTime() - 365 * DAY_MS),
        new Date(now.getTime() - 2 * DAY_MS),
      ],
    );
    for (const order of placed) {
      const customer = customerById.get(String(order.customer_id))!;
      const send = DateTime.fromJSDate(order.placed_at, { zone: order.time_zone }).plus({ hours: thankYouSms.trigger.delayHours });
      touches.push(outcome(thankYouSms, customer, `order:${order.id}`, send.toUTC(), send, null, order.id));
    }
  }

  const checkIn = byTemplate('checkin-call');
  if (checkIn) {
    const top = customers.filter((c) => c.tier === 'gold').slice(0, 40);
    for (const customer of top) {
      const due = today.minus({ days: 7 + Math.floor(random() * 300) });
      touches.push({
        ...base(
          checkIn,
          customer,
          `lapse:${due.minus({ days: 60 }).toISODate()}:0`,
          at(customer.time_zone, due, checkIn.action.sendAt),
          due,
          due,
        ),
        state: 'done',
        reason: null,
      });
    }
  }

  function base(
    rule: RuleRow,
    customer: CustomerRow,
    occurrence: string,
    scheduled: DateTime,
    local: DateTime,
    due: DateTime | null,
    orderId: string | null = null,
  ): TouchRecord {
    return {
      customer_id: customer.id,
      rule_id: rule.id,
      rule_version: rule.version,
      occurrence,
      channel: rule.action.channel,
      template_key: rule.action.templateKey,
      order_id: orderId,
      priority: rule.priority,
      scheduled_at: scheduled.toISO()!,
      local_date: local.toISODate()!,
      due_date: due ? due.toISODate() : null,
      state: 'sent',
      reason: null,
    };
  }

  function outcome(
    rule: RuleRow,
    customer: CustomerRow,
    occurrence: string,
    scheduled: DateTime,
    local: DateTime,
    due: DateTime | null,
    orderId: string | null = null,
  ): TouchRecord {
    const touch = base(rule, customer, occurrence, scheduled, local, due, orderId);
    const percent = Number(rule.limits.holdoutPercent ?? 0);
    if (isHeldOut(rule.id, customer.id, percent)) return { ...touch, state: 'skipped', reason: 'holdout' };
    const roll = random();
    if (roll < 0.02) return { ...touch, state: 'failed', reason: rule.action.channel === 'sms' ? 'provider:21614' : 'hard_bounce' };
    return { ...touch, state: roll < 0.85 ? 'delivered' : 'sent' };
  }

  const inserted: (TouchRecord & { id: string })[] = await manager.query(
    `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, order_id, priority, scheduled_at,
                          local_date, due_date, state, reason, created_at, updated_at)
     SELECT r.*, r.scheduled_at, r.scheduled_at
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, rule_id uuid, rule_version int, occurrence text, channel text,
            template_key text, order_id bigint, priority int, scheduled_at timestamptz, local_date date, due_date date, state text, reason text)
     ON CONFLICT (customer_id, rule_id, occurrence) DO NOTHING
     RETURNING id, customer_id, channel, state, scheduled_at, due_date, priority`,
    [JSON.stringify(touches)],
  );

  const events: Record<string, unknown>[] = [];
  const tasks: Record<string, unknown>[] = [];
  const reorders: OrderSeed[] = [];
  for (const touch of inserted) {
    const when = new Date(touch.scheduled_at);
    const later = (hours: number) => new Date(when.getTime() + hours * 3_600_000).toISOString();
    if (touch.channel === 'sms' && touch.state !== 'skipped') {
      events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'sent', at: when.toISOString() });
      if (touch.state === 'delivered')
        events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'delivered', at: later(0.01) });
    }
    if (touch.channel === 'email' && touch.state !== 'skipped') {
      events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'sent', at: when.toISOString() });
      if (touch.state === 'failed') events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'bounced', at: later(0.1) });
      if (touch.state === 'delivered') {
        events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'delivered', at: later(0.05) });
        if (random() < 0.5)
          events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'opened', at: later(2 + random() * 30) });
        if (random() < 0.14)
          events.push({ customer_id: touch.customer_id, touch_id: touch.id, kind: 'clicked', at: later(3 + random() * 30) });
      }
    }
    if (touch.channel === 'call' || touch.channel === 'card') {
      const customer = customerById.get(String(touch.customer_id))!;
      const outcomeName = touch.channel === 'card' ? 'card_sent' : pick(random, CALL_OUTCOMES);
      const completed = later(1 + random() * 40);
      tasks.push({
        customer_id: touch.customer_id,
        touch_id: touch.id,
        assignee_staff_id: customer.account_manager_id,
        kind: touch.channel,
        due_date: touch.due_date,
        original_due_date: touch.due_date,
        priority: touch.priority,
        outcome: outcomeName,
        note: touch.channel === 'call' ? 'Caught up; happy with the last order.' : null,
        created_at: when.toISOString(),
        completed_at: completed,
        completed_by: customer.account_manager_id,
      });
      events.push({
        customer_id: touch.customer_id,
        touch_id: touch.id,
        kind: 'task_completed',
        at: completed,
        actor_staff_id: customer.account_manager_id,
        detail: { outcome: outcomeName },
      });
    }
    // The effect the reports should find: touched customers come back more often than held-out ones.
    const reached = touch.state !== 'skipped' && touch.state !== 'failed';
    const heldOut = touch.state === 'skipped';
    if ((reached && random() < REORDER_AFTER_TOUCH) || (heldOut && random() < REORDER_IN_HOLDOUT)) {
      const placed = new Date(when.getTime() + (1 + random() * 28) * DAY_MS);
      if (placed < now && !quiet.has(String(touch.customer_id))) {
        reorders.push({
          customerId: String(touch.customer_id),
          externalId: `demo-reorder-${touch.id}`,
          placedAt: placed.toISOString(),
          total: (25 + random() * 220).toFixed(2),
          currency,
          status: 'placed',
        });
      }
    }
  }

  await recordEventsAsGiven(manager, events);
  await manager.query(
    `INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, state, outcome, note,
                        created_at, updated_at, completed_at, completed_by)
     SELECT r.customer_id, r.touch_id, r.assignee_staff_id, r.kind, r.due_date, r.original_due_date, r.priority, 'done', r.outcome, r.note,
            r.created_at, r.completed_at, r.completed_at, r.completed_by
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, touch_id bigint, assignee_staff_id uuid, kind text, due_date date,
            original_due_date date, priority int, outcome text, note text, created_at timestamptz, completed_at timestamptz, completed_by uuid)`,
    [JSON.stringify(tasks)],
  );
  // Recorded as written when they were placed, as a live shop would have them.
  await insertOrders(manager, reorders, null, { skipExisting: true });
  await refreshCustomerStats(manager, null, currency);
  return `${inserted.length} past touches, ${tasks.length} done tasks, ${reorders.length} reorders`;
}

/** The demo measures uplift, so its email rules keep a holdout group too; recorded as a rule version. */
async function enableDemoHoldout(manager: EntityManager, now: Date): Promise<void> {
  const rules = await manager.getRepository(Rule).find({ order: { name: 'ASC' } });
  for (const current of rules) {
    if (current.action.channel !== 'email' || current.limits.holdoutPercent !== undefined) continue;
    const next: Rule = {
      ...current,
      limits: { ...current.limits, holdoutPercent: DEMO_HOLDOUT_PERCENT },
      version: current.version + 1,
      updatedAt: now,
    };
    await manager.query('UPDATE rules SET limits = $2, version = $3, updated_at = $4 WHERE id = $1', [
      next.id,
      JSON.stringify(next.limits),
      next.version,
      now,
    ]);
    await insertRuleVersion(manager, next, 'updated', null, now);
  }
}
