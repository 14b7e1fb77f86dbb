import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlannerLapseIndexes1764000610000 implements MigrationInterface {
  name = 'PlannerLapseIndexes1764000610000';

  async up(q: QueryRunner): Promise<void> {
    // Lapse rules look for customers whose last order lies in a few narrow ranges of days.
    await q.query(`CREATE INDEX customers_last_order_idx ON customers (last_order_at) WHERE anonymized_at IS NULL AND last_order_at IS NOT NULL`);
    // Top customers by value among the active ones, answerable from the index alone.
    await q.query(`CREATE INDEX customers_ltv_active_idx ON customers (lifetime_value DESC, id) WHERE anonymized_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX customers_ltv_active_idx`);
    await q.query(`DROP INDEX customers_last_order_idx`);
  }
}
