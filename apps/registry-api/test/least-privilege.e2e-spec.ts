import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  APP_PRIVILEGES,
  appPrivilegeProblems,
  appRolePowers,
  buildDataSourceOptions,
  migrateDatabase,
  MigrationNotPermittedError,
} from '@insyn/database';
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
      { tgname: 'audit_event_stamp', tgenabled: 'O' },
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

  it('may insert audit rows but not back-date them or choose their ids', async () => {
    const insert = (columns: string, values: string, overriding = '') =>
      rows<{ id: string; occurred_at: Date }>(
        appUrl,
        `INSERT INTO audit_event (${columns}) ${overriding} VALUES (${values}) RETURNING id, occurred_at`,
      );
    const startedAt = Date.now();
    const [stamped] = await insert(
      'occurred_at, action, actor_label, actor_role',
      `'2001-01-01T00:00:00Z', 'FORGED', 'x', 'ADMIN'`,
    );
    // Stamped by the database, whatever the INSERT said.
    expect(stamped.occurred_at.getTime()).toBeGreaterThanOrEqual(startedAt - 5_000);
    expect(
      await attempt(
        appUrl,
        `INSERT INTO audit_event (id, action, actor_label, actor_role) OVERRIDING SYSTEM VALUE VALUES (1000000, 'FORGED', 'x', 'ADMIN')`,
      ),
    ).toMatchObject({
      code: '42501',
      message: 'audit_event ids come from the log itself, never from an INSERT',
    });
    expect(await rows(appUrl, 'SELECT id FROM audit_event WHERE id = 1000000')).toEqual([]);
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
      Object.fromEntries(Object.entries(APP_PRIVILEGES).map(([t, p]) => [t, [...p].sort()])),
    );
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
      await rows(database.migrationUrl, 'CREATE TABLE concern (id uuid PRIMARY KEY)');
      await expect(migrateDatabase(app, database.migrationUrl)).rejects.toThrow(
        'cannot grant the app role: table concern has no entry in APP_PRIVILEGES',
      );
      expect(await attempt(database.url, 'SELECT * FROM concern')).toMatchObject({
        code: '42501',
      });
    } finally {
      await app.destroy();
      await database.drop();
    }
  });
});
