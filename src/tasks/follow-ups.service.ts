import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { capCandidate, capLosers, CapRow } from '../consent/frequency-cap';
import { nextAllowed, windowFor } from '../consent/quiet-hours';
import { PlannerSettings } from '../config/settings';
import { firstRow, rows } from '../database/sql';
import { localToUtc, utcToLocal } from '../planner/local-time';
import { FollowUp } from '../rules/rule.types';
import { planFollowUp, skipCapped } from '../touches/ledger';
import { FIXED_STATES } from '../touches/touch-states';
import { localDateIn } from './days';
import { decideFollowUp, FollowUpDecision } from './follow-ups';
import * as sql from './follow-ups.sql';
import { TaskOutcome } from './task.entity';

/** What an outcome did about a follow-up: nothing (and why), or the touch it planned. */
export type FollowUpResult =
  | { planned: false; why: string }
  | { planned: true; touchId: string; state: string; reason: string | null; occurrence: string; attempt: number };

/**
 * Plans a call's follow-up inside the transaction that records its outcome. The follow-up is a
 * touch like any other: the rule's template and priority, the rule's local send time on its due
 * day (moved by quiet hours), consent checked now and again when it becomes a task, and the
 * frequency cap decided for the customer at once (later plan runs weigh it again, like any
 * planned touch). The rule must still be enabled: a switched-off rule plans nothing more.
 */
@Injectable()
export class FollowUpsService {
  constructor(private readonly settings: PlannerSettings) {}

  async afterOutcome(
    m: EntityManager,
    task: { touch_id: string },
    outcome: TaskOutcome,
    actorStaffId: string,
    now: Date,
  ): Promise<FollowUpResult> {
    const source = await firstRow<sql.FollowUpSourceRow>(m, sql.FOLLOW_UP_SOURCE, [task.touch_id]);
    if (!source) return { planned: false, why: 'the touch is gone' };
    if (!source.rule_enabled) return { planned: false, why: 'the rule is switched off' };
    const decision: FollowUpDecision = decideFollowUp({
      occurrence: source.occurrence,
      outcome,
      followUps: source.action.followUps as FollowUp[] | undefined,
      completedOn: localDateIn(now, source.time_zone),
    });
    if (!decision.plan) return { planned: false, why: decision.why };

    const scheduledAt = nextAllowed(
      localToUtc(decision.dueDate, source.action.sendAt, source.time_zone),
      source.time_zone,
      windowFor('call', this.settings.quiet),
    );
    const skip = await firstRow<{ reason: string | null }>(m, sql.CALL_SKIP_REASON, [source.customer_id]);
    const touch = await planFollowUp(
      m,
      {
        customerId: source.customer_id,
        ruleId: source.rule_id,
        ruleVersion: source.rule_version,
        occurrence: decision.occurrence,
        templateKey: source.action.templateKey,
        orderId: source.order_id,
        priority: source.rule_priority,
        scheduledAt,
        dueDate: utcToLocal(scheduledAt, source.time_zone).date,
        localDate: source.local_date,
        skipReason: skip?.reason ?? null,
        actorStaffId,
        detail: {
          attempt: decision.attempt,
          afterOutcome: outcome,
          followsTouchId: task.touch_id,
          afterWorkingDays: decision.afterWorkingDays,
        },
      },
      now,
    );
    if (!touch) return { planned: false, why: `${decision.occurrence} is planned already` };
    const state =
      touch.state === 'planned' && (await this.capped(m, source.customer_id, touch.id, scheduledAt, now)) ? 'skipped' : touch.state;
    return {
      planned: true,
      touchId: touch.id,
      state,
      reason: state === touch.state ? touch.reason : 'capped',
      occurrence: decision.occurrence,
      attempt: decision.attempt,
    };
  }

  /** The frequency cap for the customer around the new touch; true when the new touch lost. */
  private async capped(m: EntityManager, customerId: string, touchId: string, at: Date, now: Date): Promise<boolean> {
    const cap = this.settings.cap;
    const neighbours = await rows<CapRow>(m, sql.CAP_NEIGHBOURS, [customerId, at, cap.days]);
    const losers = capLosers(
      neighbours.map((t) => capCandidate(t, FIXED_STATES)),
      cap,
    );
    if (losers.size > 0) await skipCapped(m, [...losers], now);
    return losers.has(touchId);
  }
}
