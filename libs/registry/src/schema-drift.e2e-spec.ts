import { DataSource } from 'typeorm';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { buildDataSourceOptions, findSchemaDrift, MIGRATIONS } from '@insyn/database';
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

  it('applied every migration, and a second run applies none', async () => {
    const applied: { name: string }[] = await dataSource.query(
      'SELECT name FROM schema_migration ORDER BY id',
    );
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await dataSource.runMigrations()).toEqual([]);
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
