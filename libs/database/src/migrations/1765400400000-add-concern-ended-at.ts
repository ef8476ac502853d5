import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `concern.ended_at`: when the concern last ended (became ANSWERED, CLOSED or REJECTED after
 * being open); null while it is open, so a concern reopened for review (ANSWERED back to
 * UNDER_REVIEW) has none until it ends again. The contact e-mail's retention runs from it; it ran
 * from `closed_at`, which an answered concern never gets, so the e-mail of a concern that ended
 * answered was kept for ever.
 *
 * Existing rows: CLOSED and REJECTED from `closed_at` (as retention counted them before, never
 * earlier), ANSWERED from `status_changed_at` (when it was answered, or its answer last amended).
 * Answered concerns older than the retention period lose their contact on the next run.
 */
export class AddConcernEndedAt1765400400000 implements MigrationInterface {
  name = 'AddConcernEndedAt1765400400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concern ADD COLUMN ended_at timestamptz');
    await q.query(
      `UPDATE concern SET ended_at = CASE WHEN status = 'ANSWERED' THEN status_changed_at ELSE closed_at END
        WHERE status IN ('ANSWERED', 'CLOSED', 'REJECTED')`,
    );
    await q.query(
      `ALTER TABLE concern ADD CONSTRAINT concern_ended_at_check
         CHECK ((ended_at IS NULL) = (status IN ('RECEIVED', 'ACKNOWLEDGED', 'UNDER_REVIEW')))`,
    );
    await q.query('DROP INDEX concern_contact_retention_idx');
    // The contact retention job looks for ended concerns that still hold a contact.
    await q.query(
      'CREATE INDEX concern_contact_retention_idx ON concern (ended_at) WHERE contact_sealed IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX concern_contact_retention_idx');
    await q.query('ALTER TABLE concern DROP CONSTRAINT concern_ended_at_check');
    await q.query('ALTER TABLE concern DROP COLUMN ended_at');
    await q.query(
      'CREATE INDEX concern_contact_retention_idx ON concern (closed_at) WHERE contact_sealed IS NOT NULL',
    );
  }
}
