import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that serve the entries list's orders and keyset cursors as the repository writes them:
 * - newest first: `ORDER BY v.updated_at DESC, v.entry_id DESC` and the cursor
 *   `(v.updated_at, v.entry_id) < (…)`, by a backward scan of (updated_at, entry_id);
 * - by title: `ORDER BY v.title COLLATE insyn_sv, v.entry_id` and `(…) > (…)`.
 * The visible version's `entry_id` is the entry's id, so ties break by entry id exactly as before.
 * Walking versions in list order, each one's entry is found by the pointer that makes it visible:
 * published_version_id has an index (entry_published_idx), current_version_id gets one.
 * The title index of 1764500000000 ended in the version id, which no query orders by: replaced.
 */
export class IndexEntryListOrders1765200000000 implements MigrationInterface {
  name = 'IndexEntryListOrders1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX entry_version_updated_entry_idx ON entry_version (updated_at, entry_id)',
    );
    await q.query(
      'CREATE INDEX entry_version_title_sv_entry_idx ON entry_version ((title COLLATE insyn_sv), entry_id)',
    );
    await q.query('DROP INDEX entry_version_title_sv_idx');
    await q.query('CREATE INDEX entry_current_version_idx ON entry (current_version_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_current_version_idx');
    await q.query(
      'CREATE INDEX entry_version_title_sv_idx ON entry_version ((title COLLATE insyn_sv), id)',
    );
    await q.query('DROP INDEX entry_version_title_sv_entry_idx');
    await q.query('DROP INDEX entry_version_updated_entry_idx');
  }
}
