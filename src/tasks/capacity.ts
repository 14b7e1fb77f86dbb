import { addDays, isWorkingDay } from './days';

/**
 * The capacity decision for one manager: which open tasks move to a later day, and why.
 *
 * - A working day (Monday to Friday, as dates in the manager's zone) holds at most `capacity`
 *   tasks; a weekend day holds none.
 * - Overdue tasks (due before today) stay where they are (they head the list) but take up
 *   today's slots.
 * - When a day holds too many, the lowest-ranked tasks (priority, then customer value, then the
 *   older task) move to the next day and compete there again, until each finds a day with room.
 *   Nothing is dropped: every move carries its reason for the list to show.
 * - Capacity 0 means "not managed": no moves (there would be no day to move to).
 */
export interface CapacityTask {
  id: string;
  dueDate: string;
  /** The day the touch originally asked for, named in the reason. */
  originalDueDate: string;
  priority: number;
  /** Customer lifetime value, the tie-breaker after priority. */
  value: number;
}

export interface CapacityMove {
  id: string;
  from: string;
  to: string;
  reason: string;
}

export interface CapacityInput {
  today: string;
  capacity: number;
  tasks: CapacityTask[];
}

/** Higher priority first, then higher value, then the older task. */
export function rankTasks<T extends Pick<CapacityTask, 'id' | 'priority' | 'value'>>(a: T, b: T): number {
  return b.priority - a.priority || b.value - a.value || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function planCapacity({ today, capacity, tasks }: CapacityInput): CapacityMove[] {
  if (capacity <= 0) return [];
  const pinnedToday = tasks.filter((task) => task.dueDate < today).length;
  const byDay = new Map<string, CapacityTask[]>();
  let lastDay = today;
  for (const task of tasks) {
    if (task.dueDate < today) continue;
    byDay.set(task.dueDate, [...(byDay.get(task.dueDate) ?? []), task]);
    if (task.dueDate > lastDay) lastDay = task.dueDate;
  }

  const moves: CapacityMove[] = [];
  let carried: { task: CapacityTask; reasons: string[] }[] = [];
  for (let day = today; day <= lastDay || carried.length > 0; day = addDays(day, 1)) {
    const here = [...(byDay.get(day) ?? []).map((task) => ({ task, reasons: [] as string[] })), ...carried].sort((a, b) =>
      rankTasks(a.task, b.task),
    );
    const slots = isWorkingDay(day) ? Math.max(0, capacity - (day === today ? pinnedToday : 0)) : 0;
    for (const { task, reasons } of here.slice(0, slots)) {
      if (task.dueDate !== day) moves.push({ id: task.id, from: task.dueDate, to: day, reason: describe(task, day, reasons) });
    }
    const why = isWorkingDay(day) ? `${day} was over the daily capacity of ${capacity}` : `${day} is not a working day`;
    carried = here.slice(slots).map(({ task, reasons }) => ({ task, reasons: [...reasons, why] }));
  }
  return moves;
}

function describe(task: CapacityTask, to: string, reasons: string[]): string {
  // The first and the last hop say enough; a long chain of full days reads as noise.
  const shown = reasons.length > 2 ? [reasons[0], reasons[reasons.length - 1]] : reasons;
  return `Moved from ${task.originalDueDate} to ${to}: ${shown.join('; ')}`;
}
