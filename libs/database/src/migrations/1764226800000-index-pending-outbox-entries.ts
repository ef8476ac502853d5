import { MigrationInterface, QueryRunner } from 'typeorm';

/** The indexer looks up pending outbox rows by entry (de-duplication, leases); keep that fast on a backlog. */
export class IndexPendingOutboxEntries1764226800000 implements MigrationInterface {
  name = 'IndexPendingOutboxEntries1764226800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX search_outbox_pending_entry_idx ON search_outbox (entry_id) WHERE processed_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX search_outbox_pending_entry_idx');
  }
}
