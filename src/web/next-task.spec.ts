import { nextTaskId } from './next-task';

describe('nextTaskId', () => {
  it.each([
    ['the one after, once the current task left the list', ['1', '2', '3'], ['2', '3'], '1', '2'],
    ['the one after, from the middle', ['1', '2', '3'], ['1', '3'], '2', '3'],
    ['back to one passed over when the current one was last', ['1', '2', '3'], ['1', '2'], '3', '1'],
    ['done when nothing is left', ['1'], [], '1', null],
    ['never the current task again, even if it is still open', ['1', '2'], ['1', '2'], '1', '2'],
    ['done when only the current task is still open', ['1'], ['1'], '1', null],
    ['the list order, not the id order', ['9', '4', '7'], ['4', '7'], '9', '4'],
    ['a task that arrived meanwhile only after those that stood later', ['1', '2'], ['5', '2'], '1', '2'],
    ['a task that arrived meanwhile once nothing else is left', ['1'], ['5'], '1', '5'],
    ['the first open one for a task that was not on the list (due later)', ['1', '2'], ['1', '2'], '8', '1'],
  ])('%s', (_case, before, after, current, expected) => {
    expect(nextTaskId(before, after, current)).toBe(expected);
  });
});
