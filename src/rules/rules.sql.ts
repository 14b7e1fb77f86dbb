/** The statements of the rules service and of the default rules, in one place (insertion is in rule-insert.ts). */

/** $1 rule id, $2 the states that keep a rule from being deleted. */
export const TOUCHES_KEEPING_RULE = `SELECT count(*)::int AS count FROM touches WHERE rule_id = $1 AND state = ANY($2::text[])`;

export const DELETE_RULE = `DELETE FROM rules WHERE id = $1`;

/** The versions of rule $1, oldest first, with the name of who changed it. */
export const RULE_VERSIONS = `SELECT v.version, v.change, v.changed_at, v.changed_by, s.name AS staff_name, v.snapshot
         FROM rule_versions v LEFT JOIN staff s ON s.id = v.changed_by
         WHERE v.rule_id = $1 ORDER BY v.version`;

/** The rules named $1, whatever the case. */
export const RULES_NAMED = `SELECT id FROM rules WHERE lower(name) = lower($1)`;

export const ANY_RULE = 'SELECT EXISTS (SELECT 1 FROM rules) AS any';
