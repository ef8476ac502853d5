import { DataSource } from 'typeorm';
import { TestDatabase } from '@insyn/testing';
import { INSYN_ENTITIES } from './insyn-entities';
import { RegistryClock } from './visibility/registry-clock';
import { WithholdingExpiryService } from './visibility/withholding-expiry.service';

/**
 * The migration for fields withheld along with others: a version published before it, with a
 * withheld AI Act class and a FRIA, let the public filter on the FRIA (its stored public filter
 * facts). After the migration the indexer's daily refresh recomputes those and queues a new
 * search document; versions without a withholding are left alone.
 */
describe('the migration that withholds what would give a withholding away', () => {
  it('has published versions with a withholding refreshed once, and nothing else', async () => {
    const database = await TestDatabase.create('withheld-along-migration');
    const MIGRATION = 'RefreshWithheldAlong1765400900000';
    const old = await database.migratedTo(MIGRATION, { through: false });
    let current: DataSource | undefined;
    try {
      await old.query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('m', 'Förvaltning', 'Department')`,
      );
      const content = (withheld: boolean) => ({
        title: 'Bygglov',
        impactAssessments: [{ type: 'FRIA', date: '2025-01-10' }],
        algorithm: { aiActClass: 'HIGH_RISK', deployerIsPublicBody: true },
        withheld: withheld ? [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }] : [],
      });
      // What the old rule stored: the FRIA in the public filter facts of both.
      for (const [i, withheld] of [
        [1, true],
        [2, false],
      ] as const)
        await old.query(
          `WITH d AS (SELECT id FROM department WHERE slug = 'm'),
           v AS (
             INSERT INTO entry_version (id, entry_id, department_id, number, state, content, title,
               created_at, updated_at, created_by_label, updated_by_label, published_at,
               public_filter_facts, filter_facts)
             SELECT md5('v' || $1)::uuid, md5('e' || $1)::uuid, d.id, 1, 'PUBLISHED', $2::jsonb,
                    'Bygglov', timestamptz '2025-01-02', timestamptz '2025-01-02', 'm', 'm',
                    timestamptz '2025-01-02', $3::jsonb, $3::jsonb
               FROM d RETURNING 1)
           INSERT INTO entry (id, slug, kind, department_id, status, version, current_version_id,
             published_version_id, first_published_at, last_published_at, created_at, updated_at)
           SELECT md5('e' || $1)::uuid, 'entry-' || $1, 'ALGORITHM', d.id, 'PUBLISHED', 1,
                  md5('v' || $1)::uuid, md5('v' || $1)::uuid, timestamptz '2025-01-02',
                  timestamptz '2025-01-02', timestamptz '2025-01-02', timestamptz '2025-01-02'
             FROM d WHERE (SELECT count(*) FROM v) > 0`,
          [
            String(i),
            JSON.stringify(content(withheld)),
            JSON.stringify({ impactAssessmentTypes: ['FRIA'] }),
          ],
        );
      await old.destroy();

      current = await database.migratedTo(MIGRATION, { through: true, entities: INSYN_ENTITIES });
      const refreshed = await new WithholdingExpiryService(current, new RegistryClock()).refresh();
      expect(refreshed).toBe(1);
      const facts = (await current.query(
        `SELECT e.slug, v.public_filter_facts AS facts, v.updated_at AS "updatedAt"
           FROM entry_version v JOIN entry e ON e.id = v.entry_id ORDER BY e.slug`,
      )) as { slug: string; facts: Record<string, unknown>; updatedAt: Date }[];
      expect(facts.map(({ slug, facts }) => ({ slug, facts }))).toEqual([
        { slug: 'entry-1', facts: {} }, // the FRIA would tell the withheld class
        { slug: 'entry-2', facts: { impactAssessmentTypes: ['FRIA'] } }, // nothing withheld
      ]);
      // A refresh is no change of the version.
      expect(facts.map((f) => f.updatedAt.toISOString())).toEqual([
        '2025-01-02T00:00:00.000Z',
        '2025-01-02T00:00:00.000Z',
      ]);
      const queued = (await current.query(
        `SELECT count(*)::int AS n FROM search_outbox WHERE entry_id = md5('e1')::uuid`,
      )) as { n: number }[];
      expect(queued[0].n).toBe(1);
      // Run again (the next day's refresh): nothing left to do.
      expect(await new WithholdingExpiryService(current, new RegistryClock()).refresh()).toBe(0);
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  }, 120_000);
});
