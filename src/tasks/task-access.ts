import { Principal } from '../common/domain';
import { TaskState } from './task.entity';

export type TaskAction = 'view' | 'complete' | 'snooze' | 'skip' | 'note' | 'reassign' | 'claim';

export interface TaskAccessSubject {
  assigneeStaffId: string | null;
  state: TaskState;
}

export type AccessDecision = { ok: true } | { ok: false; kind: 'not_found' | 'forbidden' | 'conflict'; message: string };

const OK: AccessDecision = { ok: true };
/** Actions that change where a task stands; a closed task keeps its outcome. Notes may follow a closed task. */
const NEEDS_OPEN: TaskAction[] = ['complete', 'snooze', 'skip', 'reassign', 'claim'];

/**
 * Who may do what with a task. Admins: anything. Managers: their own tasks; pool tasks they may
 * see and claim (then they are theirs); reassigning only back into the pool. Another manager's
 * task is `not_found`, as an unknown id is, so ids cannot be probed; and access is decided before
 * state, so nothing leaks through a 409 either.
 */
export function decideTaskAccess(
  principal: Principal,
  task: TaskAccessSubject,
  action: TaskAction,
  reassignTo?: string | null,
): AccessDecision {
  if (principal.role !== 'admin') {
    const own = task.assigneeStaffId === principal.staffId;
    const pool = task.assigneeStaffId === null;
    if (!own && !pool) return { ok: false, kind: 'not_found', message: 'Task not found' };
    if (!own && action !== 'claim' && action !== 'view') {
      return { ok: false, kind: 'forbidden', message: 'This task is in the shared pool: claim it first' };
    }
    if (action === 'reassign' && reassignTo !== null) {
      return { ok: false, kind: 'forbidden', message: 'Managers may only hand a task back to the pool (staffId null)' };
    }
  }
  if (NEEDS_OPEN.includes(action) && task.state !== 'open') {
    return { ok: false, kind: 'conflict', message: `The task is already ${task.state}` };
  }
  if (action === 'claim' && task.assigneeStaffId !== null) {
    return {
      ok: false,
      kind: 'conflict',
      message: task.assigneeStaffId === principal.staffId ? 'The task is already yours' : 'The task is not in the pool',
    };
  }
  return OK;
}
