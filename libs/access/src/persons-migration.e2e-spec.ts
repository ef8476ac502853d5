import { DataSource } from 'typeorm';
import {
  AuditAction,
  AuditChainFields,
  AuditChainVerifier,
  auditEventHash,
  CANONICAL_OCCURRED_AT_SQL,
  GENESIS_HASH,
} from '@insyn/audit';
import { buildDataSourceOptions, MIGRATIONS } from '@insyn/database';
import { TestDatabase } from '@insyn/testing';
import { ACCESS_ENTITIES } from './index';

/** The migration that gives every existing token a person of its own. */
describe('the migration that creates persons', () => {
  it('gives each token a person named after its label, and backfills who revoked and who submitted', async () => {
    const database = await TestDatabase.create('persons-migration');
    const options = buildDataSourceOptions(database.migrationUrl, ACCESS_ENTITIES, 2);
    const before = MIGRATIONS.findIndex((m) => m.name === 'CreatePersons1764910000000');
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
      const token = async (label: string, revoked = false) =>
        (
          await old.query(
            `INSERT INTO api_token (label, role, department_id, secret_hash, prefix, created_at, created_by_label, revoked_at)
             VALUES ($1, 'EDITOR', $2, md5(random()::text), 'insyn_x', now() - interval '1 day', 'cli:ops', $3)
             RETURNING id`,
            [label, department.id, revoked ? new Date() : null],
          )
        )[0].id as string;
      const anna = await token('Anna, trafikkontoret');
      const annaAgain = await token('Anna, trafikkontoret', true);
      const bo = await token('  Bo  ');
      // Appended as the code of that schema did (today's AuditLog needs audit_event_next(), which
      // a later migration adds).
      await old.transaction(async (m) => {
        const [next] = (await m.query(
          `SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id,
                  ${CANONICAL_OCCURRED_AT_SQL('clock_timestamp()')} AS "occurredAt",
                  (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) AS "prevHash"`,
        )) as { id: string; occurredAt: string; prevHash: string | null }[];
        const fields: AuditChainFields = {
          id: next.id,
          occurredAt: next.occurredAt,
          action: AuditAction.TOKEN_REVOKED,
          actorLabel: 'test admin',
          actorRole: 'ADMIN',
          actorTokenId: null,
          entryId: null,
          entryVersion: null,
          departmentId: null,
          details: { tokenId: annaAgain },
          prevHash: next.prevHash ?? GENESIS_HASH,
        };
        await m.query(
          `INSERT INTO audit_event (id, occurred_at, action, actor_label, actor_role, details, prev_hash, hash)
           OVERRIDING SYSTEM VALUE VALUES ($1, $2::timestamptz, $3, $4, $5, $6::jsonb, $7, $8)`,
          [
            fields.id,
            fields.occurredAt,
            fields.action,
            fields.actorLabel,
            fields.actorRole,
            JSON.stringify(fields.details),
            fields.prevHash,
            auditEventHash(fields),
          ],
        );
      });
      const [entry] = await old.query(
        `INSERT INTO entry (slug, kind, department_id, status) VALUES ('e', 'ALGORITHM', $1, 'IN_REVIEW') RETURNING id`,
        [department.id],
      );
      await old.query(
        `INSERT INTO entry_version (entry_id, department_id, number, state, content, title, created_by_label, updated_by_label, submitted_by_token_id)
         VALUES ($1, $2, 1, 'IN_REVIEW', '{}', 'e', 'x', 'x', $3)`,
        [entry.id, department.id, anna],
      );
      await old.destroy();

      current = await new DataSource(options).initialize();
      await current.runMigrations({ transaction: 'each' });
      const rows = await current.query(
        `SELECT token.id, token.revoked_by_label, person.id AS person_id, person.name, person.created_at = token.created_at AS same_time
           FROM api_token AS token JOIN person ON person.id = token.person_id ORDER BY person.name`,
      );
      expect(rows).toEqual([
        expect.objectContaining({ id: anna, name: 'Anna, trafikkontoret', revoked_by_label: null }),
        expect.objectContaining({
          id: annaAgain,
          name: 'Anna, trafikkontoret',
          revoked_by_label: 'test admin',
        }),
        expect.objectContaining({ id: bo, name: 'Bo', revoked_by_label: null, same_time: true }),
      ]);
      // A person each: two tokens with one label are not taken to be one person.
      expect(new Set(rows.map((r: { person_id: string }) => r.person_id)).size).toBe(3);
      const [version] = await current.query(`SELECT submitted_by_person_id FROM entry_version`);
      expect(version.submitted_by_person_id).toBe(rows[0].person_id);
      await expect(
        current.query(
          `INSERT INTO api_token (label, role, secret_hash, prefix, created_by_label) VALUES ('x', 'ADMIN', 'h', 'p', 'x')`,
        ),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23502' }) });
      expect((await new AuditChainVerifier(current).verify()).intact).toBe(true);
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });
});
