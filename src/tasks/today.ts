import { orderedTaskViews, TASK_COLUMNS, TaskRow, TaskView } from './task-view';
import { TaskKind } from './task.entity';

export interface TodayList {
  staffId: string;
  /** Today in the staff member's zone. */
  date: string;
  counts: { done: number; skipped: number; left: number; overdue: number };
  tasks: TaskView[];
}

/** A row of TODAY_SQL: the day and closed counts on every row, a task on each but when there is none. */
export type TodayRow = Partial<TaskRow> & { today: string; done: number; skipped: number };

/**
 * The daily list in one round trip: the staff member's day (in their zone), the tasks closed that
 * day and the open list. $1 staff id, $2 now, $3 kind or null, $4 whether to include talking points.
 * No row at all: no such staff member.
 */
export const TODAY_SQL = `WITH me AS (
     SELECT id, name, time_zone, ($2::timestamptz AT TIME ZONE time_zone)::date AS today FROM staff WHERE id = $1
   ), closed AS (
     SELECT count(*) FILTER (WHERE tk.state = 'done')::int AS done, count(*) FILTER (WHERE tk.state = 'skipped')::int AS skipped
       FROM me JOIN tasks tk ON tk.assignee_staff_id = me.id AND tk.state <> 'open' AND ($3::text IS NULL OR tk.kind = $3)
        AND tk.completed_at >= me.today::timestamp AT TIME ZONE me.time_zone
        AND tk.completed_at < (me.today + 1)::timestamp AT TIME ZONE me.time_zone
   )
   SELECT me.today::text AS today, closed.done, closed.skipped, list.*
     FROM me CROSS JOIN closed
     LEFT JOIN LATERAL (
       SELECT ${TASK_COLUMNS.replace('tk.talking_points', 'CASE WHEN $4::boolean THEN tk.talking_points END AS talking_points')}
         -- Every task here is assigned to me, so the assignee's name comes from me, not another join.
         FROM tasks tk JOIN customers c ON c.id = tk.customer_id CROSS JOIN (SELECT me.name) a
        WHERE tk.assignee_staff_id = me.id AND tk.state = 'open' AND tk.due_date <= me.today AND ($3::text IS NULL OR tk.kind = $3)
     ) list ON true`;

export function todayParams(staffId: string, now: Date, options: { kind?: TaskKind; talkingPoints?: boolean }): unknown[] {
  return [staffId, now, options.kind ?? null, options.talkingPoints ?? false];
}

/** The list from TODAY_SQL's rows (at least one): overdue first, then priority, then customer value. */
export function toTodayList(staffId: string, rows: readonly TodayRow[]): TodayList {
  const { today, done, skipped } = rows[0];
  const open = rows.filter((row): row is TaskRow & TodayRow => row.id !== null && row.id !== undefined);
  const tasks = orderedTaskViews(open, today);
  return {
    staffId,
    date: today,
    counts: { done, skipped, left: tasks.length, overdue: tasks.filter((t) => t.overdue).length },
    tasks,
  };
}
