import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, EntityList, runMigrations } from '@insyn/database';
import { testServers } from './test-environment';

/** A database of its own for one test file, created on the shared test server and dropped after. */
export class TestDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly adminUrl: string,
  ) {}

  static async create(label = 'db'): Promise<TestDatabase> {
    const adminUrl = testServers().databaseUrl;
    const name = `t_${label
      .replace(/[^a-z0-9]/gi, '_')
      .toLowerCase()
      .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new TestDatabase(name, url.toString(), adminUrl);
  }

  /** A migrated TypeORM data source on this database (migrations, never synchronize). */
  async dataSource(entities: EntityList, poolSize = 5): Promise<DataSource> {
    const dataSource = await new DataSource(
      buildDataSourceOptions(this.url, entities, poolSize),
    ).initialize();
    await runMigrations(dataSource);
    return dataSource;
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

/** An index-name prefix of its own for one test file. */
export function testIndexPrefix(label = 'test'): string {
  return `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}
