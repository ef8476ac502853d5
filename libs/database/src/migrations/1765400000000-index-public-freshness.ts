import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that serve EntriesRepository.publicFreshness (the exports' ETag and Last-Modified) in
 * one statement, without reading the entry table or the published versions' content:
 * - the published entries per kind: an index-only scan of a partial index on `kind` alone, which
 *   B-tree deduplication keeps to a fraction of the table's pages;
 * - the newest publication or retirement: one probe at the end of a partial index on
 *   `greatest(last_published_at, retired_at)` (the planner's min/max rewrite);
 * - the latest withholding that ended: only the versions whose content holds a withholding with
 *   an end date (few; most withholdings have none), by a partial index on exactly that predicate.
 * The query repeats both expressions word for word, or the planner cannot use the indexes.
 */
export class IndexPublicFreshness1765400000000 implements MigrationInterface {
  name = 'IndexPublicFreshness1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX entry_published_kind_idx ON entry (kind) WHERE published_version_id IS NOT NULL',
    );
    await q.query(
      `CREATE INDEX entry_published_changed_idx ON entry ((greatest(last_published_at, retired_at)))
        WHERE published_version_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX entry_version_dated_withholding_idx ON entry_version (id)
        WHERE content->'withheld' @? '$[*].until'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_version_dated_withholding_idx');
    await q.query('DROP INDEX entry_published_changed_idx');
    await q.query('DROP INDEX entry_published_kind_idx');
  }
}
