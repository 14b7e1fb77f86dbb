import { MigrationInterface, QueryRunner } from 'typeorm';

export class TouchLedgerSearch1764000500000 implements MigrationInterface {
  name = 'TouchLedgerSearch1764000500000';

  async up(q: QueryRunner): Promise<void> {
    // GET /touches pages through the whole ledger by (scheduled_at, id), in either direction.
    await q.query(`CREATE INDEX touches_scheduled_id_idx ON touches (scheduled_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_scheduled_id_idx`);
  }
}
