import { settleDueTaskTouchesCtes, skipTouchesOfClosedCallTasks, taskMovedEvents } from '../touches/ledger.sql';
import { assigneeSql } from './assignment';
import { taskPrioritySql } from './priority';
import { TASK_COLUMNS, TASK_FROM } from './task-view';
import { TaskKind, TaskState } from './task.entity';

/**
 * The tasks feature's statements (the daily list's is in today.ts). What they do to touches and
 * the timeline is the ledger's (src/touches/ledger.sql.ts), embedded where one statement must do both.
 */

/** The pool is a shared queue, not a day's list; this many open tasks is plenty to pick from. */
const POOL_LIMIT = 200;

/** Open tasks nobody owns, of one kind ($1) or all. */
export const POOL = `SELECT ${TASK_COLUMNS} ${TASK_FROM}
        WHERE tk.assignee_staff_id IS NULL AND tk.state = 'open' AND ($1::text IS NULL OR tk.kind = $1)
        ORDER BY tk.due_date, tk.priority DESC, tk.id
        LIMIT ${POOL_LIMIT}`;

export const TASK_BY_ID = `SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE tk.id = $1`;

/** A task locked for an action, with what the action needs to decide. */
export interface LockedTask {
  id: string;
  customer_id: string;
  /** Null only for a reply task that answers no touch. */
  touch_id: string | null;
  kind: TaskKind;
  state: TaskState;
  assignee_staff_id: string | null;
  due_date: string;
  assignee_zone: string | null;
}

export const LOCK_TASK = `SELECT tk.id, tk.customer_id, tk.touch_id, tk.kind, tk.state, tk.assignee_staff_id, tk.due_date::text AS due_date,
                s.time_zone AS assignee_zone
           FROM tasks tk LEFT JOIN staff s ON s.id = tk.assignee_staff_id
          WHERE tk.id = $1
          FOR UPDATE OF tk`;

export const COMPLETE = `UPDATE tasks
            SET state = 'done', outcome = $2, note = $3, completed_at = $4, completed_by = $5, updated_at = $4, updated_by = $5
          WHERE id = $1`;

export const SNOOZE = `UPDATE tasks SET due_date = $2, snoozed_until = $2, moved_reason = NULL, updated_at = $3, updated_by = $4
          WHERE id = $1`;

/** $2 the new assignee (null: the pool), $4 who acted. */
export const ASSIGN = `UPDATE tasks SET assignee_staff_id = $2, updated_at = $3, updated_by = $4 WHERE id = $1`;

export const SKIP = `UPDATE tasks
            SET state = 'skipped', skip_reason = $2, completed_at = $3, completed_by = $4, updated_at = $3, updated_by = $4
          WHERE id = $1`;

/**
 * A call's outcome closes the customer's ($1) other open call tasks (not $2) as skipped: they
 * asked not to be called, or the number is wrong. $3 now, $4 who acted, $5 the tasks' skip
 * reason in words, $6 the touches' reason, $7 the outcome; a `task_skipped` event each.
 */
export const CLOSE_OTHER_CALL_TASKS = `WITH closed AS (
         UPDATE tasks SET state = 'skipped', skip_reason = $5,
                completed_at = $3, completed_by = $4, updated_at = $3, updated_by = $4
          WHERE customer_id = $1 AND kind = 'call' AND state = 'open' AND id <> $2
          RETURNING id, customer_id, touch_id),
       ${skipTouchesOfClosedCallTasks('closed', '$6', '$7')}`;

/**
 * Someone acted on a handed-over task ($1) at $2: from now on it is theirs to finish, and it is
 * not handed back. Only the first action after the handover is recorded.
 */
export const MARK_HANDOVER_WORKED = `UPDATE tasks SET handover_worked_at = $2
          WHERE id = $1 AND handed_over_from IS NOT NULL AND handover_worked_at IS NULL`;

export const ACTIVE_STAFF_EXISTS = 'SELECT 1 FROM staff WHERE id = $1 AND active';

export const ZONE_OF_STAFF = 'SELECT time_zone FROM staff WHERE id = $1';

export const PHONE_OF_CUSTOMER = 'SELECT phone FROM customers WHERE id = $1';

export const MARK_PHONE_INVALID = 'UPDATE customers SET phone_invalid = true, updated_at = $2 WHERE id = $1';

// ---- promotion and capacity ---------------------------------------------------------------------

/**
 * One promotion batch ($1 now, $2 batch size): for every due call and card touch at once, whether
 * it can be carried out, who gets it and its priority; the tasks inserted, the touches queued or
 * skipped with their events (the ledger's CTEs), answering one row per task made or touch skipped.
 */
export const PROMOTE_DUE = `WITH due AS (
           SELECT t.id, t.customer_id, t.channel, t.priority, COALESCE(t.due_date, t.local_date) AS due_date,
                  c.lifetime_value, c.account_manager_id,
                  CASE
                    WHEN t.channel = 'call' AND (c.consent->'call'->>'status' = 'withdrawn'
                         OR EXISTS (SELECT 1 FROM suppressions s WHERE s.channel = 'call' AND s.address IN (c.phone, erased_address_hash(c.phone)))) THEN 'opted_out'
                    WHEN t.channel = 'call' AND (c.phone IS NULL OR c.phone_invalid) THEN 'no_address'
                    WHEN t.channel = 'card' AND c.address IS NULL THEN 'no_address'
                  END AS skip_reason
             FROM touches t JOIN customers c ON c.id = t.customer_id
            WHERE t.state = 'planned' AND t.channel IN ('call', 'card') AND t.scheduled_at <= $1
            ORDER BY t.scheduled_at, t.id
            LIMIT $2
            FOR UPDATE OF t SKIP LOCKED
         ), inserted AS (
           INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, created_at, updated_at)
           SELECT d.customer_id, d.id, ${assigneeSql('m', 'b', 'd.due_date')}, d.channel, d.due_date, d.due_date,
                  ${taskPrioritySql('d.priority', 'd.lifetime_value')}, $1, $1
             FROM due d
             LEFT JOIN staff m ON m.id = d.account_manager_id
             LEFT JOIN staff b ON b.id = m.backup_staff_id
            WHERE d.skip_reason IS NULL
           ON CONFLICT (touch_id) WHERE kind IN ('call', 'card') DO NOTHING
           RETURNING id, touch_id, customer_id, assignee_staff_id
         ), ${settleDueTaskTouchesCtes('due', 'inserted')}
         SELECT i.id AS task_id, i.assignee_staff_id, NULL AS skip_reason FROM inserted i
         UNION ALL
         SELECT NULL, NULL, d.skip_reason FROM due d WHERE d.skip_reason IS NOT NULL`;

export const CAPACITY_OF_STAFF = `SELECT id, time_zone, daily_capacity FROM staff WHERE id = ANY($1::uuid[])`;

/** Replies are answered the day they arrive: capacity neither moves them nor counts them. */
export const OPEN_TASKS_OF_STAFF = `SELECT tk.id, tk.assignee_staff_id, tk.due_date::text AS due_date,
              tk.original_due_date::text AS original_due_date,
              tk.priority, c.lifetime_value::float8 AS value
         FROM tasks tk JOIN customers c ON c.id = tk.customer_id
        WHERE tk.state = 'open' AND tk.kind <> 'reply' AND tk.assignee_staff_id = ANY($1::uuid[])`;

/** Tasks moved to another day for capacity ($1: [{id, from, to, reason}]), with a `task_moved` event each. */
export const MOVE_TASKS = `WITH moved AS (
         UPDATE tasks tk SET due_date = m.to, moved_reason = m.reason, updated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS m(id bigint, "from" date, "to" date, reason text)
          WHERE tk.id = m.id
          RETURNING tk.id, tk.customer_id, tk.touch_id, m."from", m."to", m.reason)
       ${taskMovedEvents('moved')}`;
