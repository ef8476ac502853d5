import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports now read a UUID source id in lower case (`sourceIdOf`): a tool that writes it in
 * capitals names the same record. Source ids stored in capitals before are lowered, so that the
 * next import of their records finds them again; where the same UUID was stored in both cases
 * (two drafts made from one record), both rows stay, and the import finds the lower-case one.
 */
export class LowerCaseUuidSourceIds1765401100001 implements MigrationInterface {
  name = 'LowerCaseUuidSourceIds1765401100001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE entry_source s SET source_id = lower(s.source_id)
        WHERE s.source_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          AND s.source_id <> lower(s.source_id)
          AND NOT EXISTS (
            SELECT 1 FROM entry_source t
             WHERE t.department_id = s.department_id AND t.format = s.format
               AND t.source_id = lower(s.source_id))`,
    );
  }

  async down(): Promise<void> {
    // The capitals are not kept; a lower-case UUID names the same record.
  }
}
