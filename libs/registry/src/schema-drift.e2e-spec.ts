import { DataSource } from 'typeorm';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import {
  buildDataSourceOptions,
  DatabaseNewerThanBuildError,
  findSchemaDrift,
  migrateDatabase,
  MIGRATIONS,
} from '@insyn/database';
import { TestDatabase } from '@insyn/testing';
import { INSYN_ENTITIES } from './insyn-entities';

describe('entities and migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await TestDatabase.create('drift');
    dataSource = await database.dataSource([...INSYN_ENTITIES, ...CONCERN_ENTITIES]);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('agree: every entity column exists with the same type and nullability, and nothing extra', async () => {
    expect(await findSchemaDrift(dataSource)).toEqual([]);
  });

  it('has PostgreSQL keep entry_version.withheld from the content, which no write can forget', async () => {
    const [column] = (await dataSource.query(
      `SELECT is_generated, generation_expression FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'entry_version'
          AND column_name = 'withheld'`,
    )) as { is_generated: string; generation_expression: string }[];
    expect(column).toEqual({
      is_generated: 'ALWAYS',
      generation_expression: "(content -> 'withheld'::text)",
    });
    // TypeORM neither writes it (PostgreSQL would refuse) nor reads it with a version.
    const withheld = dataSource
      .getMetadata('EntryVersionEntity')
      .columns.find((c) => c.databaseName === 'withheld')!;
    expect([withheld.isInsert, withheld.isUpdate, withheld.isSelect]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('applied every migration, and a second run applies none', async () => {
    const applied: { name: string }[] = await dataSource.query(
      'SELECT name FROM schema_migration ORDER BY id',
    );
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('refuses, in plain words, a database that a newer release migrated (a rollback)', async () => {
    const owner = await new DataSource(
      buildDataSourceOptions(database.migrationUrl, [], 1),
    ).initialize();
    try {
      // What a later release leaves: a migration row (and its tables) this build does not know.
      await owner.query(
        `INSERT INTO schema_migration ("timestamp", name) VALUES (1799999999999, 'FutureThing1799999999999')`,
      );
      const refusal = migrateDatabase(dataSource, database.migrationUrl);
      await expect(refusal).rejects.toBeInstanceOf(DatabaseNewerThanBuildError);
      await expect(refusal).rejects.toThrow(
        'The database was migrated by a newer version of Insyn than this one (FutureThing1799999999999): run that version, or restore a backup taken before it',
      );
    } finally {
      await owner.query(`DELETE FROM schema_migration WHERE name = 'FutureThing1799999999999'`);
      await owner.destroy();
    }
    expect(await migrateDatabase(dataSource, database.migrationUrl)).toEqual([]);
  });

  it('can tell when they drift', async () => {
    // Only the owner may alter a table (the app role owns nothing).
    const owner = await new DataSource(
      buildDataSourceOptions(database.migrationUrl, [...INSYN_ENTITIES, ...CONCERN_ENTITIES], 1),
    ).initialize();
    try {
      await owner.query('ALTER TABLE department ADD COLUMN stray text');
      expect(await findSchemaDrift(owner)).toEqual([
        'column department.stray is in the database but not in DepartmentEntity',
      ]);
    } finally {
      await owner.query('ALTER TABLE department DROP COLUMN stray');
      await owner.destroy();
    }
  });
});
