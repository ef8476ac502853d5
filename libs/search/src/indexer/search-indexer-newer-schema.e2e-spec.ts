import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseNewerThanBuildError, SchemaVersionWatch } from '@insyn/database';
import { INSYN_ENTITIES } from '@insyn/registry';
import {
  createPublishedEntry,
  dropTestIndexes,
  eventually,
  TestDatabase,
  testIndexPrefix,
  testServers,
} from '@insyn/testing';
import { SearchConnection } from '../search-connection';
import { SearchRuntime } from '../search-runtime';
import { SearchIndexer } from './search-indexer';

/**
 * An indexer of an older release still runs while a newer one migrates the database (README
 * "Upgrading"): it must stop indexing rather than write documents by its older rules.
 */
describe('search indexer when a newer release migrates the database under it (real servers)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runtime: SearchRuntime;
  let prefix: string;
  const errors: { details: object; message?: string }[] = [];

  beforeAll(async () => {
    database = await TestDatabase.create('newer-schema', { migrated: true });
    dataSource = await database.dataSource(INSYN_ENTITIES, 4);
    const servers = testServers();
    prefix = testIndexPrefix('newer-schema');
    const quiet = () => undefined;
    runtime = new SearchRuntime(
      new SearchConnection(servers.meiliHost, servers.meiliMasterKey, prefix),
      {
        log: {
          debug: quiet,
          info: quiet,
          warn: quiet,
          error: (details, message) => errors.push({ details, message }),
        },
      },
    );
  });

  afterAll(async () => {
    await dropTestIndexes(prefix);
    runtime.close();
    await dataSource.destroy();
    await database.drop();
  });

  /** What a newer release's `migrate` leaves: a migration this build does not have. */
  const migrateAsNewerRelease = async (name: string) => {
    const owner = new Client({ connectionString: database.migrationUrl });
    await owner.connect();
    try {
      await owner.query('INSERT INTO schema_migration ("timestamp", name) VALUES ($1, $2)', [
        9_999_999_999_999,
        name,
      ]);
    } finally {
      await owner.end();
    }
  };

  const indexedIds = async (department: string): Promise<string[]> => {
    const client = await runtime.writeClient();
    const { results } = await client
      .index<{ id: string }>(runtime.indexName)
      .getDocuments({ filter: `departmentSlug = "${department}"`, limit: 100 });
    return results.map((d) => d.id);
  };

  it('indexes until then, then stops for good, says so once at error, and leaves the rows to the new release', async () => {
    // Checked before every batch here (production: at most every SCHEMA_CHECK_MS).
    const schemaWatch = new SchemaVersionWatch(dataSource, 0);
    const indexer = new SearchIndexer(dataSource, runtime, {
      pollIntervalMs: 50,
      verifyIntervalMs: 0,
      schemaWatch,
    });
    await indexer.start();
    try {
      const before = await createPublishedEntry(dataSource, { department: 'before' });
      await eventually(
        () => indexedIds('before'),
        (ids) => ids.includes(before.entry.id),
        { what: 'the entry published before the migration to be indexed' },
      );
      expect(indexer.stoppedForNewerSchema).toBe(false);

      await migrateAsNewerRelease('AddSomethingNewer9999999999999');
      const after = await createPublishedEntry(dataSource, { department: 'after' });
      await eventually(
        async () => indexer.stoppedForNewerSchema,
        (stopped) => stopped,
        { what: 'the indexer to stop' },
      );
      expect(schemaWatch.outdated).toBe(true);
      expect(await indexedIds('after')).toEqual([]);
      // Neither claimed nor given up: the new release's indexer takes it as it is.
      const [row] = (await dataSource.query(
        'SELECT processed_at, attempts, lease_owner FROM search_outbox WHERE entry_id = $1',
        [after.entry.id],
      )) as { processed_at: Date | null; attempts: number; lease_owner: string | null }[];
      expect(row).toEqual({ processed_at: null, attempts: 0, lease_owner: null });
      // A batch asked for directly (the CLI, tests) is refused the same way.
      await expect(indexer.processBatch()).rejects.toBeInstanceOf(DatabaseNewerThanBuildError);
    } finally {
      await indexer.stop();
    }
    expect(errors).toEqual([
      {
        details: { migrations: ['AddSomethingNewer9999999999999'] },
        message: expect.stringMatching(
          /^the database was migrated by a newer release of Insyn while this process ran: it stops indexing/,
        ),
      },
    ]);
  });
});
