import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `concern.submission_hash`: a keyed hash of the key an API client filed the concern with
 * (`fileConcern`'s `submissionKey`), so that the key sent again with other input is refused
 * instead of filing a second concern under it. Null for concerns filed without one (the site's
 * form, whose resend is recognised by its codes alone). Unique: one key, one concern.
 */
export class AddConcernSubmissionHash1765401200000 implements MigrationInterface {
  name = 'AddConcernSubmissionHash1765401200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concern ADD COLUMN submission_hash text');
    await q.query(
      'CREATE UNIQUE INDEX concern_submission_hash_key ON concern (submission_hash) WHERE submission_hash IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX concern_submission_hash_key');
    await q.query('ALTER TABLE concern DROP COLUMN submission_hash');
  }
}
