import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `entry_draft_revision`: every saved revision of a draft (whole content, who, when), numbered
 * per entry. Append-only by use; no foreign key to the entry, so a discarded draft's revisions
 * stay as history. Existing entries start with their current versions as revision history.
 */
export class CreateEntryDraftRevision1765100000001 implements MigrationInterface {
  name = 'CreateEntryDraftRevision1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entry_draft_revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL,
        department_id uuid NOT NULL,
        version_id uuid NOT NULL,
        version_number integer NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        content jsonb NOT NULL,
        saved_at timestamptz NOT NULL,
        saved_by_label text NOT NULL,
        saved_by_token_id uuid,
        saved_by_person_id uuid,
        CONSTRAINT entry_draft_revision_key UNIQUE (entry_id, revision)
      )`);
    await q.query(
      'CREATE INDEX entry_draft_revision_version_idx ON entry_draft_revision (version_id, revision)',
    );
    // What existed before: each version's content as one revision, saved by its last editor.
    await q.query(`
      INSERT INTO entry_draft_revision (entry_id, department_id, version_id, version_number,
        revision, content, saved_at, saved_by_label)
      SELECT entry_id, department_id, id, number,
             row_number() OVER (PARTITION BY entry_id ORDER BY number), content, updated_at,
             updated_by_label
        FROM entry_version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE entry_draft_revision');
  }
}
