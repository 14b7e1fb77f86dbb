import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowCount, rows } from '../database/sql';
import { CapacityMove, planCapacity } from './capacity';
import { localDateIn } from './days';
import * as sql from './tasks.sql';

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
    const staff = await rows<StaffRow>(manager, sql.CAPACITY_OF_STAFF, [staffIds]);
    const tasks = await rows<OpenTaskRow>(manager, sql.OPEN_TASKS_OF_STAFF, [staffIds]);
    const moves = staff.flatMap((person) =>
      planCapacity({
        today: localDateIn(now, person.time_zone),
        capacity: person.daily_capacity,
        tasks: tasks
          .filter((task) => task.assignee_staff_id === person.id)
          .map((task) => ({
            id: task.id,
            dueDate: task.due_date,
            originalDueDate: task.original_due_date,
            priority: task.priority,
            value: task.value,
          })),
      }),
    );
    if (moves.length === 0) return moves;
    await rowCount(manager, sql.MOVE_TASKS, [JSON.stringify(moves), now]);
    return moves;
  }
}
