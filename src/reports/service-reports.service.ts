import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../common/domain';
import { FeedbackSettings } from '../config/settings';
import { rows as rowsOf } from '../database/sql';
import { GoalsService } from '../goals/goals.service';
import { Period } from './period';
import { serviceReport, ServiceReportRow } from './response-times';
import * as sql from './service-reports.sql';

export interface FeedbackReportRow {
  /** The rule id, the manager id (null: customers without one), or the month `YYYY-MM`. */
  key: string | null;
  /** The rule's name, the manager's name, or the month. */
  label: string;
  /** Messages sent in the period that carried a feedback link. */
  asked: number;
  answered: number;
  /** answered ÷ asked, 0–1 (4 decimals). */
  responseRate: number;
  /** Mean of the scores given, 2 decimals; null with no answer. */
  averageScore: number | null;
  /** Answers at or below FEEDBACK_LOW_SCORE. */
  lowScores: number;
  /** The satisfaction goal, and whether the average reaches it (null: no goal, or no answer yet). */
  satisfactionGoal: number | null;
  meetsSatisfactionGoal: boolean | null;
}

/**
 * The reports on what customers said and how soon they were answered, against the service goals.
 * Computed live from the tables on each request. A manager's reports cover their own customers.
 */
@Injectable()
export class ServiceReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly goals: GoalsService,
    private readonly feedback: FeedbackSettings,
  ) {}

  async feedbackReport(principal: Principal, period: Period, by: sql.FeedbackGrouping, ruleId?: string): Promise<FeedbackReportRow[]> {
    const [rows, goals] = await Promise.all([
      rowsOf<{ key: string | null; label: string; asked: number; answered: number; average_score: number | null; low_scores: number }>(
        this.db,
        sql.feedbackReport(by),
        [period.from, period.to, this.feedback.lowScore, managerScope(principal), ruleId ?? null],
      ),
      this.goals.get(),
    ]);
    const goal = goals.satisfactionAtLeast;
    return rows.map((row) => {
      const average = row.average_score === null ? null : round(row.average_score, 2);
      return {
        key: row.key,
        label: row.label,
        asked: row.asked,
        answered: row.answered,
        responseRate: row.asked === 0 ? 0 : round(row.answered / row.asked, 4),
        averageScore: average,
        lowScores: row.low_scores,
        satisfactionGoal: goal,
        // Compared unrounded, so 4.495 does not pass a goal of 4.5.
        meetsSatisfactionGoal: goal === null || row.average_score === null ? null : row.average_score >= goal,
      };
    });
  }

  /**
   * Per manager and month: reply times in the manager's working hours (median, 90th percentile,
   * share within the goal) and the feedback average against the satisfaction goal.
   */
  async serviceReport(principal: Principal, period: Period): Promise<ServiceReportRow[]> {
    const params = [period.from, period.to, managerScope(principal)];
    const [replies, satisfaction, goals] = await Promise.all([
      rowsOf<{ manager_id: string; manager: string; time_zone: string; reply_received_at: Date; completed_at: Date }>(
        this.db,
        sql.ANSWERED_REPLIES,
        params,
      ),
      rowsOf<{ manager_id: string; manager: string; month: string; answers: number; score_sum: number }>(
        this.db,
        sql.SATISFACTION_BY_MANAGER_MONTH,
        params,
      ),
      this.goals.get(),
    ]);
    return serviceReport(
      replies.map((r) => ({
        managerId: r.manager_id,
        manager: r.manager,
        timeZone: r.time_zone,
        receivedAt: r.reply_received_at,
        completedAt: r.completed_at,
      })),
      satisfaction.map((s) => ({ managerId: s.manager_id, manager: s.manager, month: s.month, answers: s.answers, scoreSum: s.score_sum })),
      goals,
    );
  }
}

export type { ServiceReportRow };

/** Admins see everyone; a manager only their own customers. */
export function managerScope(principal: Principal): string | null {
  return principal.role === 'admin' ? null : principal.staffId;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
