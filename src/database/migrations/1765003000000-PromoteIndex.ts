import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Both promoters (email/SMS to the queue, calls/cards to tasks) take the oldest due planned touches
 * in (scheduled_at, id) order, a chunk at a time. Without an index in that order and restricted to
 * planned touches, PostgreSQL walked the ledger's (scheduled_at, id) index from its oldest entry
 * and filtered out every touch already sent: each tick cost more as the ledger grew.
 */
export class PromoteIndex1765003000000 implements MigrationInterface {
  name = 'PromoteIndex1765003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX touches_promote_idx ON touches (scheduled_at, id) WHERE state = 'planned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_promote_idx`);
  }
}
