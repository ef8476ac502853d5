import { DataSource } from 'typeorm';
import { TestDatabase } from '@insyn/testing';

/**
 * The migration that lowers UUID source ids of imported records: imports now read a UUID in any
 * case as one record, so one stored in capitals must be found again by the next import.
 */
describe('the migration that lowers UUID source ids', () => {
  it('lowers UUIDs stored in capitals, leaves other ids and a lower-case twin alone', async () => {
    const database = await TestDatabase.create('source-id-case-migration');
    const MIGRATION = 'LowerCaseUuidSourceIds1765401100001';
    const old = await database.migratedTo(MIGRATION, { through: false });
    let current: DataSource | undefined;
    try {
      await old.query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('m', 'Förvaltning', 'Department')`,
      );
      const upper = 'DDDDDDDD-DDDD-4DDD-8DDD-00000000000A';
      const twin = 'EEEEEEEE-EEEE-4EEE-8EEE-00000000000B';
      const sources = [upper, twin, twin.toLowerCase(), 'Register-ID-42'];
      for (const [i, sourceId] of sources.entries())
        await old.query(
          `WITH d AS (SELECT id FROM department WHERE slug = 'm'),
           e AS (
             INSERT INTO entry (id, slug, kind, department_id, status, version, created_at, updated_at)
             SELECT md5('e' || $1)::uuid, 'entry-' || $1, 'ALGORITHM', d.id, 'DRAFT', 1, now(), now()
               FROM d RETURNING id, department_id)
           INSERT INTO entry_source (department_id, format, source_id, entry_id, digest,
             imported_by_label, imported_at)
           SELECT e.department_id, 'algostd', $2, e.id, 'x', 'cli:ops', now() FROM e`,
          [String(i), sourceId],
        );
      await old.destroy();

      current = await database.migratedTo(MIGRATION, { through: true });
      const rows: { source_id: string }[] = await current.query(
        `SELECT source_id FROM entry_source ORDER BY source_id`,
      );
      expect(rows.map((r) => r.source_id).sort()).toEqual(
        ['Register-ID-42', upper.toLowerCase(), twin, twin.toLowerCase()].sort(),
      );
    } finally {
      await old.destroy().catch(() => undefined);
      await current?.destroy();
      await database.drop();
    }
  });
});
