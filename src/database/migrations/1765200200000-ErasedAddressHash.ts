import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After an erasure a suppression keeps only `sha256:<hex>` of the address, so the list holds no
 * copy of it yet still refuses the address if it comes back under another customer. This is the
 * one definition of that hash; the checks before sending compare it too.
 */
export class ErasedAddressHash1765200200000 implements MigrationInterface {
  name = 'ErasedAddressHash1765200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION erased_address_hash(address text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT 'sha256:' || encode(sha256(convert_to(address, 'UTF8')), 'hex') $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION erased_address_hash(text)`);
  }
}
