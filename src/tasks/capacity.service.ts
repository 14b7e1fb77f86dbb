import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowCount } from '../database/sql';
import { taskMovedEvents } from '../touches/ledger.sql';
import { CapacityMove, planCapacity } from './capacity';
import { localDateIn } from './days';

interface StaffRow {
  id: string;
  time_zone: string;
  daily_capacity: number;
}

interface OpenTaskRow {
  id: string;
  assignee_staff_id: string;
  due_date: string;
  original_due_date: string;
  priority: number;
  value: number;
}

/** Applies the capacity decision (capacity.ts) to the open tasks of some staff members. */
@Injectable()
export class CapacityService {
  /** Returns the moves made; each is written with its reason and a `task_moved` timeline event. */
  async rebalance(manager: EntityManager, staffIds: string[], now: Date): Promise<CapacityMove[]> {
    if (staffIds.length === 0) return [];
    const staff: StaffRow[] = await manager.query(
      `SELECT id, time_zone, daily_capacity FROM staff WHERE id = ANY($1::uuid[])`,
      [staffIds],
    );
    const tasks: OpenTaskRow[] = await manager.query(
      `SELECT tk.id, tk.assignee_staff_id, tk.due_date::text AS due_date, tk.original_due_date::text AS original_due_date,
              tk.priority, c.lifetime_value::float8 AS value
         FROM tasks tk JOIN customers c ON c.id = tk.customer_id
        WHERE tk.state = 'open' AND tk.assignee_staff_id = ANY($1::uuid[])`,
      [staffIds],
    );
    const moves = staff.flatMap((person) =>
      planCapacity({
        today: localDateIn(now, person.time_zone),
        capacity: person.daily_capacity,
        tasks: tasks
          .filter((task) => task.assignee_staff_id === person.id)
          .map((task) => ({ id: task.id, dueDate: task.due_date, originalDueDate: task.original_due_date, priority: task.priority, value: task.value })),
      }),
    );
    if (moves.length === 0) return moves;
    await rowCount(
      manager,
      `WITH moved AS (
         UPDATE tasks tk SET due_date = m.to, moved_reason = m.reason, updated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS m(id bigint, "from" date, "to" date, reason text)
          WHERE tk.id = m.id
          RETURNING tk.id, tk.customer_id, tk.touch_id, m."from", m."to", m.reason)
       ${taskMovedEvents('moved')}`,
      [JSON.stringify(moves), now],
    );
    return moves;
  }
}
