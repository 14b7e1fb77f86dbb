import { isAway } from './assignment';

/**
 * Handover: who should hold an open task when its holder is away or inactive, and when it goes
 * back. Decided per task from the staff as they are now; running it again decides nothing new.
 *
 * - A task's day is its due date, or the holder's today when it is overdue (an overdue task is
 *   due now).
 * - Hand over: the holder is inactive, or away on the task's day → to the holder's backup when
 *   the backup is active and not away on the task's day, else to the pool. The task remembers
 *   its owner: the holder, or the owner it was handed over from before if nobody has started
 *   on it since (a backup's own absence passes the task on, not its ownership).
 * - Hand back: a handed-over task nobody has started on (see `worked`) goes back to its owner as
 *   soon as the owner is active and not away on the task's day: the absence ended, was removed
 *   or shortened, or the owner was made active again.
 * - A task somebody has started on after the handover stays where it is.
 */
export interface HandoverStaff {
  id: string;
  active: boolean;
  awayFrom: string | null;
  awayUntil: string | null;
  backupStaffId: string | null;
  /** Today in the staff member's zone. */
  today: string;
}

export interface HandoverTask {
  id: string;
  assigneeStaffId: string | null;
  dueDate: string;
  /** The owner it was handed over from; null when it is with its owner. */
  handedOverFrom: string | null;
  /**
   * Started since the handover: anyone acted on it (a note, a snooze, a claim, a reassignment;
   * completing or skipping closes it anyway). Viewing it is not acting on it.
   */
  worked: boolean;
}

export type HandoverMove =
  | { id: string; kind: 'handed_over'; from: string; to: string | null; owner: string; reason: 'away' | 'inactive' }
  | { id: string; kind: 'handed_back'; from: string | null; to: string; owner: string; reason: 'back' };

function dayFor(task: HandoverTask, person: HandoverStaff): string {
  return task.dueDate < person.today ? person.today : task.dueDate;
}

function available(person: HandoverStaff | undefined, task: HandoverTask): boolean {
  return person !== undefined && person.active && !isAway(person, dayFor(task, person));
}

export function decideHandover(task: HandoverTask, staff: ReadonlyMap<string, HandoverStaff>): HandoverMove | null {
  if (task.handedOverFrom && !task.worked && task.assigneeStaffId !== task.handedOverFrom) {
    const owner = staff.get(task.handedOverFrom);
    if (owner && available(owner, task)) {
      return { id: task.id, kind: 'handed_back', from: task.assigneeStaffId, to: owner.id, owner: owner.id, reason: 'back' };
    }
  }
  if (!task.assigneeStaffId) return null;
  const holder = staff.get(task.assigneeStaffId);
  if (!holder || available(holder, task)) return null;
  const backup = holder.backupStaffId ? staff.get(holder.backupStaffId) : undefined;
  const to = backup && available(backup, task) ? backup.id : null;
  const owner = task.handedOverFrom && !task.worked ? task.handedOverFrom : holder.id;
  return { id: task.id, kind: 'handed_over', from: holder.id, to, owner, reason: holder.active ? 'away' : 'inactive' };
}

export function decideHandovers(tasks: readonly HandoverTask[], staff: ReadonlyMap<string, HandoverStaff>): HandoverMove[] {
  return tasks.flatMap((task) => {
    const move = decideHandover(task, staff);
    return move ? [move] : [];
  });
}
