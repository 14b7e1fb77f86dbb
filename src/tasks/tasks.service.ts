import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SuppressionsService } from '../consent/suppressions.service';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { queryPrepared } from '../database/prepared-query';
import { rowCount } from '../database/sql';
import { markDone, recordEvent, skip as skipTouch, TaskTouchAction } from '../touches/ledger';
import { skipTouchesOfClosedCallTasks } from '../touches/ledger.sql';
import { Principal } from '../staff/auth.decorators';
import { CapacityService } from './capacity.service';
import { addDays, isValidDate, localDateIn } from './days';
import { decideTaskAccess, TaskAction } from './task-access';
import { orderedTaskViews, TASK_COLUMNS, TASK_FROM, TaskRow, TaskView, toTaskView } from './task-view';
import { CALL_OUTCOMES, CARD_OUTCOMES, NOTE_MAX, TaskKind, TaskOutcome, TaskState } from './task.entity';
import { TODAY_SQL, TodayList, todayParams, TodayRow, toTodayList } from './today';

export interface PoolList {
  date: string;
  tasks: TaskView[];
}

interface LockedTask {
  id: string;
  customer_id: string;
  touch_id: string;
  kind: TaskKind;
  state: TaskState;
  assignee_staff_id: string | null;
  due_date: string;
  assignee_zone: string | null;
}

const TASK_ID = /^\d{1,18}$/;
/** The pool is a shared queue, not a day's list; this many open tasks is plenty to pick from. */
const POOL_LIMIT = 200;
const SNOOZE_MAX_DAYS = 366;

/** The daily list, the pool and every action on a task. Each action writes a timeline event. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly capacity: CapacityService,
    private readonly suppressions: SuppressionsService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** Open tasks due today or earlier for one staff member: overdue first, then priority, then value. */
  async today(principal: Principal, options: { staffId?: string; kind?: TaskKind; talkingPoints?: boolean } = {}): Promise<TodayList> {
    const staffId = options.staffId ?? principal.staffId;
    if (staffId !== principal.staffId && principal.role !== 'admin') {
      throw new ForbiddenError("Managers see only their own list");
    }
    const rows = await queryPrepared<TodayRow>(this.db, 'tasks-today', TODAY_SQL, todayParams(staffId, this.clock.now(), options));
    if (rows.length === 0) throw new NotFoundError('Staff member', staffId);
    return toTodayList(staffId, rows);
  }

  /** Open tasks nobody owns, in the caller's day; anyone signed in may look and claim. */
  async pool(principal: Principal, options: { kind?: TaskKind } = {}): Promise<PoolList> {
    const today = await this.todayOf(principal.staffId);
    const rows: TaskRow[] = await this.db.query(
      `SELECT ${TASK_COLUMNS} ${TASK_FROM}
        WHERE tk.assignee_staff_id IS NULL AND tk.state = 'open' AND ($1::text IS NULL OR tk.kind = $1)
        ORDER BY tk.due_date, tk.priority DESC, tk.id
        LIMIT ${POOL_LIMIT}`,
      [options.kind ?? null],
    );
    return { date: today, tasks: orderedTaskViews(rows, today) };
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    const rows: TaskRow[] = await this.db.query(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE tk.id = $1`, [checkedId(id)]);
    if (rows.length === 0) throw new NotFoundError('Task', id);
    assertAllowed(principal, rows[0], 'view');
    return toTaskView(rows[0], await this.todayOf(rows[0].assignee_staff_id ?? principal.staffId));
  }

  // ---- actions -----------------------------------------------------------------------------

  async complete(principal: Principal, id: string, input: { outcome: TaskOutcome; note?: string }): Promise<TaskView> {
    return this.act(principal, id, 'complete', async (m, task, now) => {
      const allowed = task.kind === 'call' ? CALL_OUTCOMES : CARD_OUTCOMES;
      if (!allowed.includes(input.outcome)) {
        throw new InvalidInputError('Invalid outcome', [{ field: 'outcome', reason: `must be one of ${allowed.join(', ')} for a ${task.kind} task` }]);
      }
      const note = blankToNull(checkedNote(input.note));
      await m.query(
        `UPDATE tasks SET state = 'done', outcome = $2, note = $3, completed_at = $4, completed_by = $5, updated_at = $4, updated_by = $5
          WHERE id = $1`,
        [task.id, input.outcome, note, now, principal.staffId],
      );
      await markDone(m, taskAction(task, 'task_completed', principal, { outcome: input.outcome, note }), now);
      if (input.outcome === 'wrong_number') {
        await m.query('UPDATE customers SET phone_invalid = true, updated_at = $2 WHERE id = $1', [task.customer_id, now]);
      }
      if (input.outcome === 'asked_not_to_call') await this.stopCalls(m, task, principal, now);
    });
  }

  async snooze(principal: Principal, id: string, input: { until: string }): Promise<TaskView> {
    return this.act(principal, id, 'snooze', async (m, task, now) => {
      const today = localDateIn(now, task.assignee_zone ?? (await this.zoneOf(principal.staffId)));
      const latest = addDays(today, SNOOZE_MAX_DAYS);
      if (!isValidDate(input.until) || input.until <= today || input.until > latest) {
        throw new InvalidInputError('Invalid snooze date', [{ field: 'until', reason: `must be a date after ${today} and no later than ${latest}` }]);
      }
      await m.query(
        `UPDATE tasks SET due_date = $2, snoozed_until = $2, moved_reason = NULL, updated_at = $3, updated_by = $4 WHERE id = $1`,
        [task.id, input.until, now, principal.staffId],
      );
      await event(m, task, 'task_snoozed', principal, now, { from: task.due_date, until: input.until });
    });
  }

  async reassign(principal: Principal, id: string, input: { staffId: string | null }): Promise<TaskView> {
    return this.act(
      principal,
      id,
      'reassign',
      async (m, task, now) => {
        if (input.staffId !== null) {
          const found: unknown[] = await m.query('SELECT 1 FROM staff WHERE id = $1 AND active', [input.staffId]);
          if (found.length === 0) throw new InvalidInputError('Unknown staff member', [{ field: 'staffId', reason: 'no active staff member has this id' }]);
        }
        await m.query(`UPDATE tasks SET assignee_staff_id = $2, updated_at = $3, updated_by = $4 WHERE id = $1`, [task.id, input.staffId, now, principal.staffId]);
        await event(m, task, 'task_reassigned', principal, now, { from: task.assignee_staff_id, to: input.staffId });
        // The new owner's days stay within capacity; anything moved says why.
        if (input.staffId !== null) await this.capacity.rebalance(m, [input.staffId], now);
      },
      input.staffId,
    );
  }

  async claim(principal: Principal, id: string): Promise<TaskView> {
    return this.act(principal, id, 'claim', async (m, task, now) => {
      await m.query(`UPDATE tasks SET assignee_staff_id = $2, updated_at = $3, updated_by = $2 WHERE id = $1`, [task.id, principal.staffId, now]);
      await event(m, task, 'task_reassigned', principal, now, { from: null, to: principal.staffId, claimed: true });
    });
  }

  async skip(principal: Principal, id: string, input: { reason: string }): Promise<TaskView> {
    return this.act(principal, id, 'skip', async (m, task, now) => {
      const reason = input.reason.trim();
      if (!reason) throw new InvalidInputError('Invalid reason', [{ field: 'reason', reason: 'must not be blank' }]);
      await m.query(
        `UPDATE tasks SET state = 'skipped', skip_reason = $2, completed_at = $3, completed_by = $4, updated_at = $3, updated_by = $4 WHERE id = $1`,
        [task.id, reason, now, principal.staffId],
      );
      await skipTouch(m, taskAction(task, 'task_skipped', principal, { reason }), 'skipped_by_staff', now);
    });
  }

  /** A note on the customer's timeline about this task; allowed on closed tasks too. */
  async addNote(principal: Principal, id: string, input: { note: string }): Promise<TaskView> {
    return this.act(principal, id, 'note', async (m, task, now) => {
      const text = checkedNote(input.note).trim();
      if (!text) throw new InvalidInputError('Invalid note', [{ field: 'note', reason: 'must not be blank' }]);
      await event(m, task, 'note', principal, now, { text });
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async act(
    principal: Principal,
    id: string,
    action: TaskAction,
    apply: (m: EntityManager, task: LockedTask, now: Date) => Promise<void>,
    reassignTo?: string | null,
  ): Promise<TaskView> {
    const taskId = checkedId(id);
    await this.db.transaction(async (m) => {
      const rows: LockedTask[] = await m.query(
        `SELECT tk.id, tk.customer_id, tk.touch_id, tk.kind, tk.state, tk.assignee_staff_id, tk.due_date::text AS due_date,
                s.time_zone AS assignee_zone
           FROM tasks tk LEFT JOIN staff s ON s.id = tk.assignee_staff_id
          WHERE tk.id = $1
          FOR UPDATE OF tk`,
        [taskId],
      );
      if (rows.length === 0) throw new NotFoundError('Task', id);
      assertAllowed(principal, rows[0], action, reassignTo);
      await apply(m, rows[0], this.clock.now());
    });
    const rows: TaskRow[] = await this.db.query(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE tk.id = $1`, [taskId]);
    return toTaskView(rows[0], await this.todayOf(rows[0].assignee_staff_id ?? principal.staffId));
  }

  /**
   * Asked not to be called: the number goes on the call suppression list, which also withdraws
   * call consent and cancels the customer's pending call touches (consent feature), in this
   * transaction; their other open call tasks are closed as skipped, with a timeline event each.
   */
  private async stopCalls(m: EntityManager, task: LockedTask, principal: Principal, now: Date): Promise<void> {
    const [customer]: { phone: string | null }[] = await m.query('SELECT phone FROM customers WHERE id = $1', [task.customer_id]);
    if (customer.phone) {
      await this.suppressions.suppress(
        { channel: 'call', address: customer.phone, customerId: task.customer_id, reason: 'asked_not_to_call', source: `task:${task.id}`, touchId: task.touch_id },
        m,
      );
    }
    await rowCount(
      m,
      `WITH closed AS (
         UPDATE tasks SET state = 'skipped', skip_reason = 'The customer asked not to be called',
                completed_at = $3, completed_by = $4, updated_at = $3, updated_by = $4
          WHERE customer_id = $1 AND kind = 'call' AND state = 'open' AND id <> $2
          RETURNING id, customer_id, touch_id),
       ${skipTouchesOfClosedCallTasks('closed')}`,
      [task.customer_id, task.id, now, principal.staffId],
    );
  }

  private async zoneOf(staffId: string): Promise<string> {
    const rows: { time_zone: string }[] = await this.db.query('SELECT time_zone FROM staff WHERE id = $1', [staffId]);
    return rows[0]?.time_zone ?? 'UTC';
  }

  private async todayOf(staffId: string): Promise<string> {
    return localDateIn(this.clock.now(), await this.zoneOf(staffId));
  }
}

function checkedId(id: string): string {
  if (!TASK_ID.test(id)) throw new InvalidInputError('Invalid task id', [{ field: 'id', reason: 'must be a task id (digits)' }]);
  return id;
}

function assertAllowed(principal: Principal, task: { assignee_staff_id: string | null; state: TaskState }, action: TaskAction, reassignTo?: string | null): void {
  const decision = decideTaskAccess(principal, { assigneeStaffId: task.assignee_staff_id, state: task.state }, action, reassignTo);
  if (decision.ok) return;
  throw decision.kind === 'forbidden' ? new ForbiddenError(decision.message) : new ConflictError(decision.message);
}

/** A staff member's action on a task, as its timeline event. */
function taskAction(task: LockedTask, kind: string, principal: Principal, detail: Record<string, unknown>): TaskTouchAction {
  return { customerId: task.customer_id, touchId: task.touch_id, taskId: task.id, kind, actorStaffId: principal.staffId, detail };
}

async function event(m: EntityManager, task: LockedTask, kind: string, principal: Principal, now: Date, detail: Record<string, unknown>): Promise<void> {
  await recordEvent(m, {
    customerId: task.customer_id, touchId: task.touch_id, kind, at: now, actorStaffId: principal.staffId, detail: { taskId: task.id, ...detail },
  });
}

/** The web forms reach these actions without the REST DTOs, so the length is checked here for both. */
function checkedNote<T extends string | undefined>(note: T): T {
  if (note !== undefined && note.length > NOTE_MAX) {
    throw new InvalidInputError('Invalid note', [{ field: 'note', reason: `must be at most ${NOTE_MAX} characters` }]);
  }
  return note;
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
