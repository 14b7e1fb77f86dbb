import { RuleInput } from './rule-validation';

/** What PATCH /rules/:id takes: any top-level part of a rule. */
export type RulePatch = Partial<Omit<RuleInput, 'enabled'>>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One level of JSON merge patch (RFC 7396): keys replace, `null` removes, nested values replace whole. */
function mergeOneLevel(target: unknown, patch: unknown): unknown {
  if (!isObject(patch) || !isObject(target)) return patch;
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}

/**
 * The rule a PATCH asks for, to be validated again as a whole. `action` and `limits` merge one
 * level deep; `trigger` merges too while its kind stays the same and is replaced when the kind
 * changes (keys of the old kind would not fit); `conditions` is one tree and is replaced (null
 * clears it); `trigger.audience` is replaced whole since exactly one of its keys may be set.
 */
export function applyRulePatch(current: RuleInput, patch: RulePatch): RuleInput {
  const next: RuleInput = { ...current };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.conditions !== undefined) next.conditions = patch.conditions;
  if (patch.trigger !== undefined) {
    const sameKind = isObject(patch.trigger) && (patch.trigger.kind === undefined || patch.trigger.kind === current.trigger.kind);
    next.trigger = (sameKind ? mergeOneLevel(current.trigger, patch.trigger) : patch.trigger) as RuleInput['trigger'];
  }
  if (patch.action !== undefined) next.action = mergeOneLevel(current.action, patch.action) as RuleInput['action'];
  if (patch.limits !== undefined)
    next.limits = (patch.limits === null ? {} : mergeOneLevel(current.limits ?? {}, patch.limits)) as RuleInput['limits'];
  return next;
}
