import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which indexer holds (or last held) a search outbox row's lease. Several indexers share the
 * outbox: a worker confirms, retries or gives back only rows whose lease is still its own, so a
 * worker that lost its lease (paused past it, its work taken over) changes nothing.
 */
export class AddOutboxLeaseOwner1765300000001 implements MigrationInterface {
  name = 'AddOutboxLeaseOwner1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE search_outbox ADD COLUMN lease_owner text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE search_outbox DROP COLUMN lease_owner');
  }
}
