import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which mail dispatcher holds (or last held) a mail outbox row's lease, as search_outbox has
 * since 1765300000001. A dispatcher marks a message sent, or schedules its retry, only while the
 * row is still its own: one whose lease ran out during a slow SMTP conversation, and whose row
 * another dispatcher took over, changes nothing of the other's state.
 */
export class AddMailOutboxLeaseOwner1765400000001 implements MigrationInterface {
  name = 'AddMailOutboxLeaseOwner1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mail_outbox ADD COLUMN lease_owner text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mail_outbox DROP COLUMN lease_owner');
  }
}
