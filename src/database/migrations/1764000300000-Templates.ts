import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message templates and their locale variants. A variant's parts live in one jsonb object whose
 * keys depend on the channel (email: subject, html, text; sms and call: text; card: text and
 * address), so adding a part to a channel needs no schema change.
 */
export class Templates1764000300000 implements MigrationInterface {
  name = 'Templates1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'card')),
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX templates_key_key ON templates (key)`);

    // locale '' is the default variant; others are BCP 47 tags such as vi or vi-VN.
    await q.query(`
      CREATE TABLE template_variants (
        template_id uuid NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        locale text NOT NULL CHECK (locale = '' OR locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        parts jsonb NOT NULL CHECK (jsonb_typeof(parts) = 'object'),
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        PRIMARY KEY (template_id, locale)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE template_variants`);
    await q.query(`DROP TABLE templates`);
  }
}
