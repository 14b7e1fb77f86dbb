import { RuleEvents } from './rule-events';
import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { rows as sqlRows, run } from '../database/sql';
import { TemplatesService } from '../templates/templates.service';
import { cancelPendingOfRule } from '../touches/ledger';
import { KEEPS_RULE } from '../touches/touch-states';
import { Rule } from './rule.entity';
import { withRuleDefaults } from './rule-defaults';
import { insertRule, insertRuleVersion, ruleInputOf, snapshotOf } from './rule-insert';
import { applyRulePatch, RulePatch } from './rule-patch';
import { RuleInput, validateRule } from './rule-validation';
import * as sql from './rules.sql';

export type RuleChange = 'created' | 'updated' | 'enabled' | 'disabled';

export interface RuleVersionView {
  version: number;
  change: RuleChange;
  changedAt: Date;
  changedBy: { id: string; name: string } | null;
  snapshot: Record<string, unknown>;
}

@Injectable()
export class RulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly templates: TemplatesService,
    private readonly audit: AuditService,
    private readonly events: RuleEvents,
  ) {}

  list(filter: { enabled?: boolean } = {}): Promise<Rule[]> {
    return this.db.getRepository(Rule).find({
      where: filter.enabled === undefined ? {} : { enabled: filter.enabled },
      order: { priority: 'DESC', name: 'ASC' },
    });
  }

  /** The rules the planner runs, highest priority first. */
  listEnabled(manager: EntityManager = this.db.manager): Promise<Rule[]> {
    return manager.getRepository(Rule).find({ where: { enabled: true }, order: { priority: 'DESC', name: 'ASC' } });
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<Rule> {
    const rule = await manager.getRepository(Rule).findOneBy({ id });
    if (!rule) throw new NotFoundError('Rule', id);
    return rule;
  }

  async create(input: RuleInput, staffId: string | null): Promise<Rule> {
    assertValid(input);
    return this.write(async (manager, now) => {
      await this.assertTemplate(input);
      await this.assertNameFree(manager, input.name);
      const saved = await insertRule(manager, withRuleDefaults(input), { now, staffId });
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'create',
        entityType: 'rule',
        entityId: saved.id,
        after: snapshotOf(saved),
      });
      return saved;
    });
  }

  /** Merges the patch into the rule, validates the result as a whole, and saves it as a new version. */
  /**
   * A new version of the rule. Once it commits, an enabled rule's still-planned touches are
   * re-planned under it before this answers (moved, or cancelled as `rule_changed`).
   */
  async update(id: string, patch: RulePatch, staffId: string | null): Promise<Rule> {
    const { rule, changed } = await this.write(async (manager, now) => {
      const current = await this.lock(manager, id);
      const next = applyRulePatch(ruleInputOf(current), patch);
      assertValid(next);
      if (sameRule(ruleInputOf(current), next)) return { rule: current, changed: false };
      if (next.action.templateKey !== current.action.templateKey || next.action.channel !== current.action.channel) {
        await this.assertTemplate(next);
      }
      if (next.name.trim().toLowerCase() !== current.name.toLowerCase()) await this.assertNameFree(manager, next.name, id);
      const saved = await this.saveVersion(manager, current, { ...fromInput(next), enabled: current.enabled }, 'updated', staffId, now);
      return { rule: saved, changed: true };
    });
    if (changed && rule.enabled) await this.events.emitChanged([rule.id]);
    return rule;
  }

  async enable(id: string, staffId: string | null): Promise<Rule> {
    return this.write(async (manager, now) => {
      const current = await this.lock(manager, id);
      if (current.enabled) return current;
      // The template may have been removed since the rule was saved.
      await this.assertTemplate(ruleInputOf(current));
      return this.saveVersion(manager, current, { enabled: true }, 'enabled', staffId, now);
    });
  }

  /** Disables the rule and cancels its pending touches in the same transaction. */
  async disable(id: string, staffId: string | null): Promise<{ rule: Rule; cancelledTouches: number }> {
    return this.write(async (manager, now) => {
      const current = await this.lock(manager, id);
      const rule = current.enabled ? await this.saveVersion(manager, current, { enabled: false }, 'disabled', staffId, now) : current;
      const cancelledTouches = await cancelPendingOfRule(manager, id, 'rule_disabled', now);
      return { rule, cancelledTouches };
    });
  }

  /**
   * Deletes a rule that never reached anyone. A rule with touches that were sent, are in flight
   * or still pending stays (the ledger and the customer timelines refer to it): disable it.
   */
  async delete(id: string, staffId: string | null = null): Promise<void> {
    await this.write(async (manager) => {
      const current = await this.lock(manager, id);
      const [{ count }] = await sqlRows<{ count: number }>(manager, sql.TOUCHES_KEEPING_RULE, [id, KEEPS_RULE]);
      if (count > 0) {
        throw new ConflictError(`Rule ${id} has ${count} touches that are pending or were sent; disable it instead of deleting it`, [
          { field: 'id', reason: 'has touches other than cancelled or skipped' },
        ]);
      }
      await run(manager, sql.DELETE_RULE, [id]);
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'delete',
        entityType: 'rule',
        entityId: id,
        before: snapshotOf(current),
      });
    });
  }

  async versions(id: string): Promise<RuleVersionView[]> {
    await this.get(id);
    const rows = await sqlRows<{
      version: number;
      change: RuleChange;
      changed_at: Date;
      changed_by: string | null;
      staff_name: string | null;
      snapshot: Record<string, unknown>;
    }>(this.db, sql.RULE_VERSIONS, [id]);
    return rows.map((row) => ({
      version: row.version,
      change: row.change,
      changedAt: row.changed_at,
      changedBy: row.changed_by ? { id: row.changed_by, name: row.staff_name ?? '' } : null,
      snapshot: row.snapshot,
    }));
  }

  private async write<T>(work: (manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction((manager) => work(manager, this.clock.now()));
    } catch (error) {
      // Two saves of the same new name at once: the unique index decides, answered like the check.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { constraint?: string }).constraint === 'rules_name_key') {
        throw nameTaken();
      }
      throw error;
    }
  }

  /** Reads the rule and holds it until commit, so concurrent changes get consecutive versions. */
  private async lock(manager: EntityManager, id: string): Promise<Rule> {
    const rule = await manager.getRepository(Rule).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!rule) throw new NotFoundError('Rule', id);
    return rule;
  }

  private async saveVersion(
    manager: EntityManager,
    current: Rule,
    changes: Partial<Rule>,
    change: RuleChange,
    staffId: string | null,
    now: Date,
  ): Promise<Rule> {
    const next: Rule = { ...current, ...changes, version: current.version + 1, updatedAt: now, updatedBy: staffId };
    await manager.getRepository(Rule).save(next);
    await this.recordVersion(manager, next, change, staffId, now);
    const action = change === 'updated' ? 'update' : change === 'enabled' ? 'enable' : change === 'disabled' ? 'disable' : change;
    await this.audit.record(manager, {
      actorStaffId: staffId,
      action,
      entityType: 'rule',
      entityId: next.id,
      before: snapshotOf(current),
      after: snapshotOf(next),
    });
    return next;
  }

  private async recordVersion(manager: EntityManager, rule: Rule, change: RuleChange, staffId: string | null, now: Date): Promise<void> {
    await insertRuleVersion(manager, rule, change, staffId, now);
  }

  private async assertTemplate(input: RuleInput): Promise<void> {
    if (!(await this.templates.exists(input.action.templateKey, input.action.channel))) {
      throw new UnprocessableError('Invalid rule: unknown template', [
        { field: 'action.templateKey', reason: `no ${input.action.channel} template has the key ${input.action.templateKey}` },
      ]);
    }
  }

  private async assertNameFree(manager: EntityManager, name: string, exceptId?: string): Promise<void> {
    const rows = await sqlRows<{ id: string }>(manager, sql.RULES_NAMED, [name.trim()]);
    if (rows.some((row) => row.id !== exceptId)) throw nameTaken();
  }
}

function nameTaken(): ConflictError {
  return new ConflictError('A rule with this name exists', [{ field: 'name', reason: 'is already in use' }]);
}

function assertValid(input: unknown): void {
  const errors = validateRule(input);
  if (errors.length > 0) {
    throw new UnprocessableError(
      `Invalid rule: ${errors
        .slice(0, 5)
        .map((e) => `${e.field} ${e.reason}`)
        .join('; ')}`,
      errors,
    );
  }
}

function fromInput(input: RuleInput): Partial<Rule> {
  const { enabled: _enabled, ...fields } = withRuleDefaults(input);
  return fields;
}

function sameRule(a: RuleInput, b: RuleInput): boolean {
  return canonical(fromInput(a)) === canonical(fromInput(b));
}

/** JSON with keys sorted: jsonb hands keys back in its own order, which must not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
