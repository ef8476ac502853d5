import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `entry_version.withheld_until` is now the day after which the public view changes by itself:
 * a withholding ends, or the review date falls due (the search document's `reviewOverdue`).
 * Existing published versions with a review date get it in the past, so the indexer's first
 * batch (`WithholdingExpiryService`) computes it again and refreshes their search documents.
 */
export class RefreshOnReviewDueDates1765400600000 implements MigrationInterface {
  name = 'RefreshOnReviewDueDates1765400600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE entry_version SET withheld_until = DATE '1900-01-01'
        WHERE state = 'PUBLISHED' AND review_due_date IS NOT NULL`,
    );
  }

  async down(): Promise<void> {
    // The dates recomputed since are right for the old rule too (a refresh more, at most).
  }
}
