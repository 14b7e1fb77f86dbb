import { taskHandoverEvents } from '../touches/ledger.sql';

/** The handover's statements; its timeline events are the ledger's (taskHandoverEvents). */

export interface HandoverStaffRow {
  id: string;
  active: boolean;
  away_from: string | null;
  away_until: string | null;
  backup_staff_id: string | null;
  time_zone: string;
}

/** Every staff member: the table is small, and any of them may be a backup. */
export const HANDOVER_STAFF = `SELECT id, active, away_from::text AS away_from, away_until::text AS away_until, backup_staff_id, time_zone
         FROM staff`;

export interface HandoverTaskRow {
  id: string;
  assignee_staff_id: string | null;
  due_date: string;
  handed_over_from: string | null;
  worked: boolean;
}

/**
 * Open tasks that may have to move, locked: those held by someone inactive or with an absence
 * on record, and those handed over before. $1 narrows it to one staff member's (held or owned),
 * null for all.
 */
export const HANDOVER_CANDIDATES = `SELECT tk.id, tk.assignee_staff_id, tk.due_date::text AS due_date, tk.handed_over_from,
              tk.handover_worked_at IS NOT NULL AS worked
         FROM tasks tk
        WHERE tk.state = 'open'
          AND (tk.handed_over_from IS NOT NULL
               OR tk.assignee_staff_id IN (SELECT id FROM staff WHERE NOT active OR away_from IS NOT NULL OR away_until IS NOT NULL))
          AND ($1::uuid IS NULL OR tk.assignee_staff_id = $1 OR tk.handed_over_from = $1)
        ORDER BY tk.id
        FOR UPDATE OF tk`;

/**
 * The moves ($1: [{id, kind, from, to, owner, reason}]) at $2 by $3: a handover records the
 * owner and the time, a hand-back clears both; either starts afresh (nobody has worked on it
 * since). A timeline event each.
 */
export const APPLY_HANDOVERS = `WITH m AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(id bigint, kind text, "from" uuid, "to" uuid, owner uuid, reason text)
       ), moved AS (
         UPDATE tasks tk SET assignee_staff_id = m."to",
                handed_over_from = CASE WHEN m.kind = 'handed_over' THEN m.owner END,
                handed_over_at = CASE WHEN m.kind = 'handed_over' THEN $2::timestamptz END,
                handover_worked_at = NULL, updated_at = $2, updated_by = $3
           FROM m WHERE tk.id = m.id
          RETURNING tk.id, tk.customer_id, tk.touch_id, m.kind, m."from", m."to", m.owner, m.reason)
       ${taskHandoverEvents('moved')}`;
