import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A withholding now hides, besides its own field, the fields that would give it away (the
 * catalogue's `withheldWith`: a withheld AI Act class takes whether the deployer is a public body,
 * the EU database registration and the kinds of impact assessment with it). Published versions
 * with a withholding get `withheld_until` in the past, so that the indexer's first batch
 * (`WithholdingExpiryService`) computes their public filter columns again and refreshes their
 * search documents. The reading surfaces project on every read and need nothing.
 */
export class RefreshWithheldAlong1765400900000 implements MigrationInterface {
  name = 'RefreshWithheldAlong1765400900000';

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
