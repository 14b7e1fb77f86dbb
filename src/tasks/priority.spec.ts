import { taskPriority, valueBonus } from './priority';

describe('task priority', () => {
  it.each([
    [0, 0],
    [-5, 0],
    [9, 10],
    [99, 20],
    [999, 30],
    [1000, 30],
    [9_999, 40],
    [999_999, 60],
    [50_000_000, 60],
  ])('lifetime value %p adds %p', (value, bonus) => {
    expect(valueBonus(value)).toBe(bonus);
  });

  it('ten points of rule priority weigh as much as a customer ten times as valuable', () => {
    expect(taskPriority(60, 99)).toBe(taskPriority(50, 999));
  });
});
