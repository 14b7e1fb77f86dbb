import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SuppressionsService } from '../consent/suppressions.service';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { queryPrepared } from '../database/prepared-query';
import { firstRow, rowCount, rows } from '../database/sql';
import { markDone, recordEvent, skip as skipTouch, TaskTouchAction } from '../touches/ledger';
import { Principal } from '../common/domain';
import { GoalsService } from '../goals/goals.service';
import { replyGoal } from '../goals/reply-goal';
import { CapacityService } from './capacity.service';
import { addDays, isValidDate, localDateIn } from './days';
import { FollowUpsService } from './follow-ups.service';
import { decideTaskAccess, TaskAction } from './task-access';
import { orderedTaskViews, TaskRow, TaskView, toTaskView } from './task-view';
import { NOTE_MAX, outcomesFor, SKIP_REASON_MAX, TaskKind, TaskOutcome, TaskState } from './task.entity';
import * as sql from './tasks.sql';
import { TODAY_SQL, TodayList, todayParams, TodayRow, toTodayList } from './today';

export interface PoolList {
  date: string;
  tasks: TaskView[];
}

const TASK_ID = /^\d{1,18}$/;
const SNOOZE_MAX_DAYS = 366;

/** The daily list, the pool and every action on a task. Each action writes a timeline event. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly capacity: CapacityService,
    private readonly suppressions: SuppressionsService,
    private readonly goals: GoalsService,
    private readonly followUps: FollowUpsService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** Open tasks due today or earlier for one staff member: overdue first, then priority, then value. */
  async today(principal: Principal, options: { staffId?: string; kind?: TaskKind; talkingPoints?: boolean } = {}): Promise<TodayList> {
    const staffId = options.staffId ?? principal.staffId;
    if (staffId !== principal.staffId && principal.role !== 'admin') {
      throw new ForbiddenError('Managers see only their own list');
    }
    const list = await queryPrepared<TodayRow>(this.db, 'tasks-today', TODAY_SQL, todayParams(staffId, this.clock.now(), options));
    if (list.length === 0) throw new NotFoundError('Staff member', staffId);
    const today = toTodayList(staffId, list);
    return { ...today, tasks: await this.withGoals(today.tasks, list, staffId) };
  }

  /** Open tasks nobody owns, in the caller's day; anyone signed in may look and claim. */
  async pool(principal: Principal, options: { kind?: TaskKind } = {}): Promise<PoolList> {
    const today = await this.todayOf(principal.staffId);
    const open = await rows<TaskRow>(this.db, sql.POOL, [options.kind ?? null]);
    // A pooled reply is measured in the working hours of whoever looks at it.
    return { date: today, tasks: await this.withGoals(orderedTaskViews(open, today), open, principal.staffId) };
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    const task = await firstRow<TaskRow>(this.db, sql.TASK_BY_ID, [checkedId(id)]);
    if (!task) throw new NotFoundError('Task', id);
    assertAllowed(principal, task, 'view');
    return this.view(task, principal);
  }

  // ---- actions -----------------------------------------------------------------------------

  async complete(principal: Principal, id: string, input: { outcome: TaskOutcome; note?: string }): Promise<TaskView> {
    return this.act(principal, id, 'complete', async (m, task, now) => {
      const allowed = outcomesFor(task.kind);
      if (!allowed.includes(input.outcome)) {
        throw new InvalidInputError('Invalid outcome', [
          { field: 'outcome', reason: `must be one of ${allowed.join(', ')} for a ${task.kind} task` },
        ]);
      }
      const note = blankToNull(checkedNote(input.note));
      await rowCount(m, sql.COMPLETE, [task.id, input.outcome, note, now, principal.staffId]);
      if (task.kind === 'reply') {
        // The touch answered went out long ago and stays as it ended; only the timeline hears of the answer.
        await event(m, task, 'task_completed', principal, now, { kind: 'reply', outcome: input.outcome, note });
        return;
      }
      await markDone(m, taskAction(task, 'task_completed', principal, { outcome: input.outcome, note }), now);
      if (input.outcome === 'wrong_number') {
        await rowCount(m, sql.MARK_PHONE_INVALID, [task.customer_id, now]);
        await closeOtherCalls(m, task, principal, now, 'wrong_number');
      }
      if (input.outcome === 'asked_not_to_call') await this.stopCalls(m, task, principal, now);
      const touchId = task.touch_id;
      if (task.kind === 'call' && touchId !== null) {
        await this.followUps.afterOutcome(m, { ...task, touch_id: touchId }, input.outcome, principal.staffId, now);
      }
    });
  }

  async snooze(principal: Principal, id: string, input: { until: string }): Promise<TaskView> {
    return this.act(principal, id, 'snooze', async (m, task, now) => {
      const today = localDateIn(now, task.assignee_zone ?? (await this.zoneOf(principal.staffId)));
      const latest = addDays(today, SNOOZE_MAX_DAYS);
      if (!isValidDate(input.until) || input.until <= today || input.until > latest) {
        throw new InvalidInputError('Invalid snooze date', [
          { field: 'until', reason: `must be a date after ${today} and no later than ${latest}` },
        ]);
      }
      await rowCount(m, sql.SNOOZE, [task.id, input.until, now, principal.staffId]);
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
          if ((await rowCount(m, sql.ACTIVE_STAFF_EXISTS, [input.staffId])) === 0)
            throw new InvalidInputError('Unknown staff member', [{ field: 'staffId', reason: 'no active staff member has this id' }]);
        }
        await rowCount(m, sql.ASSIGN, [task.id, input.staffId, now, principal.staffId]);
        await event(m, task, 'task_reassigned', principal, now, { from: task.assignee_staff_id, to: input.staffId });
        // The new owner's days stay within capacity; anything moved says why.
        if (input.staffId !== null) await this.capacity.rebalance(m, [input.staffId], now);
      },
      input.staffId,
    );
  }

  async claim(principal: Principal, id: string): Promise<TaskView> {
    return this.act(principal, id, 'claim', async (m, task, now) => {
      await rowCount(m, sql.ASSIGN, [task.id, principal.staffId, now, principal.staffId]);
      await event(m, task, 'task_reassigned', principal, now, { from: null, to: principal.staffId, claimed: true });
    });
  }

  async skip(principal: Principal, id: string, input: { reason: string }): Promise<TaskView> {
    return this.act(principal, id, 'skip', async (m, task, now) => {
      const reason = input.reason.trim();
      if (!reason) throw new InvalidInputError('Invalid reason', [{ field: 'reason', reason: 'must not be blank' }]);
      // The web form reaches this without the REST DTO: the same limit, checked here for both.
      if (reason.length > SKIP_REASON_MAX) {
        throw new InvalidInputError('Invalid reason', [{ field: 'reason', reason: `must be at most ${SKIP_REASON_MAX} characters` }]);
      }
      await rowCount(m, sql.SKIP, [task.id, reason, now, principal.staffId]);
      if (task.kind === 'reply') await event(m, task, 'task_skipped', principal, now, { kind: 'reply', reason });
      else await skipTouch(m, taskAction(task, 'task_skipped', principal, { reason }), 'skipped_by_staff', now);
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
    apply: (m: EntityManager, task: sql.LockedTask, now: Date) => Promise<void>,
    reassignTo?: string | null,
  ): Promise<TaskView> {
    const taskId = checkedId(id);
    await this.db.transaction(async (m) => {
      const task = await firstRow<sql.LockedTask>(m, sql.LOCK_TASK, [taskId]);
      if (!task) throw new NotFoundError('Task', id);
      assertAllowed(principal, task, action, reassignTo);
      const now = this.clock.now();
      await apply(m, task, now);
      // Any action after a handover (a note, a snooze, a claim, a reassignment) starts the task: it is not handed back.
      await rowCount(m, sql.MARK_HANDOVER_WORKED, [task.id, now]);
    });
    const task = (await firstRow<TaskRow>(this.db, sql.TASK_BY_ID, [taskId]))!;
    return this.view(task, principal);
  }

  private async view(task: TaskRow, principal: Principal): Promise<TaskView> {
    const staffId = task.assignee_staff_id ?? principal.staffId;
    const [view] = await this.withGoals([toTaskView(task, await this.todayOf(staffId))], [task], staffId);
    return view;
  }

  /** Open reply tasks get their goal state, in the working hours of `staffId`'s zone; a read only when there is one. */
  private async withGoals(views: TaskView[], rows: readonly Partial<TaskRow>[], staffId: string): Promise<TaskView[]> {
    if (!views.some((v) => v.kind === 'reply' && v.state === 'open')) return views;
    const goals = await this.goals.get();
    if (goals.replyWithinMinutes === null) return views;
    const zone = await this.zoneOf(staffId);
    const now = this.clock.now();
    const received = new Map(rows.map((row) => [row.id, row.reply_received_at ?? null]));
    return views.map((v) => ({
      ...v,
      goal: replyGoal({ kind: v.kind, state: v.state, replyReceivedAt: received.get(v.id) ?? null }, goals, zone, now),
    }));
  }

  /**
   * Asked not to be called: their other open call tasks are closed as skipped first (their
   * touches skipped as `opted_out`, with a timeline event each); then the number goes on the call
   * suppression list, which also withdraws call consent and cancels the customer's call touches
   * not yet on anyone's list (consent feature); all in this transaction.
   */
  private async stopCalls(m: EntityManager, task: sql.LockedTask, principal: Principal, now: Date): Promise<void> {
    await closeOtherCalls(m, task, principal, now, 'asked_not_to_call');
    const customer = await firstRow<{ phone: string | null }>(m, sql.PHONE_OF_CUSTOMER, [task.customer_id]);
    if (customer?.phone) {
      await this.suppressions.suppress(
        {
          channel: 'call',
          address: customer.phone,
          customerId: task.customer_id,
          reason: 'asked_not_to_call',
          source: `task:${task.id}`,
          touchId: task.touch_id,
        },
        m,
      );
    }
  }

  private async zoneOf(staffId: string): Promise<string> {
    const staff = await firstRow<{ time_zone: string }>(this.db, sql.ZONE_OF_STAFF, [staffId]);
    return staff?.time_zone ?? 'UTC';
  }

  private async todayOf(staffId: string): Promise<string> {
    return localDateIn(this.clock.now(), await this.zoneOf(staffId));
  }
}

/**
 * How an outcome that rules out calling closes the customer's other open calls: the task's reason
 * in words, and the touch's reason in the ledger's words (what the promoter would say of the
 * same customer a moment later: no usable number, or opted out).
 */
const CLOSING_OUTCOMES = {
  wrong_number: { taskReason: 'The phone number is wrong', touchReason: 'no_address' },
  asked_not_to_call: { taskReason: 'The customer asked not to be called', touchReason: 'opted_out' },
} as const;

async function closeOtherCalls(
  m: EntityManager,
  task: sql.LockedTask,
  principal: Principal,
  now: Date,
  outcome: keyof typeof CLOSING_OUTCOMES,
): Promise<void> {
  const { taskReason, touchReason } = CLOSING_OUTCOMES[outcome];
  await rowCount(m, sql.CLOSE_OTHER_CALL_TASKS, [task.customer_id, task.id, now, principal.staffId, taskReason, touchReason, outcome]);
}

function checkedId(id: string): string {
  if (!TASK_ID.test(id)) throw new InvalidInputError('Invalid task id', [{ field: 'id', reason: 'must be a task id (digits)' }]);
  return id;
}

function assertAllowed(
  principal: Principal,
  task: { id: string; assignee_staff_id: string | null; state: TaskState },
  action: TaskAction,
  reassignTo?: string | null,
): void {
  const decision = decideTaskAccess(principal, { assigneeStaffId: task.assignee_staff_id, state: task.state }, action, reassignTo);
  if (decision.ok) return;
  if (decision.kind === 'not_found') throw new NotFoundError('Task', task.id);
  throw decision.kind === 'forbidden' ? new ForbiddenError(decision.message) : new ConflictError(decision.message);
}

/** A staff member's action on a task, as its timeline event. */
function taskAction(task: sql.LockedTask, kind: string, principal: Principal, detail: Record<string, unknown>): TaskTouchAction {
  // Call and card tasks always carry their touch (tasks_touch_required); only reply tasks may not.
  return { customerId: task.customer_id, touchId: task.touch_id!, taskId: task.id, kind, actorStaffId: principal.staffId, detail };
}

async function event(
  m: EntityManager,
  task: sql.LockedTask,
  kind: string,
  principal: Principal,
  now: Date,
  detail: Record<string, unknown>,
): Promise<void> {
  await recordEvent(m, {
    customerId: task.customer_id,
    touchId: task.touch_id,
    kind,
    at: now,
    actorStaffId: principal.staffId,
    detail: { taskId: task.id, ...detail },
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
