import { DataSource } from 'typeorm';
import { AuditAction, AuditChainVerifier, AuditLog } from '@insyn/audit';
import { buildDataSourceOptions, findSchemaDrift, MIGRATIONS } from '@insyn/database';
import { INSYN_ENTITIES } from '@insyn/registry';
import { TestDatabase } from '@insyn/testing';
import { CONCERN_ENTITIES } from './index';

/** The migration that keeps every wording of an answer: existing answers start their history. */
describe('the migration that creates the answers’ history', () => {
  it('makes each existing answer the first entry of its history, superseded when it no longer stands', async () => {
    const database = await TestDatabase.create('answer-history-migration');
    const entities = [...INSYN_ENTITIES, ...CONCERN_ENTITIES];
    const options = buildDataSourceOptions(database.migrationUrl, entities, 2);
    const before = MIGRATIONS.findIndex((m) => m.name === 'CreateConcernAnswer1765400820000');
    expect(before).toBeGreaterThan(0);
    const old = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, before),
    }).initialize();
    let current: DataSource | undefined;
    try {
      await old.runMigrations({ transaction: 'each' });
      const [department] = await old.query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('a', 'A', 'A') RETURNING id`,
      );
      const [entry] = await old.query(
        `INSERT INTO entry (slug, kind, department_id, status) VALUES ('e', 'ALGORITHM', $1, 'PUBLISHED') RETURNING id`,
        [department.id],
      );
      let n = 0;
      const concern = async (
        status: string,
        answer: string | null,
        answeredAt: string | null,
        statusChangedAt: string,
      ) =>
        (
          await old.query(
            `INSERT INTO concern (entry_id, department_id, principle_codes, category, text, consent_to_publish,
                                  language, status, rejection_reason, answer, tracking_hash, erasure_hash,
                                  filed_at, first_response_at, answered_at, closed_at, ended_at, status_changed_at)
             VALUES ($1, $2, '{ACCESS_AND_LITERACY}', 'OTHER', 'text', false, 'sv', $3,
                     CASE WHEN $3 = 'REJECTED' THEN 'no' END, $4, $5, $6,
                     '2026-01-01T00:00:00Z', $7, $7,
                     CASE WHEN $3 IN ('CLOSED', 'REJECTED') THEN $8::timestamptz END,
                     CASE WHEN $3 IN ('ANSWERED', 'CLOSED', 'REJECTED') THEN $8::timestamptz END, $8)
             RETURNING id`,
            [
              entry.id,
              department.id,
              status,
              answer,
              `t${++n}`,
              `e${n}`,
              answeredAt,
              statusChangedAt,
            ],
          )
        )[0].id as string;
      const answered = await concern(
        'ANSWERED',
        'Svar.',
        '2026-01-03T00:00:00Z',
        '2026-01-03T00:00:00Z',
      );
      const reopened = await concern(
        'UNDER_REVIEW',
        'Tidigare svar.',
        '2026-01-04T00:00:00Z',
        '2026-01-05T00:00:00Z',
      );
      const rejectedAfter = await concern(
        'REJECTED',
        'Svar före avvisningen.',
        '2026-01-04T00:00:00Z',
        '2026-01-09T00:00:00Z',
      );
      const closed = await concern(
        'CLOSED',
        'Stängt svar.',
        '2026-01-02T00:00:00Z',
        '2026-01-06T00:00:00Z',
      );
      const open = await concern('RECEIVED', null, null, '2026-01-01T00:00:00Z');
      // The audit log of that schema tells who answered (an admin, here) and when one was reopened.
      const audit = new AuditLog();
      const record = (action: AuditAction, role: string, details: Record<string, unknown>) =>
        old.transaction((m) =>
          audit.record(m, {
            action,
            actor: { tokenId: null, label: `test ${role}`, role },
            entryId: entry.id,
            departmentId: department.id,
            details,
          }),
        );
      await record(AuditAction.CONCERN_ANSWERED, 'EDITOR', {
        concernId: answered,
        status: 'ANSWERED',
      });
      await record(AuditAction.CONCERN_ANSWERED, 'ADMIN', {
        concernId: answered,
        status: 'ANSWERED',
      });
      await record(AuditAction.CONCERN_ANSWERED, 'EDITOR', {
        concernId: rejectedAfter,
        status: 'ANSWERED',
      });
      await record(AuditAction.CONCERN_STATUS_CHANGED, 'EDITOR', {
        concernId: rejectedAfter,
        status: 'UNDER_REVIEW',
      });
      const [reopening] = await old.query(
        `SELECT occurred_at FROM audit_event WHERE details->>'status' = 'UNDER_REVIEW'`,
      );
      await old.destroy();

      current = await new DataSource(options).initialize();
      await current.runMigrations({ transaction: 'each' });
      const rows = await current.query(
        `SELECT concern_id, department_id, number, answer, answered_at, answered_by_role,
                superseded_at, superseded_because
           FROM concern_answer ORDER BY answered_at, answer`,
      );
      const row = (id: string, fields: Record<string, unknown>) => ({
        concern_id: id,
        department_id: department.id,
        number: 1,
        superseded_at: null,
        superseded_because: null,
        answered_by_role: null,
        ...fields,
      });
      expect(rows).toEqual([
        row(closed, { answer: 'Stängt svar.', answered_at: new Date('2026-01-02T00:00:00Z') }),
        row(answered, {
          answer: 'Svar.',
          answered_at: new Date('2026-01-03T00:00:00Z'),
          // The last answer's actor gave the wording that is kept.
          answered_by_role: 'ADMIN',
        }),
        // Rejected after a reopening: superseded at the reopening the audit log recorded.
        row(rejectedAfter, {
          answer: 'Svar före avvisningen.',
          answered_at: new Date('2026-01-04T00:00:00Z'),
          answered_by_role: 'EDITOR',
          superseded_at: reopening.occurred_at,
          superseded_because: 'REOPENED',
        }),
        // Reopened, without an audit event: superseded when its status last changed.
        row(reopened, {
          answer: 'Tidigare svar.',
          answered_at: new Date('2026-01-04T00:00:00Z'),
          superseded_at: new Date('2026-01-05T00:00:00Z'),
          superseded_because: 'REOPENED',
        }),
      ]);
      expect(rows.map((r: { concern_id: string }) => r.concern_id)).not.toContain(open);
      // answered_at is kept; nothing was amended since the history began.
      expect(
        await current.query(`SELECT answered_at, answer_amended_at FROM concern WHERE id = $1`, [
          answered,
        ]),
      ).toEqual([{ answered_at: new Date('2026-01-03T00:00:00Z'), answer_amended_at: null }]);
      expect(await findSchemaDrift(current)).toEqual([]);
      expect((await new AuditChainVerifier(current).verify()).intact).toBe(true);

      // And back (through the migrations after it too): the table and the column go, the
      // concerns stay.
      for (let undo = MIGRATIONS.length - before; undo > 0; undo--)
        await current.undoLastMigration({ transaction: 'each' });
      expect(
        await current.query(
          `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'concern_answer'`,
        ),
      ).toEqual([{ n: 0 }]);
      expect(await current.query(`SELECT count(*)::int AS n FROM concern`)).toEqual([{ n: 5 }]);
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });
});
