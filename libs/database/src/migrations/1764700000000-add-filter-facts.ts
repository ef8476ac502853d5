import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts auditors filter on (automation level, algorithm and sensor type, bias assessment date,
 * impact assessment types, suppliers), from the whole content and from the public projection,
 * with indexes for containment and for the date. Existing rows get their facts from their
 * content; where something is withheld, the public facts start empty and `withheld_until` is set
 * in the past, so the indexer's first refresh recomputes them through the registry's projection.
 */
export class AddFilterFacts1764700000000 implements MigrationInterface {
  name = 'AddFilterFacts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entry_version
      ADD COLUMN filter_facts jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN public_filter_facts jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE entry_version SET filter_facts = jsonb_strip_nulls(jsonb_build_object(
      'automationLevel', content->'algorithm'->>'automationLevel',
      'algorithmType', content->'algorithm'->>'algorithmType',
      'sensorType', content->'iotDeployment'->>'sensorType',
      'biasAssessmentDate', content->'nonDiscrimination'->'biasAssessment'->>'date',
      'impactAssessmentTypes', (SELECT jsonb_agg(DISTINCT i->>'type' ORDER BY i->>'type')
        FROM jsonb_array_elements(COALESCE(content->'impactAssessments', '[]')) i
        WHERE i->>'type' IS NOT NULL),
      'suppliers', (SELECT jsonb_agg(DISTINCT lower(trim(s->>'name')) ORDER BY lower(trim(s->>'name')))
        FROM jsonb_array_elements(COALESCE(content->'suppliers', '[]')) s
        WHERE s->>'name' IS NOT NULL)))`);
    await q.query(`UPDATE entry_version SET public_filter_facts = filter_facts
      WHERE jsonb_array_length(COALESCE(content->'withheld', '[]')) = 0`);
    await q.query(`UPDATE entry_version SET withheld_until = DATE '1900-01-01'
      WHERE jsonb_array_length(COALESCE(content->'withheld', '[]')) > 0 AND state = 'PUBLISHED'`);
    await q.query(
      'CREATE INDEX entry_version_facts_idx ON entry_version USING gin (filter_facts jsonb_path_ops)',
    );
    await q.query(
      'CREATE INDEX entry_version_public_facts_idx ON entry_version USING gin (public_filter_facts jsonb_path_ops)',
    );
    await q.query(
      `CREATE INDEX entry_version_bias_date_idx ON entry_version ((filter_facts->>'biasAssessmentDate'))`,
    );
    await q.query(
      `CREATE INDEX entry_version_public_bias_date_idx ON entry_version ((public_filter_facts->>'biasAssessmentDate'))`,
    );
    await q.query('CREATE INDEX entry_version_published_at_idx ON entry_version (published_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_version_published_at_idx');
    await q.query('DROP INDEX entry_version_public_bias_date_idx');
    await q.query('DROP INDEX entry_version_bias_date_idx');
    await q.query('DROP INDEX entry_version_public_facts_idx');
    await q.query('DROP INDEX entry_version_facts_idx');
    await q.query(`ALTER TABLE entry_version
      DROP COLUMN public_filter_facts, DROP COLUMN filter_facts`);
  }
}
