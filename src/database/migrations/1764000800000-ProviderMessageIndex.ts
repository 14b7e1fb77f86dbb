import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderMessageIndex1764000800000 implements MigrationInterface {
  name = 'ProviderMessageIndex1764000800000';

  async up(q: QueryRunner): Promise<void> {
    // Provider webhooks find their touch by the provider's message id (Twilio MessageSid,
    // SendGrid X-Message-Id); without an index every status callback would scan the ledger.
    await q.query(`CREATE INDEX touches_provider_message_idx ON touches (provider_message_id) WHERE provider_message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX touches_provider_message_idx`);
  }
}
