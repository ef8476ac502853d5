import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public lists filter on columns derived from the public projection, so a withheld value cannot
 * be learned by filtering: `public_risk_class` and `public_ai_act_class` (null while withheld),
 * and `withheld_until`, the day after which a withholding ends and the columns are refreshed.
 * Existing rows get their public columns from their content (withheld paths read in SQL).
 */
export class AddPublicFilterColumns1764400000000 implements MigrationInterface {
  name = 'AddPublicFilterColumns1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entry_version
      ADD COLUMN public_risk_class text,
      ADD COLUMN public_ai_act_class text,
      ADD COLUMN withheld_until date`);
    // Withholding a field hides it and everything below it: algorithm, or the field itself.
    const withheld = (path: string) => `EXISTS (
      SELECT 1 FROM jsonb_array_elements(COALESCE(content->'withheld', '[]'::jsonb)) w
      WHERE w->>'field' IN ('algorithm', '${path}')
        AND (w->>'until' IS NULL OR (w->>'until')::date >= CURRENT_DATE))`;
    await q.query(`UPDATE entry_version SET
      public_risk_class = CASE WHEN ${withheld('algorithm.riskClass')} THEN NULL ELSE risk_class END,
      public_ai_act_class = CASE WHEN ${withheld('algorithm.aiActClass')} THEN NULL ELSE ai_act_class END,
      withheld_until = (
        SELECT min((w->>'until')::date)
        FROM jsonb_array_elements(COALESCE(content->'withheld', '[]'::jsonb)) w
        WHERE w->>'until' IS NOT NULL AND (w->>'until')::date >= CURRENT_DATE)`);
    await q.query(
      'CREATE INDEX entry_version_public_risk_idx ON entry_version (public_risk_class)',
    );
    await q.query('CREATE INDEX entry_version_ai_act_idx ON entry_version (ai_act_class)');
    await q.query(
      'CREATE INDEX entry_version_public_ai_act_idx ON entry_version (public_ai_act_class)',
    );
    await q.query(
      `CREATE INDEX entry_version_withheld_until_idx ON entry_version (withheld_until)
       WHERE withheld_until IS NOT NULL AND state = 'PUBLISHED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX entry_version_withheld_until_idx');
    await q.query('DROP INDEX entry_version_public_ai_act_idx');
    await q.query('DROP INDEX entry_version_ai_act_idx');
    await q.query('DROP INDEX entry_version_public_risk_idx');
    await q.query(`ALTER TABLE entry_version
      DROP COLUMN withheld_until,
      DROP COLUMN public_ai_act_class,
      DROP COLUMN public_risk_class`);
  }
}
