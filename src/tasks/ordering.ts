import { rankTasks } from './capacity';

export interface ListedTask {
  id: string;
  /** A customer who wrote to us: answered before any call or card. */
  reply?: boolean;
  dueDate: string;
  priority: number;
  /** Customer lifetime value. */
  value: number;
}

/**
 * The order of a daily list: replies first (a person waiting for an answer), then overdue tasks,
 * then priority, then customer value (then the older task, so the order is stable between page loads).
 */
export function orderTasks<T extends ListedTask>(tasks: readonly T[], today: string): T[] {
  return [...tasks].sort(
    (a, b) =>
      Number(Boolean(b.reply)) - Number(Boolean(a.reply)) || Number(b.dueDate < today) - Number(a.dueDate < today) || rankTasks(a, b),
  );
}
