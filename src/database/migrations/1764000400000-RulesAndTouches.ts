import { MigrationInterface, QueryRunner } from 'typeorm';

export class RulesAndTouches1764000400000 implements MigrationInterface {
  name = 'RulesAndTouches1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT false,
        priority integer NOT NULL DEFAULT 50,
        trigger jsonb NOT NULL,
        conditions jsonb,
        action jsonb NOT NULL,
        limits jsonb NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX rules_name_key ON rules (lower(name))`);

    // Every saved state of a rule, with who saved it and when: the audit trail.
    await q.query(`
      CREATE TABLE rule_versions (
        rule_id uuid NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
        version integer NOT NULL,
        snapshot jsonb NOT NULL,
        change text NOT NULL,
        changed_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (rule_id, version)
      )`);

    await q.query(`
      CREATE TABLE plan_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        planned integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        counts jsonb NOT NULL DEFAULT '{}',
        error text
      )`);
    await q.query(`CREATE INDEX plan_runs_started_idx ON plan_runs (started_at DESC)`);

    // The ledger: one row per (rule, customer, occurrence), whatever became of it.
    await q.query(`
      CREATE TABLE touches (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        rule_id uuid NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
        rule_version integer NOT NULL,
        occurrence text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'card')),
        template_key text NOT NULL,
        order_id bigint,
        priority integer NOT NULL,
        scheduled_at timestamptz NOT NULL,
        local_date date NOT NULL,
        due_date date,
        state text NOT NULL CHECK (state IN ('planned', 'queued', 'sending', 'sent', 'delivered', 'done', 'skipped', 'failed', 'cancelled')),
        reason text,
        plan_run_id uuid REFERENCES plan_runs(id) ON DELETE SET NULL,
        attempts integer NOT NULL DEFAULT 0,
        provider_message_id text,
        rendered jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (state NOT IN ('skipped', 'failed') OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX touches_dedupe_key ON touches (customer_id, rule_id, occurrence)`);
    await q.query(`CREATE INDEX touches_due_idx ON touches (scheduled_at) WHERE state IN ('planned', 'queued')`);
    await q.query(`CREATE INDEX touches_rule_state_idx ON touches (rule_id, state)`);
    await q.query(`CREATE INDEX touches_customer_time_idx ON touches (customer_id, scheduled_at DESC)`);
    await q.query(`CREATE INDEX touches_order_idx ON touches (order_id) WHERE order_id IS NOT NULL`);

    // Addresses that must never be contacted, whatever a rule says.
    await q.query(`
      CREATE TABLE suppressions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'call')),
        address text NOT NULL,
        customer_id bigint REFERENCES customers(id) ON DELETE SET NULL,
        reason text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX suppressions_address_key ON suppressions (channel, address)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE suppressions`);
    await q.query(`DROP TABLE touches`);
    await q.query(`DROP TABLE plan_runs`);
    await q.query(`DROP TABLE rule_versions`);
    await q.query(`DROP TABLE rules`);
  }
}
