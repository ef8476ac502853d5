import { Client } from 'pg';
import { TestDatabase } from '@insyn/testing';
import {
  checkDatabaseReachable,
  DatabaseTooOldError,
  MINIMUM_POSTGRES_MAJOR,
} from '@insyn/database';

/** The start-up check of the operator's database, against a real PostgreSQL. */
describe('the database preflight', () => {
  let database: TestDatabase;
  let major: number;
  const log = { warn: jest.fn() };
  beforeAll(async () => {
    database = await TestDatabase.create('preflight');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    major = Math.floor(
      Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000,
    );
    await client.end();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('takes a PostgreSQL as new as Insyn needs', async () => {
    expect(major).toBeGreaterThanOrEqual(MINIMUM_POSTGRES_MAJOR);
    await expect(
      checkDatabaseReachable(database.url, { variable: 'DATABASE_URL', log }),
    ).resolves.toBeUndefined();
  });

  it('refuses an older one at once in one line naming the variable and both versions', async () => {
    // This server stands for an older one: the rule asks for the next major version.
    const refusal = checkDatabaseReachable(database.url, {
      variable: 'DATABASE_URL',
      log,
      minimumMajor: major + 1,
    });
    await expect(refusal).rejects.toBeInstanceOf(DatabaseTooOldError);
    await expect(refusal).rejects.toThrow(
      new RegExp(
        `^DATABASE_URL: PostgreSQL ${major}\\.\\d+ is older than ${major + 1}, the oldest Insyn runs on$`,
      ),
    );
    // Not tried again: waiting changes no version.
    expect(log.warn).not.toHaveBeenCalled();
  });
});
