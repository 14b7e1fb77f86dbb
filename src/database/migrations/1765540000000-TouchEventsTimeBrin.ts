import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A block-range index on when events happened. Events are appended in time order, so a few pages
 * of BRIN summaries let the rule report read the events from its period on instead of every event
 * the ledger ever kept: its time then follows the period, not the ledger's age. Kept up to date at
 * almost no cost per insert, unlike a B-tree on the same column.
 */
export class TouchEventsTimeBrin1765540000000 implements MigrationInterface {
  name = 'TouchEventsTimeBrin1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX touch_events_at_brin ON touch_events USING brin (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touch_events_at_brin`);
  }
}
