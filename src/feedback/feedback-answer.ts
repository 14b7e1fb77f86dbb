import { FieldError } from '../common/errors';

/** A comment longer than this is refused with the page saying so, not cut. */
export const MAX_COMMENT_LENGTH = 2000;

export interface FeedbackAnswer {
  score: number;
  comment: string | null;
}

/**
 * The posted form read into an answer, or the problems with it naming the field. The score is a
 * whole number 1–5 as the page's radio buttons send it; an empty comment is none.
 */
export function parseAnswer(body: unknown): { answer: FeedbackAnswer } | { errors: FieldError[] } {
  const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors: FieldError[] = [];
  const rawScore = typeof form.score === 'string' ? form.score.trim() : form.score;
  const score = typeof rawScore === 'string' && /^[1-5]$/.test(rawScore) ? Number(rawScore) : NaN;
  if (rawScore === undefined || rawScore === '') errors.push({ field: 'score', reason: 'is required: a whole number from 1 to 5' });
  else if (Number.isNaN(score)) errors.push({ field: 'score', reason: 'must be a whole number from 1 to 5' });
  let comment: string | null = null;
  if (form.comment !== undefined) {
    if (typeof form.comment !== 'string') errors.push({ field: 'comment', reason: 'must be text' });
    else if (form.comment.length > MAX_COMMENT_LENGTH)
      errors.push({ field: 'comment', reason: `must be at most ${MAX_COMMENT_LENGTH} characters` });
    else comment = form.comment.trim() || null;
  }
  return errors.length > 0 ? { errors } : { answer: { score, comment } };
}

/** A score at or below the threshold asks the account manager to get back to the customer. */
export function isLowScore(score: number, threshold: number): boolean {
  return score <= threshold;
}
