import { rankTasks } from './capacity';

export interface ListedTask {
  id: string;
  dueDate: string;
  priority: number;
  /** Customer lifetime value. */
  value: number;
}

/**
 * The order of a daily list: overdue tasks first, then priority, then customer value (then the
 * older task, so the order is stable between page loads).
 */
export function orderTasks<T extends ListedTask>(tasks: readonly T[], today: string): T[] {
  return [...tasks].sort((a, b) => Number(b.dueDate < today) - Number(a.dueDate < today) || rankTasks(a, b));
}
