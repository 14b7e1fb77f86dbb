import { FollowUp } from '../rules/rule.types';
import { decideFollowUp, splitOccurrence } from './follow-ups';

// 2026-06-15 is a Monday, 2026-06-19 a Friday.
const RULE: FollowUp[] = [
  { outcome: 'no_answer', afterWorkingDays: 2, maxAttempts: 3 },
  { outcome: 'left_voicemail', afterWorkingDays: 5, maxAttempts: 1 },
];

describe('decideFollowUp', () => {
  it.each([
    {
      name: 'no answer on the original: follow-up 1, two working days later',
      occurrence: 'lapse:2026-06-01:1',
      outcome: 'no_answer' as const,
      on: '2026-06-15',
      expected: { plan: true, occurrence: 'lapse:2026-06-01:1#followup-1', attempt: 1, dueDate: '2026-06-17' },
    },
    {
      name: 'no answer on a Friday: the Tuesday after the weekend',
      occurrence: 'order:42',
      outcome: 'no_answer' as const,
      on: '2026-06-19',
      expected: { plan: true, occurrence: 'order:42#followup-1', attempt: 1, dueDate: '2026-06-23' },
    },
    {
      name: 'no answer on follow-up 2: follow-up 3',
      occurrence: 'order:42#followup-2',
      outcome: 'no_answer' as const,
      on: '2026-06-15',
      expected: { plan: true, occurrence: 'order:42#followup-3', attempt: 3 },
    },
    {
      name: 'a voicemail after a no-answer try counts on the same chain',
      occurrence: 'order:42#followup-1',
      outcome: 'left_voicemail' as const,
      on: '2026-06-15',
      expected: { plan: false, why: 'follow-up 1 was the last of 1 after left_voicemail' },
    },
    {
      name: 'no answer on the last try: nothing',
      occurrence: 'order:42#followup-3',
      outcome: 'no_answer' as const,
      on: '2026-06-15',
      expected: { plan: false, why: 'follow-up 3 was the last of 3 after no_answer' },
    },
    {
      name: 'reached: nothing',
      occurrence: 'order:42',
      outcome: 'reached' as const,
      on: '2026-06-15',
      expected: { plan: false, why: 'the rule plans no follow-up after reached' },
    },
    {
      name: 'wrong number: nothing',
      occurrence: 'order:42',
      outcome: 'wrong_number' as const,
      on: '2026-06-15',
      expected: { plan: false },
    },
  ])('$name', ({ occurrence, outcome, on, expected }) => {
    expect(decideFollowUp({ occurrence, outcome, followUps: RULE, completedOn: on })).toMatchObject(expected);
  });

  it('a rule without follow-ups plans none', () => {
    expect(decideFollowUp({ occurrence: 'order:1', outcome: 'no_answer', followUps: undefined, completedOn: '2026-06-15' })).toEqual({
      plan: false,
      why: 'the rule plans no follow-up after no_answer',
    });
  });

  it('splits an occurrence into its original part and its try', () => {
    expect(splitOccurrence('birthday:2026')).toEqual({ base: 'birthday:2026', attempt: 0 });
    expect(splitOccurrence('birthday:2026#followup-12')).toEqual({ base: 'birthday:2026', attempt: 12 });
  });
});
