import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What it takes to send at most once and say so when we cannot know:
 * - `lease_expires_at`: a claimed (`sending`) touch belongs to a live worker until then; the
 *   worker extends it while it works the batch, so a dead worker's touches are found in seconds;
 * - `send_started_at`: written, under the lease, just before the message goes to the provider. A
 *   touch whose lease ran out without it was never sent and is queued again; one with it may
 *   have been sent and becomes `unknown` instead of being sent again;
 * - the state `unknown`: sent or not, we cannot tell until the provider's own events say so.
 */
export class SendLeases1765310100000 implements MigrationInterface {
  name = 'SendLeases1765310100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE touches ADD COLUMN lease_expires_at timestamptz, ADD COLUMN send_started_at timestamptz`);
    await q.query(`ALTER TABLE touches DROP CONSTRAINT touches_state_check`);
    await q.query(`ALTER TABLE touches ADD CONSTRAINT touches_state_check
      CHECK (state IN ('planned', 'queued', 'sending', 'sent', 'delivered', 'done', 'skipped', 'failed', 'cancelled', 'unknown'))`);
    // The recovery sweep's two reads: claims whose lease ran out, and unknown outcomes past their grace.
    await q.query(`CREATE INDEX touches_sending_lease_idx ON touches (lease_expires_at) WHERE state = 'sending'`);
    await q.query(`CREATE INDEX touches_unknown_idx ON touches (updated_at) WHERE state = 'unknown'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_unknown_idx`);
    await q.query(`DROP INDEX touches_sending_lease_idx`);
    await q.query(`ALTER TABLE touches DROP CONSTRAINT touches_state_check`);
    await q.query(`ALTER TABLE touches ADD CONSTRAINT touches_state_check
      CHECK (state IN ('planned', 'queued', 'sending', 'sent', 'delivered', 'done', 'skipped', 'failed', 'cancelled'))`);
    await q.query(`ALTER TABLE touches DROP COLUMN lease_expires_at, DROP COLUMN send_started_at`);
  }
}
