import { QuietHoursSettings, quietHoursSql, windowFor } from '../consent/quiet-hours';
import { compileConditions } from '../rules/conditions';
import { Action, Channel, Condition, DateTrigger, LapseTrigger, Limits, OrderTrigger, Trigger } from '../rules/rule.types';
import { insertPlannedTouches, replannedEventsCte } from '../touches/ledger.sql';
import { COUNTED_STATES, sqlStates } from '../touches/touch-states';
import { expiresAtSql, expiryPolicy } from './expiry';
import { holdoutBucketSql, HOLDOUT_BUCKETS } from './holdout';
import { minutesOfDay } from './local-time';
import { occurrencesActingBetween } from './occurrences';

/**
 * One set-based statement per rule: customers (joined to orders for order rules) → the touches
 * the rule makes in a window, inserted into the ledger with their state and skip reason. The
 * statement never returns rows per customer, only counts per (state, reason).
 */

/** What the planner needs of a rule, saved or not. */
export interface PlannableRule {
  id: string;
  version: number;
  priority: number;
  trigger: Trigger;
  conditions: Condition | null;
  action: Action;
  limits: Limits;
}

export interface PlanContext {
  rule: PlannableRule;
  runId: string;
  now: Date;
  /** Touches are planned when their time (after quiet hours) lies in [windowStart, windowEnd). */
  windowStart: Date;
  windowEnd: Date;
  quiet: QuietHoursSettings;
  /** Order rules only: limit to these orders (the new-order hook). */
  orderIds?: string[];
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

export const TASK_CHANNELS: Channel[] = ['call', 'card'];

/**
 * An order that reaches us late (an import, an outage) is still acted on if its moment (the send
 * time after the delay) lies within this many hours before the window: at once, subject to quiet
 * hours and its expiry. Older ones are history.
 */
export const LATE_ORDER_GRACE_HOURS = 48;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

class Params {
  readonly values: unknown[] = [];

  bind(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** Per channel: has the customer said yes, do we have where to reach them, is that address blocked. */
function channelChecks(channel: Channel): { consent: string; address: string; suppressed: string } {
  const phone = `coalesce(w.phone, '') <> '' AND NOT w.phone_invalid`;
  const blocked = (kind: string, address: string) =>
    `EXISTS (SELECT 1 FROM suppressions x WHERE x.channel = '${kind}' AND x.address = ${address})`;
  switch (channel) {
    case 'email':
      return {
        consent: `w.consent->'email'->>'status' = 'granted'`,
        address: `coalesce(w.email, '') <> ''`,
        suppressed: blocked('email', 'lower(w.email)'),
      };
    case 'sms':
    case 'call':
      return { consent: `w.consent->'${channel}'->>'status' = 'granted'`, address: phone, suppressed: blocked(channel, 'w.phone') };
    case 'card':
      // Post needs no channel consent and has no suppression list; it needs somewhere to go.
      return { consent: 'TRUE', address: `w.address IS NOT NULL AND coalesce(w.address->>'line1', '') <> ''`, suppressed: 'FALSE' };
  }
}

/** Columns every trigger source yields, for the checks and the insert. */
const CUSTOMER_COLUMNS = `c.id AS customer_id, c.time_zone AS tz, c.email, c.phone, c.phone_invalid, c.consent, c.address`;

/**
 * Every source yields the customer columns, `occurrence`, `order_id`, `local_date`, `due_at` (the
 * touch's moment before quiet hours: what its expiry counts from) and `catch_up` (a lapse touch
 * due now for an occurrence whose day passed before the rule could act on it).
 */
interface Source {
  sql: string;
  /** Order rules filter on when the order became due; the others on the touch's own time. */
  filterOnScheduled: boolean;
}

function dateSource(trigger: DateTrigger, ctx: PlanContext, p: Params, sendAt: string, where: string): Source {
  // Every local date the window touches in some zone (UTC-12 to UTC+14); a day earlier too when
  // the send time lies at or after the channel's window end, which pushes it into the next morning.
  const window = windowFor(ctx.rule.action.channel, ctx.quiet);
  const sendMinutes = minutesOfDay(ctx.rule.action.sendAt);
  const pushed = window !== null && (sendMinutes >= minutesOfDay(window.end) || sendMinutes >= 23 * 60);
  const first = new Date(ctx.windowStart.getTime() - 12 * HOUR_MS - (pushed ? DAY_MS : 0)).toISOString().slice(0, 10);
  const last = new Date(ctx.windowEnd.getTime() + 14 * HOUR_MS).toISOString().slice(0, 10);
  const matches = occurrencesActingBetween(first, last, trigger.offsetDays - taskLeadDays(ctx.rule.action));
  const unnest = `unnest(${p.bind(
    matches.map((m) => m.occurrenceDate),
    'date[]',
  )}, ${p.bind(
    matches.map((m) => m.triggerDate),
    'date[]',
  )},
                         ${p.bind(
                           matches.map((m) => m.year),
                           'int[]',
                         )}, ${p.bind(
                           matches.map((m) => m.month),
                           'int[]',
                         )},
                         ${p.bind(
                           matches.map((m) => m.day),
                           'int[]',
                         )}) AS m(occurrence_date, trigger_date, year, month, day)`;
  const field = trigger.field === 'birthday' ? 'birthday' : 'customer_since';
  const join =
    field === 'birthday'
      ? `c.birth_month = m.month AND c.birth_day = m.day`
      : // Matches the expression index on customers; the first anniversary is a year after.
        `extract(month FROM c.customer_since) = m.month AND extract(day FROM c.customer_since) = m.day AND c.customer_since < m.occurrence_date`;
  return {
    filterOnScheduled: true,
    sql: `SELECT ${CUSTOMER_COLUMNS}, '${field}:' || m.year AS occurrence, NULL::bigint AS order_id,
                 m.occurrence_date AS local_date, (m.trigger_date + ${sendAt}) AT TIME ZONE c.time_zone AS due_at, FALSE AS catch_up
            FROM ${unnest}
            JOIN customers c ON ${join}
           WHERE ${where}`,
  };
}

/**
 * Tasks (calls, cards) become due `dueOffsetDays` before the day the rule acts on, so a card can
 * be written and posted in time; messages go out on the day itself. Orders are not known ahead,
 * so their tasks are due when the order is acted on.
 */
function taskLeadDays(action: Action): number {
  return TASK_CHANNELS.includes(action.channel) ? (action.dueOffsetDays ?? 0) : 0;
}

/**
 * An order's touch goes at the first `sendAt` local time at or after `placedAt + delayHours`
 * (elapsed hours, not calendar days): "48 hours later, at 10:00 their time".
 */
function orderSource(trigger: OrderTrigger, ctx: PlanContext, p: Params, sendAt: string, where: string): Source {
  const delay = trigger.delayHours * HOUR_MS;
  // The send time may lie up to a day after the delay ends.
  const from = new Date(ctx.windowStart.getTime() - LATE_ORDER_GRACE_HOURS * HOUR_MS - delay - DAY_MS - HOUR_MS);
  const to = new Date(ctx.windowEnd.getTime() - delay);
  const only = ctx.orderIds ? `AND o.id = ANY(${p.bind(ctx.orderIds, 'bigint[]')})` : '';
  const ready = `o.placed_at + make_interval(hours => ${p.bind(trigger.delayHours, 'int')})`;
  const local = `(${ready}) AT TIME ZONE c.time_zone`;
  const sameDay = `((${local})::date + ${sendAt}) AT TIME ZONE c.time_zone`;
  const nextDay = `((${local})::date + 1 + ${sendAt}) AT TIME ZONE c.time_zone`;
  return {
    filterOnScheduled: false,
    sql: `SELECT ${CUSTOMER_COLUMNS}, 'order:' || o.id AS occurrence, o.id AS order_id,
                 (o.placed_at AT TIME ZONE c.time_zone)::date AS local_date,
                 CASE WHEN ${sameDay} >= ${ready} THEN ${sameDay} ELSE ${nextDay} END AS due_at, FALSE AS catch_up
            FROM orders o
            JOIN customers c ON c.id = o.customer_id
           WHERE o.status = 'placed' AND o.currency = ${p.bind(trigger.currency, 'text')} AND o.total >= ${p.bind(trigger.minTotal, 'numeric')}
             AND o.placed_at >= ${p.bind(from, 'timestamptz')} AND o.placed_at < ${p.bind(to, 'timestamptz')} ${only}
             AND ${where}`,
  };
}

/** Who counts as a top customer for a lapse rule. */
function audienceSql(audience: LapseTrigger['audience'], p: Params): string {
  const ranked = (limit: string) =>
    `c.id IN (SELECT id FROM customers WHERE anonymized_at IS NULL AND lifetime_value > 0
               ORDER BY lifetime_value DESC, id LIMIT ${limit})`;
  if (audience.topN !== undefined) return ranked(p.bind(audience.topN, 'bigint'));
  if (audience.topPercent !== undefined) {
    // Of paying customers: the same set that is ranked, so the share and the ranking agree.
    return ranked(
      `(SELECT ceil(count(*) * ${p.bind(audience.topPercent, 'numeric')} / 100)::bigint FROM customers WHERE anonymized_at IS NULL AND lifetime_value > 0)`,
    );
  }
  if (audience.tier !== undefined) return `c.tier = ${p.bind(audience.tier, 'text')}`;
  if (audience.tag !== undefined) return `c.tags @> ARRAY[${p.bind(audience.tag, 'text')}]`;
  throw new Error('A lapse audience needs one of topN, topPercent, tier, tag');
}

function lapseSource(trigger: LapseTrigger, ctx: PlanContext, p: Params, sendAt: string, where: string): Source {
  const lead = taskLeadDays(ctx.rule.action);
  const lapseDays = p.bind(trigger.lapseDays, 'int');
  const every = p.bind(trigger.repeatEveryDays, 'int');
  const catchUp = trigger.catchUp !== false;
  // The k-th touch acts lapseDays + (k-1)·repeatEveryDays - lead days after the last order, so
  // only last orders in one narrow range per k can put a touch in the window. Two days of slack
  // each side cover every zone's local date and quiet hours pushing a time to the next morning.
  // With catch-up, every customer still inside one of their lapse's periods counts: one range.
  const ranges: string[] = [];
  const range = (fromDays: number, toDays: number) =>
    ranges.push(
      `(c.last_order_at >= ${p.bind(new Date(ctx.windowStart.getTime() - fromDays * DAY_MS), 'timestamptz')}` +
        ` AND c.last_order_at < ${p.bind(new Date(ctx.windowEnd.getTime() - toDays * DAY_MS), 'timestamptz')})`,
    );
  if (catchUp) {
    range(trigger.lapseDays + (1 + trigger.maxRepeats) * trigger.repeatEveryDays + 3, trigger.lapseDays - lead - 2);
  } else {
    for (let k = 1; k <= 1 + trigger.maxRepeats; k++) {
      const days = trigger.lapseDays + (k - 1) * trigger.repeatEveryDays - lead;
      range(days + 3, days - 2);
    }
  }
  const windowStart = p.bind(ctx.windowStart, 'timestamptz');
  // The k-th occurrence's moment, and the moment its period ends (the next one's, or for the
  // last one a repeat interval later). A customer whose current occurrence began before the
  // window and whose period has not ended is caught up: one touch due now, never one per
  // missed occurrence.
  const leadDays = p.bind(lead, 'int');
  const moment = (extraDays: string) => `(l.start + (k - 1) * ${every} - ${leadDays} ${extraDays} + ${sendAt}) AT TIME ZONE c.time_zone`;
  const current = moment('');
  const caughtUp = catchUp ? `(${current} < ${windowStart} AND ${moment(`+ ${every}`)} > ${windowStart})` : 'FALSE';
  return {
    filterOnScheduled: true,
    sql: `SELECT ${CUSTOMER_COLUMNS}, 'lapse:' || l.start || ':' || k AS occurrence, NULL::bigint AS order_id,
                 l.start + (k - 1) * ${every} AS local_date,
                 CASE WHEN ${caughtUp} THEN ${windowStart} ELSE ${current} END AS due_at,
                 ${caughtUp} AS catch_up
            FROM customers c
           CROSS JOIN LATERAL (SELECT (c.last_order_at AT TIME ZONE c.time_zone)::date + ${lapseDays} AS start) l
           CROSS JOIN generate_series(1, 1 + ${p.bind(trigger.maxRepeats, 'int')}) AS k
           WHERE c.last_order_at IS NOT NULL AND (${ranges.join(' OR ')})
             AND ${audienceSql(trigger.audience, p)}
             AND ${where}`,
  };
}

/**
 * The statement for one rule: `WITH ...` ending in the ledger's insert of new touches (`ON CONFLICT
 * DO NOTHING`, or a re-plan of a pending touch an older version of the rule planned), answering
 * `(state, reason, n, catch_up)` rows. Skip reasons, first that applies: holdout (the control
 * group is drawn before anything else, so that it is like the treated group for the uplift
 * report), opted_out, no_address, suppressed, cooldown, expired. The frequency cap is decided
 * afterwards across rules.
 */
export function buildPlanStatement(ctx: PlanContext): BuiltQuery {
  const { rule } = ctx;
  const p = new Params();
  const now = p.bind(ctx.now, 'timestamptz');
  const conditions = compileConditions(rule.conditions, 'c', 2, { nowParam: 1 });
  p.values.push(...conditions.params);
  const where = `c.anonymized_at IS NULL AND ${conditions.sql}`;

  // Every trigger goes at the rule's local send time (orders: the first one after the delay).
  const sendAt = () => p.bind(rule.action.sendAt, 'time');
  const trigger = rule.trigger;
  const source =
    trigger.kind === 'date'
      ? dateSource(trigger, ctx, p, sendAt(), where)
      : trigger.kind === 'order'
        ? orderSource(trigger, ctx, p, sendAt(), where)
        : lapseSource(trigger, ctx, p, sendAt(), where);

  const window = windowFor(rule.action.channel, ctx.quiet);
  // Orders that reached us late (an import, an outage) act at once if still timely.
  const actAt = source.filterOnScheduled ? 's.due_at' : `greatest(s.due_at, ${now})`;
  const scheduled = quietHoursSql(actAt, 's.tz', p.bind(window?.start ?? null, 'time'), p.bind(window?.end ?? null, 'time'));
  // Orders: those whose delay ends before the window does, and whose moment is no more than the
  // grace before it (the orders' range above is the index's coarse cut of the same).
  const inWindow = source.filterOnScheduled
    ? `WHERE catch_up OR (scheduled_at >= ${p.bind(ctx.windowStart, 'timestamptz')} AND scheduled_at < ${p.bind(ctx.windowEnd, 'timestamptz')})`
    : `WHERE due_at >= ${p.bind(new Date(ctx.windowStart.getTime() - LATE_ORDER_GRACE_HOURS * HOUR_MS), 'timestamptz')}`;
  const expiresAt = expiresAtSql(expiryPolicy(rule), 's.due_at', 's.tz', (hours) => p.bind(hours, 'int'));

  const ruleId = p.bind(rule.id, 'uuid');
  const checks = channelChecks(rule.action.channel);
  const cooldownDays = rule.limits.cooldownDays ?? 0;
  const holdoutPercent = rule.limits.holdoutPercent ?? 0;
  let cooldown = 'FALSE';
  if (cooldownDays > 0) {
    const span = `make_interval(days => ${p.bind(cooldownDays, 'int')})`;
    // Against the ledger (earlier runs); among this statement's own rows, planRule decides after it.
    cooldown = `EXISTS (SELECT 1 FROM touches t
                    WHERE t.customer_id = w.customer_id AND t.rule_id = ${ruleId} AND t.occurrence <> w.occurrence
                      AND t.state IN (${sqlStates(COUNTED_STATES)})
                      AND t.scheduled_at > w.scheduled_at - ${span} AND t.scheduled_at < w.scheduled_at + ${span})`;
  }
  const holdout =
    holdoutPercent > 0
      ? `${holdoutBucketSql(ruleId, 'w.customer_id')} < ${p.bind(Math.round(holdoutPercent * (HOLDOUT_BUCKETS / 100)), 'int')}`
      : 'FALSE';
  const isTask = TASK_CHANNELS.includes(rule.action.channel);
  // The task is due on the customer's local day it becomes due (after quiet hours moved it).
  const dueDate = isTask ? `(scheduled_at AT TIME ZONE tz)::date` : 'NULL::date';

  const sql = `
    WITH s AS (${source.sql}),
    timed AS (SELECT s.*, ${scheduled} AS scheduled_at, ${expiresAt} AS expires_at FROM s),
    win AS (SELECT * FROM timed ${inWindow}),
    decided AS (
      SELECT w.*, CASE
               WHEN ${holdout} THEN 'holdout'
               WHEN (${checks.consent}) IS NOT TRUE THEN 'opted_out'
               WHEN (${checks.address}) IS NOT TRUE THEN 'no_address'
               WHEN ${checks.suppressed} THEN 'suppressed'
               WHEN ${cooldown} THEN 'cooldown'
               WHEN w.expires_at IS NOT NULL AND w.scheduled_at >= w.expires_at THEN 'expired'
             END AS reason
        FROM win w
    ),
    inserted AS (
      ${insertPlannedTouches('decided', {
        ruleId,
        version: p.bind(rule.version, 'int'),
        channel: p.bind(rule.action.channel, 'text'),
        templateKey: p.bind(rule.action.templateKey, 'text'),
        priority: p.bind(rule.priority, 'int'),
        dueDate,
        runId: p.bind(ctx.runId, 'uuid'),
        now,
      })}
    ),
    ${replannedEventsCte('inserted', now)}
    SELECT i.state, i.reason, count(*)::int AS n, count(*) FILTER (WHERE d.catch_up)::int AS catch_up
      FROM inserted i JOIN decided d ON d.customer_id = i.customer_id AND d.occurrence = i.occurrence
     GROUP BY i.state, i.reason`;
  return { sql, params: p.values };
}
