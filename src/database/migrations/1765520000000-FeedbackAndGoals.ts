import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers' answers to a touch's feedback link, one per touch, and the service goals admins set.
 * customer_id comes first so feedback co-locates with customers; the goals are one row.
 */
export class FeedbackAndGoals1765520000000 implements MigrationInterface {
  name = 'FeedbackAndGoals1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_answers (
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        touch_id bigint NOT NULL REFERENCES touches(id) ON DELETE CASCADE,
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment text,
        answered_at timestamptz NOT NULL
      )`);
    // One answer per touch: a second POST finds the first.
    await q.query(`CREATE UNIQUE INDEX feedback_answers_touch_key ON feedback_answers (touch_id)`);
    await q.query(`CREATE INDEX feedback_answers_customer_idx ON feedback_answers (customer_id)`);

    await q.query(`
      CREATE TABLE service_goals (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        reply_within_minutes integer CHECK (reply_within_minutes > 0),
        satisfaction_at_least numeric(3, 2) CHECK (satisfaction_at_least BETWEEN 1 AND 5),
        workday_start time NOT NULL DEFAULT '09:00',
        workday_end time NOT NULL DEFAULT '17:00',
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        CHECK (workday_start < workday_end)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_goals`);
    await q.query(`DROP TABLE feedback_answers`);
  }
}
