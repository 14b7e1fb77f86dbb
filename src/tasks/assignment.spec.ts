import { Candidate, chooseAssignee } from './assignment';

const DUE = '2026-06-15';
const staff = (id: string, awayFrom: string | null = null, awayUntil: string | null = null, active = true): Candidate => ({
  id,
  awayFrom,
  awayUntil,
  active,
});

describe('chooseAssignee', () => {
  it.each([
    { name: 'the account manager when present', manager: staff('m'), backup: staff('b'), expected: 'm' },
    { name: 'no account manager: the pool', manager: null, backup: null, expected: null },
    { name: 'manager away on the due day: the backup', manager: staff('m', '2026-06-10', '2026-06-20'), backup: staff('b'), expected: 'b' },
    { name: 'away ends the day before: the manager', manager: staff('m', '2026-06-10', '2026-06-14'), backup: staff('b'), expected: 'm' },
    {
      name: 'away starts on the due day (inclusive): the backup',
      manager: staff('m', DUE, '2026-06-20'),
      backup: staff('b'),
      expected: 'b',
    },
    { name: 'away ends on the due day (inclusive): the backup', manager: staff('m', '2026-06-01', DUE), backup: staff('b'), expected: 'b' },
    { name: 'open-ended absence: the backup', manager: staff('m', '2026-06-01', null), backup: staff('b'), expected: 'b' },
    { name: 'manager away, no backup: the pool', manager: staff('m', '2026-06-10', '2026-06-20'), backup: null, expected: null },
    {
      name: 'both away: the pool',
      manager: staff('m', '2026-06-10', '2026-06-20'),
      backup: staff('b', '2026-06-14', '2026-06-16'),
      expected: null,
    },
    { name: 'manager inactive: the backup', manager: staff('m', null, null, false), backup: staff('b'), expected: 'b' },
  ])('$name', ({ manager, backup, expected }) => {
    expect(chooseAssignee(manager, backup, DUE)).toBe(expected);
  });
});
