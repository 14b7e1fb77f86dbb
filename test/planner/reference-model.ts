import { nextAllowed, QuietHoursSettings, windowFor } from '../../src/consent/quiet-hours';
import { isHeldOut } from '../../src/planner/holdout';
import { addDays, localToUtc, utcToLocal } from '../../src/planner/local-time';
import { annualDate } from '../../src/planner/occurrences';

/**
 * The planner's semantics written the slow, obvious way: per customer, per local day, in plain
 * TypeScript, no SQL. The differential test holds the planner (and the dry run) to it touch for
 * touch. The building blocks it borrows (local time in a zone, quiet hours, the holdout draw,
 * Feb 29 in common years) each have their own specs against PostgreSQL.
 */

export type Channel = 'email' | 'sms' | 'call' | 'card';

export interface ModelCustomer {
  id: string;
  timeZone: string;
  email: string | null;
  phone: string | null;
  phoneInvalid: boolean;
  consent: Partial<Record<'email' | 'sms' | 'call', 'granted' | 'withdrawn'>>;
  hasAddress: boolean;
  birthMonth: number | null;
  birthDay: number | null;
  customerSince: string | null;
  tier: string | null;
  lastOrderAt: Date | null;
  /** Channels whose address is on the suppression list. */
  suppressed: Channel[];
}

export interface ModelOrder {
  id: string;
  customerId: string;
  placedAt: Date;
  total: number;
  currency: string;
  status: 'placed' | 'cancelled';
}

export type ModelTrigger =
  | { kind: 'date'; field: 'birthday' | 'customer_since'; offsetDays: number }
  | { kind: 'order'; minTotal: number; currency: string; delayHours: number }
  | { kind: 'lapse'; tier: string; lapseDays: number; repeatEveryDays: number; maxRepeats: number; catchUp: boolean };

export interface ModelRule {
  id: string;
  trigger: ModelTrigger;
  channel: Channel;
  sendAt: string;
  dueOffsetDays: number;
  holdoutPercent: number;
  expireAfterHours?: number;
  priority: number;
  cooldownDays?: number;
}

export interface ModelTouch {
  ruleId: string;
  customerId: string;
  occurrence: string;
  state: 'planned' | 'skipped';
  reason: string | null;
  scheduledAt: number;
  expiresAt: number | null;
  /** Planned by which run (0-based). */
  run: number;
  priority: number;
}

const HOUR = 3_600_000;
const TASKS: Channel[] = ['call', 'card'];
const GRACE_HOURS = 48;

/** Every touch the rule would make for the customer, planned in a run at `now` over [now, windowEnd). */
function candidates(
  rule: ModelRule,
  c: ModelCustomer,
  orders: ModelOrder[],
  now: number,
  windowEnd: number,
  quiet: QuietHoursSettings,
): { occurrence: string; dueAt: number; scheduledAt: number }[] {
  const window = windowFor(rule.channel, quiet);
  const at = (instant: number) => nextAllowed(new Date(instant), c.timeZone, window).getTime();
  const lead = TASKS.includes(rule.channel) ? rule.dueOffsetDays : 0;
  const inWindow = (scheduledAt: number) => scheduledAt >= now && scheduledAt < windowEnd;
  const out: { occurrence: string; dueAt: number; scheduledAt: number }[] = [];
  const t = rule.trigger;

  if (t.kind === 'date') {
    const annual =
      t.field === 'birthday' ? (c.birthMonth !== null ? { month: c.birthMonth, day: c.birthDay! } : null) : sinceOf(c.customerSince);
    if (!annual) return out;
    // Every local day near the window, in the customer's own calendar.
    const today = utcToLocal(new Date(now), c.timeZone).date;
    for (let i = -3; i <= Math.ceil((windowEnd - now) / (24 * HOUR)) + 3; i++) {
      const actDay = addDays(today, i);
      const occurrenceDay = addDays(actDay, -(t.offsetDays - lead));
      const year = Number(occurrenceDay.slice(0, 4));
      if (annualDate(year, annual.month, annual.day) !== occurrenceDay) continue;
      if (t.field === 'customer_since' && !(c.customerSince! < occurrenceDay)) continue;
      const dueAt = localToUtc(actDay, rule.sendAt, c.timeZone).getTime();
      const scheduledAt = at(dueAt);
      if (inWindow(scheduledAt)) out.push({ occurrence: `${t.field}:${year}`, dueAt, scheduledAt });
    }
  } else if (t.kind === 'order') {
    for (const o of orders) {
      if (o.customerId !== c.id || o.status !== 'placed' || o.currency !== t.currency || o.total < t.minTotal) continue;
      const ready = o.placedAt.getTime() + t.delayHours * HOUR;
      if (ready >= windowEnd) continue;
      // The first send time at or after the delay ends, in the customer's zone.
      const readyDay = utcToLocal(new Date(ready), c.timeZone).date;
      const sameDay = localToUtc(readyDay, rule.sendAt, c.timeZone).getTime();
      const dueAt = sameDay >= ready ? sameDay : localToUtc(addDays(readyDay, 1), rule.sendAt, c.timeZone).getTime();
      if (dueAt < now - GRACE_HOURS * HOUR) continue;
      out.push({ occurrence: `order:${o.id}`, dueAt, scheduledAt: at(Math.max(dueAt, now)) });
    }
  } else {
    if (c.tier !== t.tier || c.lastOrderAt === null) return out;
    const start = addDays(utcToLocal(c.lastOrderAt, c.timeZone).date, t.lapseDays);
    for (let k = 1; k <= 1 + t.maxRepeats; k++) {
      const day = addDays(start, (k - 1) * t.repeatEveryDays - lead);
      const dueAt = localToUtc(day, rule.sendAt, c.timeZone).getTime();
      const periodEnd = localToUtc(addDays(day, t.repeatEveryDays), rule.sendAt, c.timeZone).getTime();
      const occurrence = `lapse:${start}:${k}`;
      if (t.catchUp && dueAt < now && periodEnd > now) {
        out.push({ occurrence, dueAt: now, scheduledAt: at(now) });
      } else if (inWindow(at(dueAt))) {
        out.push({ occurrence, dueAt, scheduledAt: at(dueAt) });
      }
    }
  }
  return out;
}

function sinceOf(since: string | null): { month: number; day: number } | null {
  return since === null ? null : { month: Number(since.slice(5, 7)), day: Number(since.slice(8, 10)) };
}

function expiresAt(rule: ModelRule, dueAt: number, timeZone: string): number | null {
  if (rule.expireAfterHours !== undefined) return dueAt + rule.expireAfterHours * HOUR;
  if (TASKS.includes(rule.channel)) return null;
  switch (rule.trigger.kind) {
    case 'date':
      return localToUtc(addDays(utcToLocal(new Date(dueAt), timeZone).date, 1), '00:00', timeZone).getTime();
    case 'order':
      return dueAt + 72 * HOUR;
    case 'lapse':
      return dueAt + 7 * 24 * HOUR;
  }
}

function skipReason(rule: ModelRule, c: ModelCustomer, scheduledAt: number, expires: number | null, cooling: boolean): string | null {
  if (isHeldOut(rule.id, c.id, rule.holdoutPercent)) return 'holdout';
  const phoneOk = (c.phone ?? '') !== '' && !c.phoneInvalid;
  switch (rule.channel) {
    case 'email':
      if (c.consent.email !== 'granted') return 'opted_out';
      if ((c.email ?? '') === '') return 'no_address';
      if (c.suppressed.includes('email')) return 'suppressed';
      break;
    case 'sms':
    case 'call':
      if (c.consent[rule.channel] !== 'granted') return 'opted_out';
      if (!phoneOk) return 'no_address';
      if (c.suppressed.includes(rule.channel)) return 'suppressed';
      break;
    case 'card':
      if (!c.hasAddress) return 'no_address';
  }
  if (cooling) return 'cooldown';
  if (expires !== null && scheduledAt >= expires) return 'expired';
  return null;
}

/** Ordering of a customer's touches for the cap: priority, then time, then planned first, then rule and occurrence. */
function capOrder(a: ModelTouch, b: ModelTouch): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    b.priority - a.priority ||
    a.scheduledAt - b.scheduledAt ||
    a.run - b.run ||
    text(a.ruleId, b.ruleId) ||
    text(a.occurrence, b.occurrence)
  );
}

/**
 * The ledger after planner runs at each of `runs` (instants), each over [now, now + horizon):
 * first the sweep of planned touches past their expiry, then every rule; a touch already in the
 * ledger is never written twice. A rule's cooldown holds a touch back when the rule already has a
 * counted touch of the customer within it from an earlier run, or, among one run's new touches,
 * one kept before it in time. Then the frequency cap, for customers this run planned for, over
 * all their planned touches: taken by priority (see capOrder), a touch is kept only while fewer
 * than `max` kept ones lie within `days` of it.
 */
export function modelLedger(input: {
  customers: ModelCustomer[];
  orders: ModelOrder[];
  rules: ModelRule[];
  runs: number[];
  horizonHours: number;
  quiet: QuietHoursSettings;
  cap: { max: number; days: number };
}): Map<string, ModelTouch> {
  const ledger = new Map<string, ModelTouch>();
  const skip = (touch: ModelTouch, reason: string) => {
    touch.state = 'skipped';
    touch.reason = reason;
  };
  input.runs.forEach((now, run) => {
    for (const touch of ledger.values()) {
      if (touch.state === 'planned' && touch.expiresAt !== null && touch.expiresAt <= now) {
        touch.state = 'skipped';
        touch.reason = 'expired';
      }
    }
    const windowEnd = now + input.horizonHours * HOUR;
    for (const rule of input.rules) {
      const span = (rule.cooldownDays ?? 0) * 24 * HOUR;
      for (const c of input.customers) {
        const earlier = [...ledger.values()].filter((t) => t.ruleId === rule.id && t.customerId === c.id && t.state === 'planned');
        const fresh: ModelTouch[] = [];
        for (const cand of candidates(rule, c, input.orders, now, windowEnd, input.quiet)) {
          const key = `${rule.id}|${c.id}|${cand.occurrence}`;
          if (ledger.has(key)) continue;
          const expires = expiresAt(rule, cand.dueAt, c.timeZone);
          const cooling =
            span > 0 && earlier.some((t) => t.occurrence !== cand.occurrence && Math.abs(t.scheduledAt - cand.scheduledAt) < span);
          const reason = skipReason(rule, c, cand.scheduledAt, expires, cooling);
          const touch: ModelTouch = {
            ruleId: rule.id,
            customerId: c.id,
            occurrence: cand.occurrence,
            state: reason === null ? 'planned' : 'skipped',
            reason,
            scheduledAt: cand.scheduledAt,
            expiresAt: expires,
            run,
            priority: rule.priority,
          };
          ledger.set(key, touch);
          if (reason === null) fresh.push(touch);
        }
        if (span > 0) {
          let lastKept: number | null = null;
          fresh.sort((a, b) => a.scheduledAt - b.scheduledAt || (a.occurrence < b.occurrence ? -1 : 1));
          for (const touch of fresh) {
            if (lastKept !== null && touch.scheduledAt - lastKept < span) skip(touch, 'cooldown');
            else lastKept = touch.scheduledAt;
          }
        }
      }
    }
    const capSpan = input.cap.days * 24 * HOUR;
    for (const c of input.customers) {
      const open = [...ledger.values()].filter((t) => t.customerId === c.id && t.state === 'planned');
      if (!open.some((t) => t.run === run)) continue;
      const kept: number[] = [];
      for (const touch of open.sort(capOrder)) {
        if (kept.filter((at) => Math.abs(at - touch.scheduledAt) < capSpan).length < input.cap.max) kept.push(touch.scheduledAt);
        else skip(touch, 'capped');
      }
    }
  });
  return ledger;
}
