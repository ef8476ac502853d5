import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, EntityList, migrateDatabase, MIGRATIONS } from '@insyn/database';
import { quotedRoleOf, testServers, TestServers } from './test-environment';

/** The same server and role, on another database. */
function onDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of its own for one test file, created on the shared test server and dropped after.
 * As in production it is owned by an owner role, which runs the migrations (`migrationUrl`),
 * while `url` logs in as the app role, which owns nothing and holds only APP_PRIVILEGES.
 */
export class TestDatabase {
  private constructor(
    readonly name: string,
    /** The app role's URL: what the code under test connects with. */
    readonly url: string,
    /** The owner's URL: migrations, and fixtures the app role may not write. */
    readonly migrationUrl: string,
    private readonly adminUrl: string,
  ) {}

  /**
   * `migrated`: a copy of the run's template database, which the first file to ask migrates
   * (and grants the app role its privileges), instead of an empty one: what an API harness
   * migrates at its start anyway, without running every migration again for each file. A test
   * of migrations themselves takes an empty database (the default).
   */
  static async create(
    label = 'db',
    { migrated = false }: { migrated?: boolean } = {},
  ): Promise<TestDatabase> {
    const servers = testServers();
    const { databaseUrl: adminUrl, ownerUrl, appUrl, templateDatabase } = servers;
    const name = `t_${label
      .replace(/[^a-z0-9]/gi, '_')
      .toLowerCase()
      .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
    if (migrated) await migrateTemplate(servers);
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(
        `CREATE DATABASE ${name}${migrated ? ` TEMPLATE ${templateDatabase}` : ''} OWNER ${quotedRoleOf(ownerUrl)}`,
      );
    } finally {
      await admin.end();
    }
    return new TestDatabase(name, onDatabase(appUrl, name), onDatabase(ownerUrl, name), adminUrl);
  }

  /**
   * A TypeORM data source on this database as the app role, once the owner has migrated it and
   * granted the app role its privileges (migrations, never synchronize).
   */
  async dataSource(entities: EntityList, poolSize = 5): Promise<DataSource> {
    const dataSource = await new DataSource(
      buildDataSourceOptions(this.url, entities, poolSize),
    ).initialize();
    await migrateDatabase(dataSource, this.migrationUrl);
    return dataSource;
  }

  /**
   * For a migration's own test: a data source as the owner with the migrations run up to the
   * named one, without it (`through: false`: fixtures in the shape it finds) or with it.
   */
  async migratedTo(
    migration: string,
    { through, entities = [] }: { through: boolean; entities?: EntityList },
  ): Promise<DataSource> {
    const at = MIGRATIONS.findIndex((m) => m.name === migration);
    if (at < 0) throw new Error(`no migration named ${migration}`);
    const dataSource = await new DataSource({
      ...buildDataSourceOptions(this.migrationUrl, entities, 2),
      migrations: MIGRATIONS.slice(0, through ? at + 1 : at),
    }).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }

  /**
   * The cluster's superuser on this database: for tests that play someone above the owner (who
   * may `SET session_replication_role = replica` and so rewrite the audit log unseen).
   */
  get superuserUrl(): string {
    return onDatabase(this.adminUrl, this.name);
  }

  async drop(): Promise<void> {
    const admin = new Client({ connectionString: this.adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}

/** Marks the template as migrated (a comment on the database, readable without connecting to it). */
const MIGRATED = 'insyn test template: migrated';
/** Held by the file that migrates the template, so that the other worker waits for it. */
const TEMPLATE_LOCK = 0x7e57_7e3;

/**
 * Migrates the run's template database once, as TestDatabase.dataSource migrates a test's own.
 * Nothing stays connected to it after: PostgreSQL copies only a database nobody is on.
 */
async function migrateTemplate(servers: TestServers): Promise<void> {
  const { databaseUrl: adminUrl, ownerUrl, appUrl, templateDatabase: template } = servers;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const [{ note }] = (
      await admin.query(
        `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`,
        [template],
      )
    ).rows as { note: string | null }[];
    if (note === MIGRATED) return;
    const app = await new DataSource(
      buildDataSourceOptions(onDatabase(appUrl, template), [], 1),
    ).initialize();
    try {
      await migrateDatabase(app, onDatabase(ownerUrl, template));
    } finally {
      await app.destroy();
    }
    const owner = new Client({ connectionString: onDatabase(ownerUrl, template) });
    await owner.connect();
    try {
      await owner.query(`COMMENT ON DATABASE ${template} IS '${MIGRATED}'`);
    } finally {
      await owner.end();
    }
  } finally {
    await admin.end();
  }
}

/** An index-name prefix of its own for one test file. */
export function testIndexPrefix(label = 'test'): string {
  return `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}
