import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lifeline of the indexer holding a search outbox row's lease: the key of an advisory lock
 * its LISTEN connection holds while the process lives (see SearchOutboxRepository). A lease whose
 * lifeline no session holds is a dead worker's, and its rows are taken over at once, not when the
 * lease ends (60 s): a crash early in a new release's first start otherwise left text it newly
 * withholds in search for that long. Null for a worker without a LISTEN connection (lease only).
 */
export class AddOutboxLeaseLifeline1765401300000 implements MigrationInterface {
  name = 'AddOutboxLeaseLifeline1765401300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE search_outbox ADD COLUMN lease_lifeline integer');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE search_outbox DROP COLUMN lease_lifeline');
  }
}
