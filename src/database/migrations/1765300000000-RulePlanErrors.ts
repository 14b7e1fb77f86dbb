import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rule whose statement fails at plan time is planned no more until it is fixed, while every
 * other rule goes on; the rule carries the error and its time so an admin sees why.
 */
export class RulePlanErrors1765300000000 implements MigrationInterface {
  name = 'RulePlanErrors1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rules ADD COLUMN last_plan_error text, ADD COLUMN last_plan_error_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rules DROP COLUMN last_plan_error, DROP COLUMN last_plan_error_at`);
  }
}
