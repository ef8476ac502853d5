import { DataSource } from 'typeorm';
import { buildDataSourceOptions, findSchemaDrift, MIGRATIONS } from '@insyn/database';
import { INSYN_ENTITIES } from '@insyn/registry';
import { TestDatabase } from '@insyn/testing';
import { CONCERN_ENTITIES } from './index';

/** The migration that records each answer's language: those given before are in the concern's. */
describe('the migration that records the answers’ languages', () => {
  it('gives each existing answer, wording and reason its concern’s language, and goes back', async () => {
    const database = await TestDatabase.create('answer-language-migration');
    const entities = [...INSYN_ENTITIES, ...CONCERN_ENTITIES];
    const migration = 'RecordAnswerLanguages1765401700000';
    const old = await database.migratedTo(migration, { through: false });
    let current: DataSource | undefined;
    try {
      const [department] = await old.query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('a', 'A', 'A') RETURNING id`,
      );
      const [entry] = await old.query(
        `INSERT INTO entry (slug, kind, department_id, status) VALUES ('e', 'ALGORITHM', $1, 'PUBLISHED') RETURNING id`,
        [department.id],
      );
      let n = 0;
      const concern = async (language: string, status: string, answer: string | null) =>
        (
          await old.query(
            `INSERT INTO concern (entry_id, department_id, principle_codes, category, text, consent_to_publish,
                                  language, status, rejection_reason, answer, tracking_hash, erasure_hash,
                                  filed_at, status_changed_at, ended_at)
             VALUES ($1, $2, '{ACCESS_AND_LITERACY}', 'OTHER', 'text', false, $3, $4,
                     CASE WHEN $4 = 'REJECTED' THEN 'reason' END, $5, $6, $7, now(), now(),
                     CASE WHEN $4 <> 'RECEIVED' THEN now() END)
             RETURNING id`,
            [entry.id, department.id, language, status, answer, `t${++n}`, `e${n}`],
          )
        )[0].id as string;
      const answeredEn = await concern('en', 'ANSWERED', 'Answer.');
      const rejectedSv = await concern('sv', 'REJECTED', null);
      const openSv = await concern('sv', 'RECEIVED', null);
      for (const [id, number] of [
        [answeredEn, 1],
        [answeredEn, 2],
      ] as const)
        await old.query(
          `INSERT INTO concern_answer (id, concern_id, department_id, number, answer, answered_at,
                                       superseded_at, superseded_because)
           VALUES (gen_random_uuid(), $1, $2, $3, 'Answer.', now(),
                   CASE WHEN $3 = 1 THEN now() END, CASE WHEN $3 = 1 THEN 'AMENDED' END)`,
          [id, department.id, number],
        );
      await old.destroy();

      current = await new DataSource(
        buildDataSourceOptions(database.migrationUrl, entities, 2),
      ).initialize();
      await current.runMigrations({ transaction: 'each' });
      expect(
        await current.query(
          `SELECT id, answer_language, rejection_reason_language FROM concern ORDER BY tracking_hash`,
        ),
      ).toEqual([
        { id: answeredEn, answer_language: 'en', rejection_reason_language: null },
        { id: rejectedSv, answer_language: null, rejection_reason_language: 'sv' },
        { id: openSv, answer_language: null, rejection_reason_language: null },
      ]);
      expect(await current.query(`SELECT language FROM concern_answer`)).toEqual([
        { language: 'en' },
        { language: 'en' },
      ]);
      expect(await findSchemaDrift(current)).toEqual([]);

      // And back: the columns go, the answers stay.
      const before = MIGRATIONS.findIndex((m) => m.name === migration);
      for (let undo = MIGRATIONS.length - before; undo > 0; undo--)
        await current.undoLastMigration({ transaction: 'each' });
      expect(
        await current.query(
          `SELECT count(*)::int AS n FROM information_schema.columns
            WHERE column_name IN ('answer_language', 'rejection_reason_language', 'language')
              AND table_name IN ('concern', 'concern_answer')`,
        ),
      ).toEqual([{ n: 1 }]);
      expect(await current.query(`SELECT count(*)::int AS n FROM concern_answer`)).toEqual([
        { n: 2 },
      ]);
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });
});
