import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `entry_source`: the record of another register an imported entry came from (format and its id
 * there, per department), with the fingerprint of the record as last imported. Makes imports
 * idempotent; removed with its entry (a discarded draft is imported afresh next time).
 */
export class CreateEntrySource1764800000000 implements MigrationInterface {
  name = 'CreateEntrySource1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entry_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id uuid NOT NULL REFERENCES department (id),
        format text NOT NULL,
        source_id text NOT NULL,
        entry_id uuid NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        digest text NOT NULL,
        imported_by_label text NOT NULL,
        imported_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT entry_source_record_key UNIQUE (department_id, format, source_id)
      )`);
    await q.query('CREATE INDEX entry_source_entry_idx ON entry_source (entry_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE entry_source');
  }
}
