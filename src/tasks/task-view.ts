import type { ReplyGoalView } from '../goals/reply-goal';
import { orderTasks } from './ordering';
import { AnsweredTouch, ReplyMessage } from './reply-decision';
import { TaskKind, TaskOutcome, TaskState } from './task.entity';

/** What a reply task answers: the customer's words (the last few), how many, and the message of ours they answered. */
export interface ReplyView {
  /** When the first reply on this task arrived. */
  receivedAt: Date;
  messages: ReplyMessage[];
  messageCount: number;
  answers: AnsweredTouch | null;
}

/** A task as the API and the web page show it. */
export interface TaskView {
  id: string;
  kind: TaskKind;
  state: TaskState;
  dueDate: string;
  originalDueDate: string;
  overdue: boolean;
  priority: number;
  movedReason: string | null;
  snoozedUntil: string | null;
  outcome: TaskOutcome | null;
  note: string | null;
  skipReason: string | null;
  assignee: { id: string; name: string } | null;
  customer: { externalId: string; name: string; phone: string | null; lifetimeValue: string; tier: string | null };
  /** Call and card: the touch carried out. Reply: the touch answered, or null. */
  touchId: string | null;
  /** Reply tasks only (null otherwise), in lists too. */
  reply: ReplyView | null;
  /** Open reply tasks while a response-time goal is set: when it is due and whether it is close to or past it. */
  goal: ReplyGoalView | null;
  /** Which follow-up try of its occurrence this call is (1, 2, …); null for the first call. */
  followUpAttempt: number | null;
  /** Whose task it was when it was handed over (its owner was away or inactive), and when; null while it is with its owner (the timeline keeps the history). */
  handedOverFrom: { id: string; name: string } | null;
  handedOverAt: Date | null;
  /** Null in lists unless asked for: they are most of a list's bytes. */
  talkingPoints: Record<string, unknown> | null;
  createdAt: Date;
  completedAt: Date | null;
}

/**
 * The columns every task read selects (aliases: tk tasks, c customers, a assignee). The name of a
 * task's absent owner is looked up only for a handed-over task: staff is small enough that
 * PostgreSQL plans the lookup as a scan of the whole table, and run for every row of a list it
 * was half of the daily list's database CPU (1.47 against 0.78 ms a list of 30 tasks).
 */
export const TASK_COLUMNS = `
  tk.id, tk.kind, tk.state, tk.due_date::text AS due_date, tk.original_due_date::text AS original_due_date, tk.priority,
  tk.moved_reason, tk.snoozed_until::text AS snoozed_until, tk.outcome, tk.note, tk.skip_reason, tk.assignee_staff_id,
  a.name AS assignee_name, tk.touch_id, tk.talking_points, tk.created_at, tk.completed_at,
  tk.handed_over_from,
  CASE WHEN tk.handed_over_from IS NOT NULL THEN (SELECT ho.name FROM staff ho WHERE ho.id = tk.handed_over_from) END AS handed_over_from_name,
  tk.handed_over_at,
  (SELECT substring(ft.occurrence FROM '#followup-([0-9]+)$')::int FROM touches ft WHERE ft.id = tk.touch_id) AS follow_up_attempt,
  c.external_id, c.first_name, c.last_name, c.phone, c.lifetime_value::text AS lifetime_value, c.tier,
  tk.reply_received_at, CASE WHEN tk.kind = 'reply' THEN tk.talking_points -> 'reply' END AS reply`;

export const TASK_FROM = `
  FROM tasks tk
  JOIN customers c ON c.id = tk.customer_id
  LEFT JOIN staff a ON a.id = tk.assignee_staff_id`;

export interface TaskRow {
  id: string;
  kind: TaskKind;
  state: TaskState;
  due_date: string;
  original_due_date: string;
  priority: number;
  moved_reason: string | null;
  snoozed_until: string | null;
  outcome: TaskOutcome | null;
  note: string | null;
  skip_reason: string | null;
  assignee_staff_id: string | null;
  assignee_name: string | null;
  touch_id: string | null;
  talking_points: Record<string, unknown> | null;
  created_at: Date;
  completed_at: Date | null;
  handed_over_from: string | null;
  handed_over_from_name: string | null;
  handed_over_at: Date | null;
  follow_up_attempt: number | null;
  external_id: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  lifetime_value: string;
  tier: string | null;
  reply_received_at: Date | null;
  reply: { messages?: ReplyMessage[]; messageCount?: number; answers?: AnsweredTouch | null } | null;
}

export function toTaskView(row: TaskRow, today: string): TaskView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    dueDate: row.due_date,
    originalDueDate: row.original_due_date,
    overdue: row.state === 'open' && row.due_date < today,
    priority: row.priority,
    movedReason: row.moved_reason,
    snoozedUntil: row.snoozed_until,
    outcome: row.outcome,
    note: row.note,
    skipReason: row.skip_reason,
    assignee: row.assignee_staff_id ? { id: row.assignee_staff_id, name: row.assignee_name ?? '' } : null,
    customer: {
      externalId: row.external_id,
      name: [row.first_name, row.last_name].filter(Boolean).join(' '),
      phone: row.phone,
      lifetimeValue: row.lifetime_value,
      tier: row.tier,
    },
    touchId: row.touch_id,
    reply:
      row.kind === 'reply' && row.reply_received_at
        ? {
            receivedAt: row.reply_received_at,
            messages: row.reply?.messages ?? [],
            messageCount: row.reply?.messageCount ?? row.reply?.messages?.length ?? 0,
            answers: row.reply?.answers ?? null,
          }
        : null,
    // Filled in by the service, which knows the goals and the clock.
    goal: null,
    followUpAttempt: row.follow_up_attempt,
    handedOverFrom: row.handed_over_from ? { id: row.handed_over_from, name: row.handed_over_from_name ?? '' } : null,
    handedOverAt: row.handed_over_at,
    talkingPoints: row.talking_points,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

/** Rows as a list shows them: replies first, then overdue, then priority, then customer value. */
export function orderedTaskViews(rows: readonly TaskRow[], today: string): TaskView[] {
  return orderTasks(
    rows.map((row) => ({
      row,
      id: row.id,
      reply: row.kind === 'reply',
      dueDate: row.due_date,
      priority: row.priority,
      value: Number(row.lifetime_value),
    })),
    today,
  ).map(({ row }) => toTaskView(row, today));
}
