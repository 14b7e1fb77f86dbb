import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the web page. The cookie holds a random id; only its SHA-256 is stored, so a copy of
 * the table signs nobody in. A session belongs to the token it was opened with: revoking the
 * token, or signing out, ends it; it also ends after an idle and an absolute limit.
 */
export class WebSessions1765014000000 implements MigrationInterface {
  name = 'WebSessions1765014000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        id_hash text NOT NULL UNIQUE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        token_id uuid NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX web_sessions_staff_idx ON web_sessions (staff_id)`);
    await q.query(`CREATE INDEX web_sessions_token_idx ON web_sessions (token_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
  }
}
