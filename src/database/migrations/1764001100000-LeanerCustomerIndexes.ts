import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every customer write maintains every customer index, so one no query needs goes. The ranking
 * by lifetime value (the planner's top customers) reads customers_ltv_active_idx, the same keys
 * restricted to customers not anonymized; customers_ltv_idx over all customers served nothing else.
 * Kept, because queries use them: tags (GIN, the customer list's tag filter), the customer_since
 * month and day (anniversary rules), birthdays, manager, email and phone lookups, external id.
 */
export class LeanerCustomerIndexes1764001100000 implements MigrationInterface {
  name = 'LeanerCustomerIndexes1764001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX customers_ltv_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX customers_ltv_idx ON customers (lifetime_value DESC, id)`);
  }
}
