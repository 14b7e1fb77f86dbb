import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call and card tasks: the touches staff carry out. One task per touch; customer_id comes first
 * so the table can be co-located with customers by customer.
 */
export class Tasks1764000900000 implements MigrationInterface {
  name = 'Tasks1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        touch_id bigint NOT NULL REFERENCES touches(id) ON DELETE CASCADE,
        assignee_staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('call', 'card')),
        due_date date NOT NULL,
        original_due_date date NOT NULL,
        priority integer NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'skipped')),
        outcome text CHECK (outcome IN ('reached', 'left_voicemail', 'no_answer', 'wrong_number', 'asked_not_to_call', 'card_sent')),
        note text,
        skip_reason text,
        moved_reason text,
        snoozed_until date,
        talking_points jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        completed_at timestamptz,
        completed_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        CHECK (state <> 'done' OR outcome IS NOT NULL),
        CHECK (state <> 'skipped' OR skip_reason IS NOT NULL),
        CHECK ((state = 'open') = (completed_at IS NULL))
      )`);
    // A touch becomes at most one task, however many promoters run.
    await q.query(`CREATE UNIQUE INDEX tasks_touch_key ON tasks (touch_id)`);
    // The daily list and the pool (assignee NULL): open tasks of one assignee up to a date.
    await q.query(`CREATE INDEX tasks_open_assignee_due_idx ON tasks (assignee_staff_id, due_date) WHERE state = 'open'`);
    // "Done today" counts.
    await q.query(`CREATE INDEX tasks_closed_assignee_idx ON tasks (assignee_staff_id, completed_at) WHERE state <> 'open'`);
    await q.query(`CREATE INDEX tasks_customer_idx ON tasks (customer_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tasks`);
  }
}
