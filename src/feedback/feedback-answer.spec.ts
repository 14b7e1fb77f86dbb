import { isLowScore, MAX_COMMENT_LENGTH, parseAnswer } from './feedback-answer';

describe('parseAnswer', () => {
  it.each([
    [{ score: '5' }, { score: 5, comment: null }],
    [
      { score: ' 1 ', comment: '  Late again  ' },
      { score: 1, comment: 'Late again' },
    ],
    [
      { score: '3', comment: '   ' },
      { score: 3, comment: null },
    ],
    [
      { score: '4', comment: 'x'.repeat(MAX_COMMENT_LENGTH) },
      { score: 4, comment: 'x'.repeat(MAX_COMMENT_LENGTH) },
    ],
  ])('reads %j', (body, answer) => expect(parseAnswer(body)).toEqual({ answer }));

  it.each([
    [{}, 'score', 'is required'],
    [{ score: '' }, 'score', 'is required'],
    [{ score: '0' }, 'score', 'from 1 to 5'],
    [{ score: '6' }, 'score', 'from 1 to 5'],
    [{ score: '2.5' }, 'score', 'from 1 to 5'],
    [{ score: '-1' }, 'score', 'from 1 to 5'],
    [{ score: ['1', '5'] }, 'score', 'from 1 to 5'],
    [{ score: '5', comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }, 'comment', `at most ${MAX_COMMENT_LENGTH}`],
    [{ score: '5', comment: ['a', 'b'] }, 'comment', 'must be text'],
    [null, 'score', 'is required'],
  ])('refuses %j naming %s', (body, field, reason) => {
    const result = parseAnswer(body);
    expect('errors' in result && result.errors).toEqual([{ field, reason: expect.stringContaining(reason) }]);
  });
});

describe('isLowScore', () => {
  it.each([
    [1, 2, true],
    [2, 2, true],
    [3, 2, false],
    [3, 3, true],
    [5, 4, false],
  ])('%d with threshold %d → %s', (score, threshold, low) => expect(isLowScore(score, threshold)).toBe(low));
});
