import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email replies forwarded to the manager's own inbox. A row is written in the transaction that
 * records the reply and is sent afterwards, and again by the workers' sweep until it goes, so a
 * forward is not lost when the provider or the service is down for a while. It holds ids only:
 * the words are read from the reply's timeline event when sending (erasure blanks them there).
 */
export class ReplyForwards1765500000001 implements MigrationInterface {
  name = 'ReplyForwards1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reply_forwards (
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES touch_events(id) ON DELETE CASCADE,
        task_id bigint REFERENCES tasks(id) ON DELETE SET NULL,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        provider_message_id text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX reply_forwards_pending_idx ON reply_forwards (next_attempt_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX reply_forwards_customer_idx ON reply_forwards (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reply_forwards`);
  }
}
