import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Numbers that have been told how to opt out: the first SMS to a number carries the line, later
 * ones do not. Kept as a SHA-256 of the E.164 number, so the list is no copy of anyone's phone.
 */
export class SmsOptOutNotices1765200000000 implements MigrationInterface {
  name = 'SmsOptOutNotices1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_opt_out_notices (
        phone_hash text PRIMARY KEY,
        first_sent_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sms_opt_out_notices`);
  }
}
