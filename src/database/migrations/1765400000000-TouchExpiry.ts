import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every touch may carry the instant after which it is too late to send (a birthday greeting after
 * the birthday). The partial index serves the planner's sweep of pending touches past it; the
 * second one its look-up of a rule's planned touches left on an older version after an edit.
 */
export class TouchExpiry1765400000000 implements MigrationInterface {
  name = 'TouchExpiry1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE touches ADD COLUMN expires_at timestamptz`);
    await q.query(
      `CREATE INDEX touches_pending_expiry_idx ON touches (expires_at) WHERE state IN ('planned', 'queued') AND expires_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX touches_planned_rule_version_idx ON touches (rule_id, rule_version) WHERE state = 'planned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_planned_rule_version_idx`);
    await q.query(`DROP INDEX touches_pending_expiry_idx`);
    await q.query(`ALTER TABLE touches DROP COLUMN expires_at`);
  }
}
