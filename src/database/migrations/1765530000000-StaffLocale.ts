import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language of a staff member's web page. The list of languages is the app's (it grows with
 * the page's message catalogues), so the service checks it rather than a constraint here.
 */
export class StaffLocale1765530000000 implements MigrationInterface {
  name = 'StaffLocale1765530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN locale text NOT NULL DEFAULT 'en'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN locale`);
  }
}
