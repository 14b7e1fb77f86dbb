/**
 * The feedback page's statements. $1 the touch, $2 its customer: a token names both, and a touch
 * of another customer is as unknown as a missing one.
 */
export const FEEDBACK_TOUCH = `
  SELECT t.id::text AS touch_id, t.customer_id::text AS customer_id, cu.locale, cu.account_manager_id,
         f.score, f.comment, f.answered_at
    FROM touches t
    JOIN customers cu ON cu.id = t.customer_id
    LEFT JOIN feedback_answers f ON f.touch_id = t.id
   WHERE t.id = $1 AND t.customer_id = $2`;

/** The answer, unless the touch has one: then nothing is written and no row comes back. */
export const INSERT_ANSWER = `
  INSERT INTO feedback_answers (customer_id, touch_id, score, comment, answered_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (touch_id) DO NOTHING
  RETURNING id::text AS id`;

export const ANSWER_OF_TOUCH = `SELECT score, comment, answered_at FROM feedback_answers WHERE touch_id = $1`;
