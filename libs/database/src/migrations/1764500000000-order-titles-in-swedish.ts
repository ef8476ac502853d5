import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists ordered by title follow Swedish alphabetical order (å, ä, ö after z; é with e, ü with y),
 * through an ICU collation of our own name, so it does not depend on which system collations a
 * server imported; and an index that serves that order.
 */
export class OrderTitlesInSwedish1764500000000 implements MigrationInterface {
  name = 'OrderTitlesInSwedish1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE COLLATION IF NOT EXISTS insyn_sv (provider = icu, locale = 'sv-SE')`);
    await q.query(
      'CREATE INDEX entry_version_title_sv_idx ON entry_version ((title COLLATE insyn_sv), id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_version_title_sv_idx');
    await q.query('DROP COLLATION insyn_sv');
  }
}
