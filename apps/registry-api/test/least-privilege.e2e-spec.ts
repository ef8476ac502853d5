import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  APP_PRIVILEGES,
  appPrivilegeProblems,
  appRolePowers,
  warnOfRolePowers,
  buildDataSourceOptions,
  migrateDatabase,
  MigrationNotPermittedError,
} from '@insyn/database';
import { AuditChainVerifier, auditEventHash } from '@insyn/audit';
import { INSYN_ENTITIES } from '@insyn/registry';
import { createTestTokens, TestDatabase } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/** Runs one statement on a connection of its own; resolves with the error, or undefined. */
async function attempt(
  url: string,
  sql: string,
): Promise<{ code?: string; message: string } | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
    return undefined;
  } catch (error) {
    return error as { code?: string; message: string };
  } finally {
    await client.end();
  }
}

async function rows<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * The API serves as a role that owns nothing (the suite's databases are split like production):
 * it cannot rewrite, back-date or bypass the audit log, nor change the schema.
 */
describe('least privilege: the app role', () => {
  let api: RegistryApiHarness;
  let appUrl: string;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('least-privilege');
    appUrl = api.database.url;
    // Real audit rows, written through the API.
    await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is what the API connects as: no superuser, owner of nothing', async () => {
    const dataSource = api.app.get(DataSource);
    expect(await appRolePowers(dataSource)).toEqual([]);
    const [{ role }] = await dataSource.query<{ role: string }[]>('SELECT current_user AS role');
    expect(role).toBe(decodeURIComponent(new URL(appUrl).username));
    const owned = await rows(
      appUrl,
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')`,
    );
    expect(owned).toEqual([]);
  });

  it('cannot UPDATE, DELETE or TRUNCATE audit_event, which still holds every row', async () => {
    const [before] = await rows<{ n: number }>(
      appUrl,
      'SELECT count(*)::int AS n FROM audit_event',
    );
    expect(before.n).toBeGreaterThan(0);
    for (const sql of [
      `UPDATE audit_event SET actor_label = 'someone else'`,
      `DELETE FROM audit_event`,
      `TRUNCATE audit_event`,
    ]) {
      expect(await attempt(appUrl, sql)).toMatchObject({
        code: '42501',
        message: 'permission denied for table audit_event',
      });
    }
    expect(await rows(appUrl, 'SELECT count(*)::int AS n FROM audit_event')).toEqual([before]);
  });

  it('cannot disable, drop or replace the audit triggers, nor switch triggers off for its session', async () => {
    const notOwner = /^must be owner of (table|relation) audit_event$/;
    const refusals: [string, RegExp][] = [
      ['ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change', notOwner],
      ['ALTER TABLE audit_event DISABLE TRIGGER ALL', notOwner],
      ['DROP TRIGGER audit_event_no_truncate ON audit_event', notOwner],
      ['DROP TABLE audit_event', notOwner],
      ['ALTER TABLE audit_event RENAME TO audit_event_old', notOwner],
      [
        `CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
        /^(permission denied for schema public|must be owner of function audit_event_is_append_only)$/,
      ],
      [
        'SET session_replication_role = replica',
        /^permission denied to set parameter "session_replication_role"$/,
      ],
      [
        'ALTER ROLE CURRENT_USER SET session_replication_role = replica',
        /^permission denied to set parameter "session_replication_role"$/,
      ],
    ];
    for (const [sql, message] of refusals) {
      expect({ sql, error: await attempt(appUrl, sql) }).toEqual({
        sql,
        error: expect.objectContaining({ code: '42501', message: expect.stringMatching(message) }),
      });
    }
    const triggers = await rows<{ tgname: string; tgenabled: string }>(
      appUrl,
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass ORDER BY tgname`,
    );
    expect(triggers).toEqual([
      { tgname: 'audit_event_no_change', tgenabled: 'O' },
      { tgname: 'audit_event_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_event_seal', tgenabled: 'O' },
    ]);
  });

  it('cannot create tables, functions or schemas', async () => {
    for (const sql of [
      'CREATE TABLE forged (id int)',
      'CREATE FUNCTION forged() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE SCHEMA forged',
    ]) {
      expect(await attempt(appUrl, sql)).toMatchObject({ code: '42501' });
    }
  });

  it('may append audit rows only where and when the database says: no chosen id, time or link', async () => {
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    const fail = async (sql: string, values: unknown[] = []) => {
      await client.query('SAVEPOINT attempt');
      try {
        await client.query(sql, values);
        await client.query('RELEASE SAVEPOINT attempt');
        return undefined;
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT attempt');
        return error as { code?: string; message: string };
      }
    };
    const insert = `INSERT INTO audit_event (id, occurred_at, action, actor_label, actor_role,
                      actor_token_id, entry_id, entry_version, department_id, details, prev_hash, hash)
                    OVERRIDING SYSTEM VALUE
                    VALUES ($1, $2::timestamptz, $3, $4, $5, NULL, NULL, NULL, NULL, '{}'::jsonb, $6, $7)`;
    try {
      await client.query('BEGIN');
      // Without an id from audit_event_next(): the identity default, or an id of its choosing.
      expect(
        await fail(
          `INSERT INTO audit_event (action, actor_label, actor_role, prev_hash, hash)
           VALUES ('FORGED', 'x', 'ADMIN', $1, $1)`,
          ['a'.repeat(64)],
        ),
      ).toMatchObject({ code: '42501', message: expect.stringContaining('audit_event_next()') });
      expect(
        await fail(insert, [
          '1000000',
          '2001-01-01T00:00:00Z',
          'FORGED',
          'x',
          'ADMIN',
          'a'.repeat(64),
          'a'.repeat(64),
        ]),
      ).toMatchObject({ code: '42501' });
      // Nor may it draw ids, or read or write the notes the trigger checks against.
      for (const sql of [
        `SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))`,
        'SELECT * FROM audit_event_slot',
        `INSERT INTO audit_event_slot VALUES (1, now(), 'x', pg_current_xact_id())`,
      ]) {
        expect({ sql, error: await fail(sql) }).toEqual({
          sql,
          error: expect.objectContaining({ code: '42501' }),
        });
      }
      const {
        rows: [next],
      } = await client.query<{ id: string; occurredAt: string; prevHash: string }>(
        `SELECT id::text AS id, occurred_at AS "occurredAt", prev_hash AS "prevHash" FROM audit_event_next()`,
      );
      const fields = {
        id: next.id,
        occurredAt: next.occurredAt,
        action: 'TOKEN_CREATED',
        actorLabel: 'by hand',
        actorRole: 'ADMIN',
        actorTokenId: null,
        entryId: null,
        entryVersion: null,
        departmentId: null,
        details: {},
        prevHash: next.prevHash,
      };
      const hashOf = (f: typeof fields) => auditEventHash(f);
      // Back-dated, even with a hash over the back-dated time: refused.
      const backDated = { ...fields, occurredAt: '2001-01-01T00:00:00.000000Z' };
      expect(
        await fail(insert, [
          next.id,
          backDated.occurredAt,
          'TOKEN_CREATED',
          'by hand',
          'ADMIN',
          next.prevHash,
          hashOf(backDated),
        ]),
      ).toMatchObject({
        code: '42501',
        message: expect.stringContaining('time audit_event_next() stamped'),
      });
      // Linked to another event than the head: refused.
      const elsewhere = { ...fields, prevHash: '0'.repeat(64) };
      expect(
        await fail(insert, [
          next.id,
          next.occurredAt,
          'TOKEN_CREATED',
          'by hand',
          'ADMIN',
          elsewhere.prevHash,
          hashOf(elsewhere),
        ]),
      ).toMatchObject({ code: '42501', message: expect.stringContaining('head of the chain') });
      // Exactly what the database gave: accepted, and the chain still verifies.
      expect(
        await fail(insert, [
          next.id,
          next.occurredAt,
          'TOKEN_CREATED',
          'by hand',
          'ADMIN',
          next.prevHash,
          hashOf(fields),
        ]),
      ).toBeUndefined();
      // The slot is spent: the same id a second time is refused.
      expect(
        await fail(insert, [
          next.id,
          next.occurredAt,
          'TOKEN_CREATED',
          'by hand',
          'ADMIN',
          next.prevHash,
          hashOf(fields),
        ]),
      ).toMatchObject({ code: '42501' });
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect(await rows(appUrl, 'SELECT id FROM audit_event WHERE id = 1000000')).toEqual([]);
    expect(await rows(appUrl, `SELECT action FROM audit_event WHERE action = 'FORGED'`)).toEqual(
      [],
    );
    const report = await new AuditChainVerifier(api.app.get(DataSource)).verify();
    expect(report).toMatchObject({ intact: true, breakCount: 0 });
  });

  it('may call audit_event_next(), which nobody else may', async () => {
    const [grant] = await rows<{ app: boolean; everyone: boolean }>(
      appUrl,
      `SELECT has_function_privilege(current_user, 'audit_event_next()', 'EXECUTE') AS app,
              has_function_privilege('public', 'audit_event_next()', 'EXECUTE') AS everyone`,
    );
    expect(grant).toEqual({ app: true, everyone: false });
  });

  it('holds exactly APP_PRIVILEGES, and every table of the schema has its entry', async () => {
    expect(await appPrivilegeProblems(api.app.get(DataSource))).toEqual([]);
    const granted = await rows<{ table: string; privileges: string[] }>(
      appUrl,
      `SELECT table_name AS table, array_agg(privilege_type::text ORDER BY privilege_type) AS privileges
         FROM information_schema.role_table_grants
        WHERE grantee = current_user AND table_schema = 'public'
        GROUP BY table_name`,
    );
    expect(Object.fromEntries(granted.map((g) => [g.table, g.privileges]))).toEqual(
      Object.fromEntries(
        Object.entries(APP_PRIVILEGES)
          .filter(([, p]) => p.length > 0)
          .map(([t, p]) => [t, [...p].sort()]),
      ),
    );
    // No TRUNCATE, REFERENCES or TRIGGER anywhere; the audit log INSERT and SELECT only.
    expect(APP_PRIVILEGES.audit_event).toEqual(['SELECT', 'INSERT']);
    for (const g of granted) expect(g.privileges).not.toContain('TRUNCATE');
  });

  it('cannot apply migrations itself: the owner does, and grants it what it needs', async () => {
    const database = await TestDatabase.create('least-privilege-migrate');
    const app = await new DataSource(
      buildDataSourceOptions(database.url, INSYN_ENTITIES, 2),
    ).initialize();
    try {
      const refused = await migrateDatabase(app).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(MigrationNotPermittedError);
      expect((refused as Error).message).toMatch(/set DATABASE_MIGRATION_URL to the tables' owner/);
      expect(await rows(database.migrationUrl, `SELECT to_regclass('entry') AS entry`)).toEqual([
        { entry: null },
      ]);
      const applied = await migrateDatabase(app, database.migrationUrl);
      expect(applied.length).toBeGreaterThan(0);
      expect(await appRolePowers(app)).toEqual([]);
      // Connected as the owner instead, the API and the indexer say so at start.
      const owner = await new DataSource(
        buildDataSourceOptions(database.migrationUrl, INSYN_ENTITIES, 1),
      ).initialize();
      try {
        const said: string[] = [];
        const log = { warn: (_: object, message: string) => void said.push(message) };
        await warnOfRolePowers(owner, log, 'indexer');
        await warnOfRolePowers(app, log, 'indexer');
        expect(said).toEqual([
          expect.stringMatching(/^the indexer connects as a role that could rewrite the audit log/),
        ]);
      } finally {
        await owner.destroy();
      }
      // Once current, the app confirms on its own that nothing is pending.
      expect(await migrateDatabase(app)).toEqual([]);
    } finally {
      await app.destroy();
      await database.drop();
    }
  });

  it('a table a migration adds without an APP_PRIVILEGES entry stops the grant, naming it', async () => {
    const database = await TestDatabase.create('least-privilege-new-table');
    const app = await database.dataSource(INSYN_ENTITIES, 2);
    try {
      await rows(database.migrationUrl, 'CREATE TABLE forgotten (id uuid PRIMARY KEY)');
      await expect(migrateDatabase(app, database.migrationUrl)).rejects.toThrow(
        'cannot grant the app role: table forgotten has no entry in APP_PRIVILEGES',
      );
      expect(await attempt(database.url, 'SELECT * FROM forgotten')).toMatchObject({
        code: '42501',
      });
    } finally {
      await app.destroy();
      await database.drop();
    }
  });
});
