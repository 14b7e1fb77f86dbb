import { Rule } from './rule.entity';
import { RuleFields } from './rule-defaults';
import { RuleInput } from './rule-validation';

/**
 * Anything that runs a statement: TypeORM's DataSource and EntityManager answer rows, a `pg`
 * client (the benchmarks) answers `{ rows }`.
 */
export interface Statements {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The one way a rule is written: the row and its version in the caller's transaction, with the
 * snapshot every later version is compared against. The REST service, the default rules, the
 * demo, the test factories and the benchmarks all insert through here.
 */
export async function insertRule(
  q: Statements,
  fields: RuleFields,
  options: { now: Date; staffId?: string | null; version?: number; change?: string },
): Promise<Rule> {
  const version = options.version ?? 1;
  const staffId = options.staffId ?? null;
  const [{ id }] = rowsOf<{ id: string }>(
    await q.query(
      `INSERT INTO rules (name, description, enabled, priority, trigger, conditions, action, limits, version, created_at, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
      [
        fields.name,
        fields.description,
        fields.enabled,
        fields.priority,
        JSON.stringify(fields.trigger),
        fields.conditions === null ? null : JSON.stringify(fields.conditions),
        JSON.stringify(fields.action),
        JSON.stringify(fields.limits),
        version,
        options.now,
        staffId,
      ],
    ),
  );
  const rule: Rule = {
    id,
    ...fields,
    version,
    createdAt: options.now,
    updatedAt: options.now,
    updatedBy: staffId,
    lastPlanError: null,
    lastPlanErrorAt: null,
  };
  await insertRuleVersion(q, rule, options.change ?? 'created', staffId, options.now);
  return rule;
}

export async function insertRuleVersion(q: Statements, rule: Rule, change: string, staffId: string | null, now: Date): Promise<void> {
  await q.query(`INSERT INTO rule_versions (rule_id, version, snapshot, change, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    rule.id,
    rule.version,
    JSON.stringify(snapshotOf(rule)),
    change,
    staffId,
    now,
  ]);
}

/** The rule as saved in a version: everything an admin wrote, plus the state around it. */
export function snapshotOf(rule: Rule): Record<string, unknown> {
  return { id: rule.id, ...ruleInputOf(rule), version: rule.version };
}

/** The fields of a rule that an admin writes, as POST /rules takes them. */
export function ruleInputOf(rule: Rule): RuleInput {
  return {
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    priority: rule.priority,
    trigger: rule.trigger,
    conditions: rule.conditions,
    action: rule.action,
    limits: rule.limits,
  };
}
