import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handover: a task moved to a colleague (or the pool) because its owner is away or inactive
 * remembers whose it was and when it moved, and when anyone first acted on it afterwards (a task
 * someone has started on is not handed back). Calendar feeds: one secret feed URL per staff
 * member, stored as the hash of its token only.
 */
export class FollowUpsAndHandover1765510000000 implements MigrationInterface {
  name = 'FollowUpsAndHandover1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks
      ADD COLUMN handed_over_from uuid REFERENCES staff(id) ON DELETE SET NULL,
      ADD COLUMN handed_over_at timestamptz,
      ADD COLUMN handover_worked_at timestamptz`);
    // The hand-back sweep reads only open tasks that were handed over.
    await q.query(`CREATE INDEX tasks_open_handed_over_idx ON tasks (handed_over_from) WHERE state = 'open' AND handed_over_from IS NOT NULL`);
    await q.query(`
      CREATE TABLE calendar_feeds (
        staff_id uuid PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feeds`);
    await q.query(`DROP INDEX tasks_open_handed_over_idx`);
    await q.query(`ALTER TABLE tasks DROP COLUMN handover_worked_at, DROP COLUMN handed_over_at, DROP COLUMN handed_over_from`);
  }
}
