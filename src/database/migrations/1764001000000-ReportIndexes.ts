import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportIndexes1764001000000 implements MigrationInterface {
  name = 'ReportIndexes1764001000000';

  async up(q: QueryRunner): Promise<void> {
    // Reports count a period's touches by rule, state and reason, and join them to events, tasks,
    // customers and orders. Carrying those columns in the (scheduled_at, id) index lets them read
    // the period's slice of the index alone instead of the whole ledger. The key is unchanged, so
    // it replaces the ledger's keyset-paging index rather than adding one more to every write.
    await q.query(`CREATE INDEX touches_scheduled_report_idx ON touches (scheduled_at, id) INCLUDE (rule_id, customer_id, state, reason)`);
    await q.query(`DROP INDEX touches_scheduled_id_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX touches_scheduled_id_idx ON touches (scheduled_at, id)`);
    await q.query(`DROP INDEX touches_scheduled_report_idx`);
  }
}
