import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A retirement is a change of the entry's list position: the workflow now writes its time to the
 * version it retires (`entry_version.updated_at`, which lists order and filter `updatedSince`
 * by), so a retired entry comes first in UPDATED_AT_DESC and is found by `updatedSince`, as
 * search and the Atom feeds already count it. Entries retired before get the same, from
 * `entry.retired_at`.
 *
 * Lists as of a moment order and filter by what the public saw then (`updated_at` may hold a
 * later retirement): the entries retired by then by their retirement, the others by their
 * version's publication, each part served, as the other orders are, by an index that holds its
 * order and keyset cursor: entry (retired_at, id) of retired entries, and entry_version
 * (published_at, entry_id) of published and superseded versions (its predicate is the as-of
 * join's, word for word), both read backwards from the moment.
 */
export class CountRetirementsAsChanges1765400810000 implements MigrationInterface {
  name = 'CountRetirementsAsChanges1765400810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE entry_version v SET updated_at = e.retired_at
         FROM entry e
        WHERE e.published_version_id = v.id AND e.retired_at IS NOT NULL
          AND e.retired_at > v.updated_at`,
    );
    await q.query(
      `CREATE INDEX entry_version_published_entry_idx ON entry_version (published_at, entry_id)
        WHERE state IN ('PUBLISHED', 'SUPERSEDED')`,
    );
    await q.query(
      'CREATE INDEX entry_retired_idx ON entry (retired_at, id) WHERE retired_at IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_retired_idx');
    await q.query('DROP INDEX entry_version_published_entry_idx');
    await q.query(
      `UPDATE entry_version v SET updated_at = v.published_at
         FROM entry e
        WHERE e.published_version_id = v.id AND e.retired_at IS NOT NULL
          AND v.updated_at = e.retired_at AND v.published_at IS NOT NULL`,
    );
  }
}
