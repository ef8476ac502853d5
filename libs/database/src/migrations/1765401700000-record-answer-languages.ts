import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language each answer and rejection reason is written in. A department may answer in
 * another language than the one the resident asked for (`concern.language`), and the public
 * pages mark each text with its own language (`lang`) for screen readers and translation tools.
 * Until now every answer was taken to be in the concern's language; those already given keep
 * that assumption, the only one there is.
 */
export class RecordAnswerLanguages1765401700000 implements MigrationInterface {
  name = 'RecordAnswerLanguages1765401700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE concern
         ADD COLUMN answer_language text,
         ADD COLUMN rejection_reason_language text`,
    );
    await q.query(
      `UPDATE concern
          SET answer_language = CASE WHEN answer IS NOT NULL THEN language END,
              rejection_reason_language = CASE WHEN rejection_reason IS NOT NULL THEN language END
        WHERE answer IS NOT NULL OR rejection_reason IS NOT NULL`,
    );
    // Each language is one the registry answers in, and there is one exactly when its text is.
    await q.query(
      `ALTER TABLE concern
         ADD CONSTRAINT concern_answer_language_check
           CHECK (answer_language IN ('sv', 'en') AND answer IS NOT NULL
                  OR answer_language IS NULL AND answer IS NULL),
         ADD CONSTRAINT concern_rejection_reason_language_check
           CHECK (rejection_reason_language IN ('sv', 'en') AND rejection_reason IS NOT NULL
                  OR rejection_reason_language IS NULL AND rejection_reason IS NULL)`,
    );
    await q.query(
      `ALTER TABLE concern_answer ADD COLUMN language text CHECK (language IN ('sv', 'en'))`,
    );
    await q.query(
      `UPDATE concern_answer a SET language = c.language FROM concern c WHERE c.id = a.concern_id`,
    );
    await q.query(`ALTER TABLE concern_answer ALTER COLUMN language SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concern_answer DROP COLUMN language');
    await q.query(
      'ALTER TABLE concern DROP COLUMN answer_language, DROP COLUMN rejection_reason_language',
    );
  }
}
