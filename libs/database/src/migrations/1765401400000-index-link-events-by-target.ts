import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The link events (ENTRIES_LINKED, ENTRIES_UNLINKED) by the entry a link points to: an entry's
 * links as of a moment are read from the audit log, which keeps the links removed since too, and
 * an event names the entry it points to only in its details (it is recorded on the `from` entry,
 * found by audit_event_entry_idx).
 */
export class IndexLinkEventsByTarget1765401400000 implements MigrationInterface {
  name = 'IndexLinkEventsByTarget1765401400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_event_link_target_idx ON audit_event ((details->>'toEntryId'), id)
       WHERE action IN ('ENTRIES_LINKED', 'ENTRIES_UNLINKED')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_event_link_target_idx');
  }
}
