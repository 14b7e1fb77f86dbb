import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `touches_rule_state_idx (rule_id, state)` has one key for all the touches of a rule in a state,
 * kept as long lists of row ids under that key. Sending writes each touch four times (queued,
 * claimed, send started, sent), each a new row version and so a new id in one of the few lists of
 * the rule being sent; in the dispatch benchmark keeping those lists took 10-35 % of the
 * database's CPU per message. With the id last every key is unique (the index is larger, with no
 * lists to share keys), and the statements that read a rule's touches, or a rule's touches in
 * some states, read the same prefix as before.
 */
export class RuleStateIndexUnique1765541000000 implements MigrationInterface {
  name = 'RuleStateIndexUnique1765541000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX touches_rule_state_id_idx ON touches (rule_id, state, id)`);
    await q.query(`DROP INDEX touches_rule_state_idx`);
    await q.query(`ALTER INDEX touches_rule_state_id_idx RENAME TO touches_rule_state_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX touches_rule_state_pair_idx ON touches (rule_id, state)`);
    await q.query(`DROP INDEX touches_rule_state_idx`);
    await q.query(`ALTER INDEX touches_rule_state_pair_idx RENAME TO touches_rule_state_idx`);
  }
}
