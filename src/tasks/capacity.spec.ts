import { CapacityTask, planCapacity } from './capacity';

// 2026-06-15 is a Monday.
const MON = '2026-06-15';
const task = (id: string, dueDate: string, priority = 50, value = 0): CapacityTask => ({
  id,
  dueDate,
  originalDueDate: dueDate,
  priority,
  value,
});

describe('planCapacity', () => {
  const scenarios: { name: string; capacity: number; tasks: CapacityTask[]; moves: [id: string, to: string, reason: RegExp][] }[] = [
    { name: 'under capacity: nothing moves', capacity: 3, tasks: [task('1', MON), task('2', MON)], moves: [] },
    { name: 'exactly at capacity: nothing moves', capacity: 2, tasks: [task('1', MON), task('2', MON)], moves: [] },
    {
      name: 'over capacity: the lowest priority moves to the next working day',
      capacity: 2,
      tasks: [task('1', MON, 60), task('2', MON, 10), task('3', MON, 40)],
      moves: [['2', '2026-06-16', /^Moved from 2026-06-15 to 2026-06-16: 2026-06-15 was over the daily capacity of 2$/]],
    },
    {
      name: 'equal priority: the less valuable customer moves',
      capacity: 1,
      tasks: [task('1', MON, 50, 100), task('2', MON, 50, 900)],
      moves: [['1', '2026-06-16', /over the daily capacity of 1/]],
    },
    {
      name: 'a Friday overflow goes to Monday, skipping the weekend',
      capacity: 1,
      tasks: [task('1', '2026-06-19', 90), task('2', '2026-06-19', 10)],
      moves: [
        [
          '2',
          '2026-06-22',
          /^Moved from 2026-06-19 to 2026-06-22: 2026-06-19 was over the daily capacity of 1; 2026-06-21 is not a working day$/,
        ],
      ],
    },
    {
      name: 'a task due on Saturday moves to Monday',
      capacity: 5,
      tasks: [task('1', '2026-06-20')],
      moves: [['1', '2026-06-22', /2026-06-20 is not a working day/]],
    },
    {
      name: 'the overflow cascades when the next day is full too, and the moved task competes by rank',
      capacity: 1,
      tasks: [task('1', MON, 90), task('2', MON, 50), task('3', '2026-06-16', 70)],
      moves: [['2', '2026-06-17', /2026-06-15 was over.*2026-06-16 was over/]],
    },
    {
      name: "overdue tasks stay but take today's slots",
      capacity: 2,
      tasks: [task('1', '2026-06-10', 1), task('2', MON, 90), task('3', MON, 80)],
      moves: [['3', '2026-06-16', /2026-06-15 was over/]],
    },
    { name: 'capacity 0 is not managed', capacity: 0, tasks: [task('1', MON), task('2', MON)], moves: [] },
  ];

  it.each(scenarios)('$name', ({ capacity, tasks, moves }) => {
    const result = planCapacity({ today: MON, capacity, tasks });
    expect(result.map((move) => [move.id, move.to])).toEqual(moves.map(([id, to]) => [id, to]));
    result.forEach((move, i) => expect(move.reason).toMatch(moves[i][2]));
  });

  it('never drops a task: every task ends on a working day with at most capacity per day', () => {
    const tasks = Array.from({ length: 57 }, (_, i) => task(String(i + 1), i % 3 === 0 ? '2026-06-20' : MON, i % 7, i));
    const moves = new Map(planCapacity({ today: MON, capacity: 5, tasks }).map((move) => [move.id, move.to]));
    const perDay = new Map<string, number>();
    for (const t of tasks) {
      const day = moves.get(t.id) ?? t.dueDate;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect([...perDay.values()].reduce((a, b) => a + b, 0)).toBe(57);
    for (const [day, count] of perDay) {
      expect(count).toBeLessThanOrEqual(5);
      expect([0, 6]).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
    }
  });
});
