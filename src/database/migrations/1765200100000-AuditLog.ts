import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who did what to the configuration and the data: one row per admin action, written in the same
 * transaction as the change. The actor is kept without a foreign key: the record outlives the
 * staff row. `before` and `after` never hold secrets (token values) and, after an erasure, no
 * personal data of the erased customer.
 */
export class AuditLog1765200100000 implements MigrationInterface {
  name = 'AuditLog1765200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_staff_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_staff_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
