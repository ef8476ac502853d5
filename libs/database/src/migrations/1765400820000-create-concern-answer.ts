import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `concern_answer`: every wording of a department's answer to a concern, kept for good, numbered
 * per concern; `concern.answer` stays the latest wording's text. A wording is superseded when the
 * department amends it or reopens the concern (`superseded_at`, `superseded_because`); at most one
 * per concern is not. `concern.answer_amended_at`: when the answer was last amended; amending no
 * longer moves `answered_at`.
 *
 * Existing rows: each concern's answer becomes the first (and only) entry of its history, given
 * at its `answered_at` (until now moved by amendments, whose earlier wordings were not kept), by
 * the role of the actor of its last CONCERN_ANSWERED audit event (null when there is none). An
 * answer that no longer stands (the concern was reopened after it, perhaps rejected since) is
 * superseded as REOPENED, at the first reopening to UNDER_REVIEW the audit log recorded after
 * it, else when its status last changed.
 */
export class CreateConcernAnswer1765400820000 implements MigrationInterface {
  name = 'CreateConcernAnswer1765400820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE concern_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        concern_id uuid NOT NULL REFERENCES concern (id),
        department_id uuid NOT NULL REFERENCES department (id),
        number integer NOT NULL CHECK (number >= 1),
        answer text NOT NULL,
        answered_at timestamptz NOT NULL,
        answered_by_role text CHECK (answered_by_role IN ('EDITOR', 'ADMIN')),
        superseded_at timestamptz,
        superseded_because text CHECK (superseded_because IN ('AMENDED', 'REOPENED')),
        UNIQUE (concern_id, number),
        CHECK ((superseded_at IS NULL) = (superseded_because IS NULL))
      )`);
    // The standing (or latest) wording: one per concern.
    await q.query(
      'CREATE UNIQUE INDEX concern_answer_latest_idx ON concern_answer (concern_id) WHERE superseded_at IS NULL',
    );
    await q.query('ALTER TABLE concern ADD COLUMN answer_amended_at timestamptz');
    await q.query(`
      INSERT INTO concern_answer (concern_id, department_id, number, answer, answered_at,
                                  answered_by_role, superseded_at, superseded_because)
      SELECT c.id, c.department_id, 1, c.answer, c.answered_at,
             (SELECT e.actor_role FROM audit_event e
               WHERE e.action = 'CONCERN_ANSWERED' AND e.details->>'concernId' = c.id::text
                 AND e.actor_role IN ('EDITOR', 'ADMIN')
               ORDER BY e.id DESC LIMIT 1),
             CASE WHEN c.status IN ('ANSWERED', 'CLOSED') THEN NULL ELSE coalesce(
               (SELECT min(e.occurred_at) FROM audit_event e
                 WHERE e.action = 'CONCERN_STATUS_CHANGED' AND e.details->>'concernId' = c.id::text
                   AND e.details->>'status' = 'UNDER_REVIEW' AND e.occurred_at >= c.answered_at),
               c.status_changed_at) END,
             CASE WHEN c.status IN ('ANSWERED', 'CLOSED') THEN NULL ELSE 'REOPENED' END
        FROM concern c
       WHERE c.answer IS NOT NULL AND c.answered_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concern DROP COLUMN answer_amended_at');
    await q.query('DROP TABLE concern_answer');
  }
}
