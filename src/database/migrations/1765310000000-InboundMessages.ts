import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider ids of the inbound messages already acted on (Twilio's MessageSid). A validly signed
 * request replayed later (a captured START after a later STOP) finds its id taken and changes
 * nothing. Only the ids are kept: no number, no text.
 */
export class InboundMessages1765310000000 implements MigrationInterface {
  name = 'InboundMessages1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_messages (
        provider text NOT NULL,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (provider, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbound_messages`);
  }
}
