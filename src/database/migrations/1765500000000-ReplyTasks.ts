import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reply tasks: a customer's reply (email, SMS, feedback) becomes a task for the person who owns
 * the relationship. Unlike call and card tasks, a reply task does not carry out a touch: it names
 * the touch it answers, or none when the reply matches no message of ours, and a touch may collect
 * several reply tasks over time. So touch_id is optional for replies only, call and card tasks stay
 * one per touch, and at most one reply task per (customer, touch answered) is open at a time: later
 * replies join it. reply_received_at is when the first reply it holds arrived (response times).
 */
export class ReplyTasks1765500000000 implements MigrationInterface {
  name = 'ReplyTasks1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_kind_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind IN ('call', 'card', 'reply'))`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_outcome_check`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT tasks_outcome_check CHECK (outcome IN
         ('reached', 'left_voicemail', 'no_answer', 'wrong_number', 'asked_not_to_call', 'card_sent',
          'replied', 'called_back', 'no_action_needed'))`,
    );
    await q.query(`ALTER TABLE tasks ALTER COLUMN touch_id DROP NOT NULL`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_touch_required CHECK (kind = 'reply' OR touch_id IS NOT NULL)`);
    await q.query(`ALTER TABLE tasks ADD COLUMN reply_received_at timestamptz`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_reply_received CHECK ((kind = 'reply') = (reply_received_at IS NOT NULL))`);
    await q.query(`DROP INDEX tasks_touch_key`);
    await q.query(`CREATE UNIQUE INDEX tasks_touch_key ON tasks (touch_id) WHERE kind IN ('call', 'card')`);
    await q.query(
      `CREATE UNIQUE INDEX tasks_open_reply_key ON tasks (customer_id, (COALESCE(touch_id, 0))) WHERE kind = 'reply' AND state = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tasks WHERE kind = 'reply'`);
    await q.query(`DROP INDEX tasks_open_reply_key`);
    await q.query(`DROP INDEX tasks_touch_key`);
    await q.query(`CREATE UNIQUE INDEX tasks_touch_key ON tasks (touch_id)`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_reply_received`);
    await q.query(`ALTER TABLE tasks DROP COLUMN reply_received_at`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_touch_required`);
    await q.query(`ALTER TABLE tasks ALTER COLUMN touch_id SET NOT NULL`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_outcome_check`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT tasks_outcome_check CHECK (outcome IN
         ('reached', 'left_voicemail', 'no_answer', 'wrong_number', 'asked_not_to_call', 'card_sent'))`,
    );
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_kind_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind IN ('call', 'card'))`);
  }
}
