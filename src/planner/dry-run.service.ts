import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { Clock } from '../common/clock';
import { FieldError, InvalidInputError, NotFoundError, UnprocessableError } from '../common/errors';
import { withRuleDefaults } from '../rules/rule-defaults';
import { insertRule } from '../rules/rule-insert';
import { RuleInput, validateRule } from '../rules/rule-validation';
import { TemplatesService } from '../templates/templates.service';
import { localIso } from './local-time';
import { PlannableRule } from './plan-query';
import { Db, rows } from '../database/sql';
import { applyFrequencyCap, planRule } from './plan-steps';
import { PlannerSettings } from '../config/settings';
import * as sql from './planner.sql';

const DAY_MS = 86_400_000;
const MAX_WINDOW_DAYS = 31;
const EXAMPLES_PER_REASON = 5;
export const SAMPLE_COUNT = 3;

export interface DryRunWindow {
  from: string;
  to: string;
  limit?: number;
  offset?: number;
}

export interface DryRunTouch {
  customerId: string;
  externalId: string;
  name: string;
  occurrence: string;
  channel: string;
  templateKey: string;
  orderId: string | null;
  timeZone: string;
  /** When it goes out (or the task becomes due) in the customer's own time, with offset. */
  localTime: string;
  scheduledAt: string;
  localDate: string;
  dueDate: string | null;
}

export interface DryRunSkip {
  customerId: string;
  externalId: string;
  occurrence: string;
  localTime: string;
  scheduledAt: string;
}

export interface DryRunResult {
  rule: { id: string | null; name: string };
  window: { from: string; to: string };
  now: string;
  planned: { total: number; limit: number; offset: number; items: DryRunTouch[] };
  skipped: { total: number; byReason: Record<string, number>; examples: Record<string, DryRunSkip[]> };
  /** Touches of this rule in the window that earlier runs already put in the ledger (not repeated above). */
  alreadyInLedger: number;
  /**
   * Of the planned: lapse touches due at once for customers already lapsed when the rule starts
   * (one per customer, whatever they missed); calls and cards among them still go through capacity.
   */
  catchUp: number;
  /** The first few planned touches rendered with their template in the customer's locale. */
  samples: DryRunSample[];
}

export interface DryRunSample {
  customerId: string;
  occurrence: string;
  templateKey: string;
  /** The variant used ('' for the default one). */
  locale?: string;
  parts?: Record<string, string | undefined>;
  /** Why this one could not be rendered, e.g. the template does not exist yet. */
  error?: string;
}

interface TouchRow {
  customer_id: string;
  external_id: string;
  first_name: string;
  last_name: string;
  occurrence: string;
  channel: string;
  template_key: string;
  order_id: string | null;
  time_zone: string;
  scheduled_at: Date;
  local_date: string;
  due_date: string | null;
  reason: string | null;
  n: number;
}

/**
 * What a rule would do over a window, without writing: the planner's own statements run inside
 * a transaction that is always rolled back, so the dry run cannot drift from the planner.
 */
@Injectable()
export class DryRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: PlannerSettings,
    private readonly templates: TemplatesService,
  ) {}

  async forUnsavedRule(body: unknown, window: DryRunWindow): Promise<DryRunResult> {
    const errors = validateRule(body);
    if (errors.length > 0) {
      throw new UnprocessableError(
        'The rule is not valid',
        errors.map((e) => ({ field: `rule.${e.field}`, reason: e.reason })),
      );
    }
    return this.run(window, async (q, now) => {
      const input = body as RuleInput;
      const fields = withRuleDefaults({ ...input, name: `dry run ${randomUUID()}`, enabled: false });
      const { id, version, priority, trigger, conditions, action, limits } = await insertRule(q, fields, { now });
      const rule: PlannableRule = { id, version, priority, trigger, conditions, action, limits };
      return { rule, name: input.name, saved: false };
    });
  }

  async forSavedRule(ruleId: string, window: DryRunWindow): Promise<DryRunResult> {
    return this.run(window, async (q) => {
      const [rule] = await rows<PlannableRule & { name: string }>(q, sql.RULE_BY_ID, [ruleId]);
      if (!rule) throw new NotFoundError('Rule', ruleId);
      return { rule, name: rule.name, saved: true };
    });
  }

  private async run(
    window: DryRunWindow,
    loadRule: (q: Db, now: Date) => Promise<{ rule: PlannableRule; name: string; saved: boolean }>,
  ): Promise<DryRunResult> {
    const { from, to } = checkWindow(window);
    const limit = window.limit ?? 50;
    const offset = window.offset ?? 0;
    const now = this.clock.now();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const { rule, name, saved } = await loadRule(runner, now);
      const [{ id: runId }] = await rows<{ id: string }>(runner, sql.START_RUN, ['dry-run', now, from, to]);
      const counts = await planRule(runner, { rule, runId, now, windowStart: from, windowEnd: to, quiet: this.settings.quiet }).catch(
        (error: unknown) => {
          // A rule saved before today's checks can hold a value the database refuses: say so.
          if (error instanceof QueryFailedError) {
            throw new UnprocessableError('The rule cannot be planned', [
              { field: 'rule', reason: `the database refused its statement: ${error.message}` },
            ]);
          }
          throw error;
        },
      );
      const capped = await applyFrequencyCap(runner, runId, now, this.settings.cap);
      const cappedHere = capped.byRule[rule.id] ?? 0;
      const byReason = { ...counts.skipped };
      if (cappedHere > 0) byReason.capped = (byReason.capped ?? 0) + cappedHere;

      const planned = await rows<TouchRow>(runner, sql.DRY_RUN_PLANNED, [rule.id, runId, limit, offset]);
      const examples = await rows<TouchRow>(runner, sql.DRY_RUN_SKIPPED_EXAMPLES, [rule.id, runId, EXAMPLES_PER_REASON]);
      const [{ n: alreadyInLedger }] = saved
        ? await rows<{ n: number }>(runner, sql.ALREADY_IN_LEDGER, [rule.id, runId, from, to])
        : [{ n: 0 }];

      const items = planned.map(toTouch);
      return {
        rule: { id: saved ? rule.id : null, name },
        window: { from: from.toISOString(), to: to.toISOString() },
        now: now.toISOString(),
        planned: { total: counts.planned - cappedHere, limit, offset, items },
        skipped: {
          total: Object.values(byReason).reduce((sum, n) => sum + n, 0),
          byReason,
          examples: groupExamples(examples),
        },
        alreadyInLedger,
        catchUp: counts.catchUp ?? 0,
        samples: await this.renderSamples(items.slice(0, SAMPLE_COUNT), now),
      };
    } finally {
      // Always: a dry run leaves nothing behind.
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** The first few touches rendered as the customer would get them; a failure is shown, not thrown. */
  private async renderSamples(touches: DryRunTouch[], now: Date): Promise<DryRunSample[]> {
    const samples: DryRunSample[] = [];
    for (const touch of touches) {
      const base = { customerId: touch.customerId, occurrence: touch.occurrence, templateKey: touch.templateKey };
      try {
        const rendered = await this.templates.renderForCustomer(touch.templateKey, touch.customerId, {
          orderId: touch.orderId,
          now,
          touchDate: touch.localDate,
        });
        samples.push({ ...base, locale: rendered.locale, parts: { ...rendered.parts } });
      } catch (error) {
        samples.push({ ...base, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return samples;
  }
}

function checkWindow(window: DryRunWindow): { from: Date; to: Date } {
  const from = new Date(window.from);
  const to = new Date(window.to);
  const errors: FieldError[] = [];
  if (to.getTime() <= from.getTime()) errors.push({ field: 'to', reason: 'must be after from' });
  else if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    errors.push({ field: 'to', reason: `must be at most ${MAX_WINDOW_DAYS} days after from` });
  if (errors.length > 0) throw new InvalidInputError('Invalid dry-run window', errors);
  return { from, to };
}

function toTouch(row: TouchRow): DryRunTouch {
  const scheduledAt = new Date(row.scheduled_at);
  return {
    customerId: row.customer_id,
    externalId: row.external_id,
    name: `${row.first_name} ${row.last_name}`.trim(),
    occurrence: row.occurrence,
    channel: row.channel,
    templateKey: row.template_key,
    orderId: row.order_id,
    timeZone: row.time_zone,
    localTime: localIso(scheduledAt, row.time_zone),
    scheduledAt: scheduledAt.toISOString(),
    localDate: row.local_date,
    dueDate: row.due_date,
  };
}

function groupExamples(rowsIn: TouchRow[]): Record<string, DryRunSkip[]> {
  const examples: Record<string, DryRunSkip[]> = {};
  for (const row of rowsIn) {
    const scheduledAt = new Date(row.scheduled_at);
    (examples[row.reason ?? 'unknown'] ??= []).push({
      customerId: row.customer_id,
      externalId: row.external_id,
      occurrence: row.occurrence,
      localTime: localIso(scheduledAt, row.time_zone),
      scheduledAt: scheduledAt.toISOString(),
    });
  }
  return examples;
}
