import { DataSource } from 'typeorm';
import { TestDatabase } from '@insyn/testing';

/** The migration that counts retirements as changes (entries retired before it). */
describe('the migration that counts retirements as changes', () => {
  it('moves each retired entry’s retired version to its retirement, nothing else, and back down', async () => {
    const database = await TestDatabase.create('count-retirements-migration');
    const MIGRATION = 'CountRetirementsAsChanges1765400810000';
    const old = await database.migratedTo(MIGRATION, { through: false });
    let current: DataSource | undefined;
    try {
      await old.query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('m', 'Förvaltning', 'Department')`,
      );
      // Entry 1: published, retired. Entry 2: published, not retired. Entry 3: version 1
      // superseded by version 2, then retired. Published on day n, retired on day 10 + n.
      await old.query(
        `WITH d AS (SELECT id FROM department WHERE slug = 'm'),
         versions AS (
           INSERT INTO entry_version (id, entry_id, department_id, number, state, content, title,
             created_at, updated_at, created_by_label, updated_by_label, published_at)
           SELECT md5('v' || i || '-' || n)::uuid, md5('e' || i)::uuid, d.id, n,
                  CASE WHEN i = 3 AND n = 1 THEN 'SUPERSEDED' ELSE 'PUBLISHED' END,
                  jsonb_build_object('title', 'Entry ' || i), 'Entry ' || i,
                  timestamptz '2025-01-01' + (i + n) * interval '1 day',
                  timestamptz '2025-01-01' + (i + n) * interval '1 day', 'm', 'm',
                  timestamptz '2025-01-01' + (i + n) * interval '1 day'
             FROM d, generate_series(1, 3) i, generate_series(1, CASE WHEN i = 3 THEN 2 ELSE 1 END) n
           RETURNING 1
         )
         INSERT INTO entry (id, slug, kind, department_id, status, version, current_version_id,
           published_version_id, first_published_at, last_published_at, retired_at,
           retirement_reason, created_at, updated_at)
         SELECT md5('e' || i)::uuid, 'entry-' || i, 'DATASET', d.id,
                CASE WHEN i = 2 THEN 'PUBLISHED' ELSE 'RETIRED' END, v, md5('v' || i || '-' || v)::uuid,
                md5('v' || i || '-' || v)::uuid, timestamptz '2025-01-01' + (i + 1) * interval '1 day',
                timestamptz '2025-01-01' + (i + v) * interval '1 day',
                CASE WHEN i <> 2 THEN timestamptz '2025-01-01' + (10 + i) * interval '1 day' END,
                CASE WHEN i <> 2 THEN 'Gone' END,
                timestamptz '2025-01-01', timestamptz '2025-01-01'
           FROM d, generate_series(1, 3) i,
                LATERAL (SELECT CASE WHEN i = 3 THEN 2 ELSE 1 END AS v) n
          WHERE (SELECT count(*) FROM versions) > 0`,
      );
      await old.destroy();

      const versions = async (db: DataSource) =>
        (
          (await db.query(
            `SELECT e.slug, v.number, v.state, to_char(v.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
               FROM entry_version v JOIN entry e ON e.id = v.entry_id ORDER BY e.slug, v.number`,
          )) as { slug: string; number: number; state: string; day: string }[]
        ).map((r) => `${r.slug} v${r.number} ${r.state} ${r.day}`);
      current = await database.migratedTo(MIGRATION, { through: true });
      expect(await versions(current)).toEqual([
        'entry-1 v1 PUBLISHED 2025-01-12', // retired on day 11
        'entry-2 v1 PUBLISHED 2025-01-04', // as published
        'entry-3 v1 SUPERSEDED 2025-01-05', // history: as published
        'entry-3 v2 PUBLISHED 2025-01-14', // retired on day 13
      ]);
      const [index] = (await current.query(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'entry_version_published_entry_idx'`,
      )) as { indexdef: string }[];
      expect(index.indexdef).toContain('(published_at, entry_id)');
      const [retiredIndex] = (await current.query(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'entry_retired_idx'`,
      )) as { indexdef: string }[];
      expect(retiredIndex.indexdef).toContain('(retired_at, id) WHERE (retired_at IS NOT NULL)');

      // And back down: each retired version at its publication again, the index gone.
      await current.undoLastMigration({ transaction: 'each' });
      expect(await versions(current)).toEqual([
        'entry-1 v1 PUBLISHED 2025-01-03',
        'entry-2 v1 PUBLISHED 2025-01-04',
        'entry-3 v1 SUPERSEDED 2025-01-05',
        'entry-3 v2 PUBLISHED 2025-01-06',
      ]);
      expect(
        await current.query(
          `SELECT 1 FROM pg_indexes
            WHERE indexname IN ('entry_version_published_entry_idx', 'entry_retired_idx')`,
        ),
      ).toEqual([]);
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });
});
