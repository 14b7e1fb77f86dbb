import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlannerIndexes1764000600000 implements MigrationInterface {
  name = 'PlannerIndexes1764000600000';

  async up(q: QueryRunner): Promise<void> {
    // The frequency cap looks up what a plan run just planned; planned rows are few and short-lived.
    await q.query(`CREATE INDEX touches_planned_run_idx ON touches (plan_run_id) WHERE state = 'planned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_planned_run_idx`);
  }
}
