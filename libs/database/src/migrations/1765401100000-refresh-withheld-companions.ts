import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A withheld field's companion is now withheld with it (the catalogue's `withheldWith`): the
 * words for an OTHER sensor type, the operator's name, a supplier's registration number, the
 * note on reversibility. Their text is in the search documents, so published versions with a
 * withholding get `withheld_until` in the past, and the indexer's first batch
 * (`WithholdingExpiryService`) refreshes their columns and documents, as for
 * RefreshWithheldAlong1765400900000. The reading surfaces project on every read and need nothing.
 */
export class RefreshWithheldCompanions1765401100000 implements MigrationInterface {
  name = 'RefreshWithheldCompanions1765401100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE entry_version SET withheld_until = DATE '1900-01-01'
        WHERE state = 'PUBLISHED'
          AND jsonb_typeof(content->'withheld') = 'array'
          AND jsonb_array_length(content->'withheld') > 0`,
    );
  }

  async down(): Promise<void> {
    // The columns recomputed since are right for the old rule too, bar what it let through.
  }
}
