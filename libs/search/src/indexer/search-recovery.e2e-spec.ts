import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  EmbeddedMeilisearch,
  findFreePort,
  silentLog,
  temporaryDataDir,
} from '@insyn/embedded-services';
import { EntryKind, INSYN_ENTITIES } from '@insyn/registry';
import {
  createDraftEntry,
  createPublishedEntry,
  eventually,
  publishNewVersion,
  retireEntry,
  saveDraftVersion,
  TestDatabase,
  testIndexPrefix,
} from '@insyn/testing';
import { SearchConnection } from '../search-connection';
import { SearchRuntime } from '../search-runtime';
import { SearchIndexer } from './search-indexer';

/**
 * Meilisearch goes away in the middle of 500 registry writes and comes back: the index must end
 * up equal to the database (0 missing, 0 stale, 0 strays) within 30 s of the restart, with the
 * indexer's production defaults and nothing dead-lettered. A Meilisearch of this file's own, so
 * that stopping it disturbs no other test file.
 */
describe('search recovery after a Meilisearch outage (real servers)', () => {
  let dataDir: string;
  let meili: EmbeddedMeilisearch;
  let database: TestDatabase;
  let dataSource: DataSource;
  let runtime: SearchRuntime;
  let indexer: SearchIndexer;

  beforeAll(async () => {
    dataDir = temporaryDataDir('insyn-meili-recovery-');
    const masterKey = randomBytes(24).toString('base64url');
    meili = new EmbeddedMeilisearch({
      dataDir: join(dataDir, 'meilisearch'),
      masterKey,
      persistent: true, // stop() must keep the data: we start it again on the same folder
      port: await findFreePort(),
      log: silentLog,
    });
    await meili.start();
    database = await TestDatabase.create('search-recovery');
    dataSource = await database.dataSource(INSYN_ENTITIES, 10);
    const t0 = Date.now();
    const say = (details: object, message?: string) => {
      if (process.env.INSYN_TEST_VERBOSE)
        console.log(`${Date.now() - t0} ms ${message} ${JSON.stringify(details)}`);
    };
    runtime = new SearchRuntime(
      new SearchConnection(meili.host, masterKey, testIndexPrefix('recovery')),
      { log: { debug: say, info: say, warn: say, error: say } },
    );
    indexer = new SearchIndexer(dataSource, runtime, {
      listenUrl: database.url,
      verifyIntervalMs: 0,
    });
    await indexer.start();
  }, 120_000);

  afterAll(async () => {
    await indexer?.stop();
    runtime?.close();
    await dataSource?.destroy();
    await database?.drop();
    await meili?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const converged = async () => {
    const report = await indexer.verifier.verify({ repair: false });
    return report;
  };

  it('converges to the database within 30 s of the restart, nothing lost, nothing stale', async () => {
    const departments = ['nord', 'syd', 'ost', 'vast'];
    const seeded = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        createPublishedEntry(dataSource, {
          kind: [EntryKind.ALGORITHM, EntryKind.DATASET, EntryKind.IOT_DEPLOYMENT][i % 3],
          department: departments[i % 4],
          content: { title: `Återhämtning ${i}` },
        }),
      ),
    );
    await eventually(
      converged,
      (r) => r.expected === 40 && r.missing.length === 0 && r.stale.length === 0,
      {
        timeoutMs: 20_000,
        what: 'the seed to be indexed',
      },
    );

    const published = seeded.map((s) => s.entry.id);
    let stoppedAt = 0;
    let restartedAt = 0;
    let writes = 0;
    const write = async (i: number) => {
      const target = published[(i * 7) % published.length];
      switch (i % 10) {
        case 0:
        case 1:
        case 2:
        case 3: {
          const { entry } = await createPublishedEntry(dataSource, {
            department: departments[i % 4],
            content: { title: `Ny post ${i}`, summary: `Skriven under avbrottet ${i}` },
          });
          published.push(entry.id);
          break;
        }
        case 4:
        case 5:
        case 6:
          await publishNewVersion(dataSource, target, {
            summary: `Version skriven som nummer ${i}`,
          });
          break;
        case 7:
          await retireEntry(dataSource, target);
          break;
        case 8:
          await saveDraftVersion(dataSource, target, { title: `Utkast ${i} som aldrig syns` });
          break;
        default:
          await createDraftEntry(dataSource, {
            department: departments[i % 4],
            content: { title: `Utkast ${i}` },
          });
      }
      writes++;
      if (writes === 100) {
        await meili.stop();
        stoppedAt = Date.now();
      }
      if (writes === 450) {
        await meili.start();
        restartedAt = Date.now();
      }
    };
    // Four writers at once, 500 writes in all, each in its own transaction with its outbox row.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < 500) await write(next++);
      }),
    );
    expect(writes).toBe(500);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeGreaterThan(stoppedAt);

    const { value: report } = await eventually(
      converged,
      (r) => r.missing.length === 0 && r.stale.length === 0 && r.strays.length === 0,
      { timeoutMs: 30_000, intervalMs: 100, what: 'index = database after the restart' },
    );
    const recoveredInMs = Date.now() - restartedAt;
    expect(recoveredInMs).toBeLessThanOrEqual(30_000);
    expect(report.indexed).toBe(report.expected);
    expect(report.expected).toBe(40 + 200); // 4 in 10 writes created a published entry
    expect(report.deadLettered).toEqual([]);
    const [dead] = await dataSource.query('SELECT count(*)::int AS n FROM search_dead_letter');
    expect(dead.n).toBe(0);
    if (process.env.INSYN_TEST_VERBOSE)
      console.log(
        `search recovery: outage ${restartedAt - stoppedAt} ms, converged ${recoveredInMs} ms after restart`,
      );
  }, 120_000);
});
