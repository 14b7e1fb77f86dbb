/**
 * Who gets a task: the customer's account manager; when there is none, or they are inactive or
 * away on the due day (away_from ≤ due ≤ away_until), their backup if the backup is active and
 * not away; else the shared pool (null).
 *
 * `chooseAssignee` is the decision as a function; the promoter runs the same decision inside its
 * one set-based statement (`assigneeSql`). Scenario tables check both.
 */
export interface Candidate {
  id: string;
  active: boolean;
  awayFrom: string | null;
  awayUntil: string | null;
}

export function isAway(staff: Pick<Candidate, 'awayFrom' | 'awayUntil'>, day: string): boolean {
  if (!staff.awayFrom && !staff.awayUntil) return false;
  // An open-ended absence (only one bound) covers everything on that side.
  return (staff.awayFrom === null || staff.awayFrom <= day) && (staff.awayUntil === null || day <= staff.awayUntil);
}

/** Active and not away on `day`. */
export function isAvailable(staff: Candidate | null, day: string): staff is Candidate {
  return staff !== null && staff.active && !isAway(staff, day);
}

export function chooseAssignee(manager: Candidate | null, backup: Candidate | null, dueDate: string): string | null {
  if (isAvailable(manager, dueDate)) return manager.id;
  if (manager !== null && isAvailable(backup, dueDate)) return backup.id;
  return null;
}

/** SQL for one staff alias being available on `day` (a date expression). */
function availableSql(alias: string, day: string): string {
  return `(${alias}.id IS NOT NULL AND ${alias}.active AND NOT (
            (${alias}.away_from IS NOT NULL OR ${alias}.away_until IS NOT NULL)
            AND (${alias}.away_from IS NULL OR ${alias}.away_from <= ${day})
            AND (${alias}.away_until IS NULL OR ${day} <= ${alias}.away_until)))`;
}

/** `chooseAssignee` as a SQL expression over a manager alias, a backup alias and a due-date expression. */
export function assigneeSql(manager: string, backup: string, day: string): string {
  return `CASE WHEN ${availableSql(manager, day)} THEN ${manager}.id
               WHEN ${availableSql(backup, day)} THEN ${backup}.id
          END`;
}
