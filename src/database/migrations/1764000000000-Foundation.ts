import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'manager')),
        time_zone text NOT NULL,
        phone text,
        email_signature text,
        daily_capacity integer NOT NULL DEFAULT 20 CHECK (daily_capacity >= 0),
        away_from date,
        away_until date,
        backup_staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (away_until IS NULL OR away_from IS NULL OR away_until >= away_from),
        CHECK (backup_staff_id IS NULL OR backup_staff_id <> id)
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_email_key ON staff (lower(email))`);

    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_tokens_staff_idx ON api_tokens (staff_id)`);

    // Customers and orders carry customer_id on every row so they can be co-located by customer.
    await q.query(`
      CREATE TABLE customers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        external_id text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL DEFAULT '',
        email text,
        phone text,
        phone_invalid boolean NOT NULL DEFAULT false,
        birth_year smallint,
        birth_month smallint,
        birth_day smallint,
        customer_since date,
        time_zone text NOT NULL,
        locale text NOT NULL,
        account_manager_id uuid REFERENCES staff(id) ON DELETE SET NULL,
        tags text[] NOT NULL DEFAULT '{}',
        tier text,
        consent jsonb NOT NULL DEFAULT '{}',
        address jsonb,
        lifetime_value numeric(19,4) NOT NULL DEFAULT 0,
        order_count integer NOT NULL DEFAULT 0,
        last_order_at timestamptz,
        anonymized_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((birth_month IS NULL) = (birth_day IS NULL)),
        CHECK (birth_month BETWEEN 1 AND 12 AND birth_day BETWEEN 1 AND 31)
      )`);
    await q.query(`CREATE UNIQUE INDEX customers_external_id_key ON customers (external_id)`);
    // Upcoming birthdays are asked for by month and day.
    await q.query(`CREATE INDEX customers_birthday_idx ON customers (birth_month, birth_day) WHERE birth_month IS NOT NULL`);
    await q.query(`CREATE INDEX customers_since_idx ON customers (extract(month FROM customer_since), extract(day FROM customer_since))`);
    // Top customers by lifetime value.
    await q.query(`CREATE INDEX customers_ltv_idx ON customers (lifetime_value DESC, id)`);
    await q.query(`CREATE INDEX customers_manager_idx ON customers (account_manager_id, id)`);
    await q.query(`CREATE INDEX customers_tags_idx ON customers USING gin (tags)`);
    await q.query(`CREATE INDEX customers_email_idx ON customers (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX customers_phone_idx ON customers (phone) WHERE phone IS NOT NULL`);

    await q.query(`
      CREATE TABLE orders (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        placed_at timestamptz NOT NULL,
        placed_time_zone text,
        total numeric(19,4) NOT NULL CHECK (total >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('placed', 'cancelled', 'refunded')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX orders_external_id_key ON orders (external_id)`);
    await q.query(`CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC)`);
    await q.query(`CREATE INDEX orders_placed_idx ON orders (placed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE orders`);
    await q.query(`DROP TABLE customers`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE staff`);
  }
}
