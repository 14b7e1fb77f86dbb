import { orderTasks } from './ordering';

const TODAY = '2026-06-15';

describe('orderTasks', () => {
  it.each([
    {
      name: 'replies first, even before an overdue call of higher priority',
      tasks: [
        { id: '1', dueDate: '2026-06-12', priority: 2000, value: 0 },
        { id: '2', dueDate: TODAY, priority: 1100, value: 0, reply: true },
        { id: '3', dueDate: TODAY, priority: 50, value: 0 },
      ],
      order: ['2', '1', '3'],
    },
    {
      name: 'among replies, the overdue one first',
      tasks: [
        { id: '1', dueDate: TODAY, priority: 1150, value: 0, reply: true },
        { id: '2', dueDate: '2026-06-14', priority: 1100, value: 0, reply: true },
      ],
      order: ['2', '1'],
    },
    {
      name: 'overdue first, whatever its priority',
      tasks: [
        { id: '1', dueDate: TODAY, priority: 99, value: 0 },
        { id: '2', dueDate: '2026-06-12', priority: 1, value: 0 },
      ],
      order: ['2', '1'],
    },
    {
      name: 'then priority',
      tasks: [
        { id: '1', dueDate: TODAY, priority: 10, value: 5000 },
        { id: '2', dueDate: TODAY, priority: 20, value: 0 },
      ],
      order: ['2', '1'],
    },
    {
      name: 'then customer value',
      tasks: [
        { id: '1', dueDate: TODAY, priority: 10, value: 5 },
        { id: '2', dueDate: TODAY, priority: 10, value: 50 },
      ],
      order: ['2', '1'],
    },
    {
      name: 'priority leads within the overdue group too; ids break ties numerically',
      tasks: [
        { id: '10', dueDate: '2026-06-01', priority: 5, value: 0 },
        { id: '9', dueDate: '2026-06-10', priority: 5, value: 0 },
        { id: '3', dueDate: '2026-06-11', priority: 50, value: 0 },
      ],
      order: ['3', '9', '10'],
    },
  ])('$name', ({ tasks, order }) => {
    expect(orderTasks(tasks, TODAY).map((task) => task.id)).toEqual(order);
  });
});
