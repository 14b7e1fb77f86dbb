import { MigrationInterface, QueryRunner } from 'typeorm';

export class TouchEvents1764000450000 implements MigrationInterface {
  name = 'TouchEvents1764000450000';

  async up(q: QueryRunner): Promise<void> {
    // What happened to a touch after planning: sends, provider events, replies, task actions.
    // Provider events arrive several times; their id makes the second arrival a no-op.
    await q.query(`
      CREATE TABLE touch_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        touch_id bigint REFERENCES touches(id) ON DELETE CASCADE,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        actor_staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
        provider_event_id text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE UNIQUE INDEX touch_events_provider_event_key ON touch_events (provider_event_id) WHERE provider_event_id IS NOT NULL`);
    await q.query(`CREATE INDEX touch_events_customer_time_idx ON touch_events (customer_id, at DESC)`);
    await q.query(`CREATE INDEX touch_events_touch_idx ON touch_events (touch_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE touch_events`);
  }
}
