import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosures a reader of each version's public projection does not find (the compliance
 * report counts them over published versions). Computed by the registry from the field
 * catalogue, so existing published versions get `withheld_until` in the past: the indexer's
 * first refresh recomputes their derived columns, this one included, through the projection.
 * That also applies the AI Act rule for high-risk systems in public bodies to what is published.
 */
export class AddPublicMissing1765100000000 implements MigrationInterface {
  name = 'AddPublicMissing1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE entry_version ADD COLUMN public_missing text[] NOT NULL DEFAULT '{}'`,
    );
    await q.query(
      `UPDATE entry_version SET withheld_until = DATE '1900-01-01' WHERE state = 'PUBLISHED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE entry_version DROP COLUMN public_missing');
  }
}
