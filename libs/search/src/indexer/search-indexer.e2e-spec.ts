import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EntryKind, INSYN_ENTITIES } from '@insyn/registry';
import {
  createDraftEntry,
  createPublishedEntry,
  dropTestIndexes,
  eventually,
  publishNewVersion,
  retireEntry,
  TestDatabase,
  testIndexPrefix,
  testServers,
} from '@insyn/testing';
import { createMeilisearchClient } from '../meilisearch/meilisearch-client.factory';
import { meilisearchErrorCode } from '../meilisearch/meilisearch-errors';
import type { Meilisearch } from '../meilisearch/meilisearch-sdk';
import { PublicEntryDocument } from '../public-entry-document';
import {
  PublicSearchService,
  SearchUnavailableError,
} from '../public-search/public-search.service';
import { SearchFacet } from '../public-search/public-search-query';
import { SearchConnection } from '../search-connection';
import { SearchLog } from '../search-log';
import { SearchRuntime } from '../search-runtime';
import { SearchDocumentWriter } from './search-document.writer';
import { SearchIndexer } from './search-indexer';
import { LIFELINE_LOCK_CLASS, SearchOutboxRepository } from './search-outbox.repository';
import { SearchReindexer } from './search-reindexer';

/** The indexer, verify and reindex against the real PostgreSQL and Meilisearch of the e2e run. */
describe('search indexer (real PostgreSQL and Meilisearch)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runtime: SearchRuntime;
  let indexer: SearchIndexer;
  let search: PublicSearchService;
  let client: Meilisearch;
  let prefix: string;
  const poison = new Set<string>();
  const logLines: string[] = [];

  const collectingLog: SearchLog = {
    debug: (d, m) => logLines.push(JSON.stringify([d, m])),
    info: (d, m) => logLines.push(JSON.stringify([d, m])),
    warn: (d, m) => logLines.push(JSON.stringify([d, m])),
    error: (d, m) => logLines.push(JSON.stringify([d, m])),
  };

  beforeAll(async () => {
    database = await TestDatabase.create('search-indexer');
    dataSource = await database.dataSource(INSYN_ENTITIES, 8);
    const servers = testServers();
    prefix = testIndexPrefix('indexer');
    runtime = new SearchRuntime(
      new SearchConnection(servers.meiliHost, servers.meiliMasterKey, prefix),
      {
        log: collectingLog,
      },
    );
    indexer = new SearchIndexer(dataSource, runtime, {
      retryBaseMs: 50,
      retryMaxMs: 200,
      maxAttempts: 3,
      verifyIntervalMs: 0,
      // Test hook: make Meilisearch refuse chosen documents (an invalid primary key).
      transformDocument: (doc) =>
        poison.has(doc.id) ? { ...doc, id: `not a valid id ${doc.id}!` } : { ...doc },
    });
    search = new PublicSearchService(runtime);
    client = await runtime.writeClient();
  });

  afterAll(async () => {
    await dropTestIndexes(prefix);
    runtime.close();
    await dataSource.destroy();
    await database.drop();
  });

  const documents = async (department: string): Promise<PublicEntryDocument[]> => {
    const { results } = await client.index<PublicEntryDocument>(runtime.indexName).getDocuments({
      filter: `departmentSlug = "${department}"`,
      limit: 1000,
    });
    return results;
  };
  const pendingRows = async (): Promise<number> =>
    Number(
      (
        await dataSource.query('SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL')
      )[0].n,
    );

  it('writes each public entry once however often its rows are delivered, by one indexer or two', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createPublishedEntry(dataSource, {
          department: 'dubbletter',
          content: { title: `Dubblett ${i}` },
        }),
      ),
    );
    const ids = created.map((c) => c.entry.id);
    const outbox = new SearchOutboxRepository(dataSource);
    await outbox.enqueue(ids, 'test: duplicate'); // every entry has two rows now

    const first = await indexer.processBatch();
    expect(first).toMatchObject({ claimed: 40, written: 20, deleted: 0 });
    // The same batch delivered again (as after a crash between the write and the mark).
    await dataSource.query(
      `UPDATE search_outbox SET processed_at = NULL WHERE entry_id = ANY($1::uuid[])`,
      [ids],
    );
    const again = await indexer.processBatch();
    expect(again).toMatchObject({ claimed: 40, written: 20 });

    // And once more, to two indexers at the same time.
    await dataSource.query(
      `UPDATE search_outbox SET processed_at = NULL WHERE entry_id = ANY($1::uuid[])`,
      [ids],
    );
    const second = new SearchIndexer(dataSource, runtime, { batchSize: 7 });
    const one = new SearchIndexer(dataSource, runtime, { batchSize: 7 });
    const [a, b] = await Promise.all([one.drain(), second.drain()]);
    expect(a.claimed + b.claimed).toBe(40);
    expect(a.written + b.written).toBe(20);

    const docs = await documents('dubbletter');
    expect(docs).toHaveLength(20);
    expect(new Set(docs.map((d) => d.id))).toEqual(new Set(ids));
    const result = await search.search({
      query: 'dubblett',
      filter: { department: ['dubbletter'] },
      limit: 100,
      offset: 0,
    });
    expect(result.estimatedTotalHits).toBe(20);
    expect(await pendingRows()).toBe(0);
  });

  it('pipelines a backlog: several batches queued in Meilisearch before the first is confirmed, sized by the backlog', async () => {
    const created = await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        createPublishedEntry(dataSource, {
          department: 'backlog',
          content: { title: `Backlog ${i}` },
        }),
      ),
    );
    const events: string[] = [];
    let sent = 0;
    const realEnqueue = SearchDocumentWriter.prototype.enqueue;
    const realConfirm = SearchDocumentWriter.prototype.confirm;
    const sizes: number[] = [];
    const spyEnqueue = jest
      .spyOn(SearchDocumentWriter.prototype, 'enqueue')
      .mockImplementation(async function (this: SearchDocumentWriter, index, upserts, deletes) {
        const writes = await realEnqueue.call(this, index, upserts, deletes);
        sizes.push(upserts.length);
        events.push(`sent ${sent++}`);
        return writes;
      });
    let confirmed = 0;
    const spyConfirm = jest
      .spyOn(SearchDocumentWriter.prototype, 'confirm')
      .mockImplementation(async function (this: SearchDocumentWriter, writes) {
        // The first confirmation holds back until the pipeline is full: a worker that waited
        // for each task before sending the next batch would never get there.
        if (confirmed === 0) {
          const deadline = Date.now() + 10_000;
          while (sent < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        }
        const outcome = await realConfirm.call(this, writes);
        events.push(`confirmed ${confirmed++}`);
        return outcome;
      });
    try {
      const pipelined = new SearchIndexer(dataSource, runtime, {
        batchSize: 10,
        pipelineDepth: 4,
        verifyIntervalMs: 0,
      });
      const total = await pipelined.drain();
      expect(total).toMatchObject({ claimed: 240, written: 240, retried: 0 });
    } finally {
      spyEnqueue.mockRestore();
      spyConfirm.mockRestore();
    }
    // The first batch is the smallest; a full one shows a backlog, and the next grow with it.
    expect(sizes[0]).toBe(10);
    expect(Math.max(...sizes)).toBeGreaterThan(10);
    expect(sizes.length).toBeLessThan(240 / 10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(240);
    // Several batches were in Meilisearch's queue before the first was confirmed…
    expect(events.indexOf('sent 1')).toBeLessThan(events.indexOf('confirmed 0'));
    expect(events.indexOf('sent 3')).toBeLessThan(events.indexOf('confirmed 0'));
    // …and never more than the pipeline's depth.
    for (let i = 4; i < sent; i++)
      expect(events.indexOf(`confirmed ${i - 4}`)).toBeLessThan(events.indexOf(`sent ${i}`));
    expect(await documents('backlog')).toHaveLength(created.length);
    expect(await pendingRows()).toBe(0);
  });

  it('leaves rows alone once their lease was taken over: each row is marked processed once, by its holder', async () => {
    const { entry } = await createPublishedEntry(dataSource, {
      department: 'leases',
      content: { title: 'Arrende' },
    });
    const outbox = new SearchOutboxRepository(dataSource);
    // A worker claims, then stalls past its lease; another takes the rows over and indexes them.
    const stalled = await outbox.claim(100, 60_000, 'stalled-worker');
    expect(stalled.map((r) => r.entryId)).toEqual([entry.id]);
    await dataSource.query(
      `UPDATE search_outbox SET lease_until = now() - interval '1 second' WHERE entry_id = $1`,
      [entry.id],
    );
    const other = new SearchIndexer(dataSource, runtime, { verifyIntervalMs: 0 });
    expect(await other.drain()).toMatchObject({ claimed: 1, written: 1 });
    // The stalled worker wakes up: it may no longer send, confirm, retry or release those rows.
    const ids = stalled.map((r) => r.id);
    expect(await outbox.renew(ids, 60_000, 'stalled-worker')).toEqual(new Set());
    expect(await outbox.markProcessed(ids, 'stalled-worker')).toBe(0);
    await outbox.retryLater(ids, 'late', 0, 'stalled-worker');
    await outbox.release(ids, 'late', 0, 'stalled-worker');
    const rows: { lease_owner: string; processed_at: Date | null; attempts: number }[] =
      await dataSource.query(
        'SELECT lease_owner, processed_at, attempts FROM search_outbox WHERE entry_id = $1',
        [entry.id],
      );
    expect(rows).toEqual([
      { lease_owner: other.owner, processed_at: expect.any(Date), attempts: 0 },
    ]);
  });

  it('takes over the rows of a worker whose lifeline died at once, not a lease later', async () => {
    const { entry } = await createPublishedEntry(dataSource, {
      department: 'livlina',
      content: { title: 'Livlina' },
    });
    const outbox = new SearchOutboxRepository(dataSource);
    // A worker's LISTEN connection holds its lifeline; its claim leases the rows for 60 s.
    const lifeline = new Client({ connectionString: database.url });
    await lifeline.connect();
    await lifeline.query('SELECT pg_advisory_lock($1, $2)', [LIFELINE_LOCK_CLASS, 424_242]);
    const held = await outbox.claim(100, 60_000, 'doomed-worker', 424_242);
    expect(held.map((r) => r.entryId)).toEqual([entry.id]);
    // While it lives, its lease holds, and it may renew it (before sending).
    expect(await outbox.claim(100, 60_000, 'other-worker', null)).toEqual([]);
    const ids = held.map((r) => r.id);
    expect(await outbox.renew(ids, 60_000, 'doomed-worker')).toEqual(new Set(ids));
    // Its connection ended (the process killed, or only the connection dropped): PostgreSQL ends
    // the session, and with it the lock.
    const { pid } = (await lifeline.query('SELECT pg_backend_pid() AS pid')).rows[0];
    lifeline.on('error', () => undefined);
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    // A worker that lives on without its lifeline holds nothing: it may not send those rows.
    await eventually(
      () => outbox.renew(ids, 60_000, 'doomed-worker'),
      (renewed) => renewed.size === 0,
    );
    const { value: taken } = await eventually(
      () => outbox.claim(100, 60_000, 'other-worker', null),
      (rows) => rows.length > 0,
    );
    expect(taken.map((r) => r.id)).toEqual(held.map((r) => r.id));
    // The dead worker can no longer confirm what it held.
    expect(
      await outbox.markProcessed(
        held.map((r) => r.id),
        'doomed-worker',
      ),
    ).toBe(0);
    // A lease without a lifeline (a worker with no LISTEN connection) holds to its end.
    const { entry: second } = await createPublishedEntry(dataSource, {
      department: 'livlina',
      content: { title: 'Utan livlina' },
    });
    expect((await outbox.claim(100, 60_000, 'lease-only', null)).map((r) => r.entryId)).toEqual([
      second.id,
    ]);
    expect(await outbox.claim(100, 60_000, 'other-worker', null)).toEqual([]);
    // Their leases given up, the indexer writes both (the later tests compare index and database).
    await dataSource.query(`UPDATE search_outbox SET lease_until = NULL WHERE entry_id = ANY($1)`, [
      [entry.id, second.id],
    ]);
    expect(await indexer.drain()).toMatchObject({ written: 2 });
  });

  it('holds its lifeline on its LISTEN connection while it runs, and leases under it', async () => {
    const listening = new SearchIndexer(dataSource, runtime, {
      verifyIntervalMs: 0,
      listenUrl: database.url,
    });
    const lifelines = async (): Promise<number> =>
      Number(
        (
          await dataSource.query(
            `SELECT count(*) AS n FROM pg_locks
              WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted`,
            [LIFELINE_LOCK_CLASS],
          )
        )[0].n,
      );
    const before = await lifelines();
    await listening.start();
    try {
      await eventually(lifelines, (n) => n === before + 1);
      const { entry } = await createPublishedEntry(dataSource, {
        department: 'livlina',
        content: { title: 'Lyssnande' },
      });
      const { value: row } = await eventually(
        async () =>
          (
            await dataSource.query(
              'SELECT lease_lifeline, processed_at FROM search_outbox WHERE entry_id = $1',
              [entry.id],
            )
          )[0],
        (r) => r.processed_at !== null,
      );
      expect(row).toEqual({ lease_lifeline: expect.any(Number), processed_at: expect.any(Date) });
    } finally {
      await listening.stop();
    }
    await eventually(lifelines, (n) => n === before);
    expect(await lifelines()).toBe(before);
  });

  it('dead-letters a document Meilisearch refuses, while the rest of the batch is indexed', async () => {
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createPublishedEntry(dataSource, {
          department: 'giftigt',
          content: { title: `Giftfri ${i}` },
        }),
      ),
    );
    const bad = created[2].entry.id;
    poison.add(bad);
    const good = created.filter((c) => c.entry.id !== bad).map((c) => c.entry.id);

    const firstBatch = await indexer.processBatch();
    expect(firstBatch).toMatchObject({ written: 4, retried: 1, deadLettered: 0 });
    expect(new Set((await documents('giftigt')).map((d) => d.id))).toEqual(new Set(good));

    // Retries with back-off, then the dead letter (maxAttempts 3).
    await eventually(
      async () => {
        await indexer.drain();
        return dataSource.query('SELECT * FROM search_dead_letter WHERE entry_id = $1', [bad]);
      },
      (rows: unknown[]) => rows.length === 1,
      { timeoutMs: 10_000, what: 'the dead letter' },
    );
    const [letter] = await dataSource.query(
      'SELECT * FROM search_dead_letter WHERE entry_id = $1',
      [bad],
    );
    expect(letter.attempts).toBe(3);
    expect(letter.error).toContain('invalid_document_id');
    expect(letter.resolved_at).toBeNull();
    expect(await pendingRows()).toBe(0);
    expect((await documents('giftigt')).map((d) => d.id)).not.toContain(bad);

    // Verify does not keep re-queuing it, but says so.
    const report = await indexer.verifier.verify({ repair: false });
    expect(report.deadLettered).toEqual([bad]);
    expect(report.missing).toEqual([]);

    // Once the entry can be indexed, the next change indexes it and resolves the dead letter.
    poison.delete(bad);
    await publishNewVersion(dataSource, bad, { title: 'Giftfri igen' });
    await indexer.drain();
    expect((await documents('giftigt')).map((d) => d.id)).toContain(bad);
    const [resolved] = await dataSource.query(
      'SELECT resolved_at FROM search_dead_letter WHERE entry_id = $1',
      [bad],
    );
    expect(resolved.resolved_at).not.toBeNull();
  });

  it('keeps only public entries: drafts are never written, deleted and unpublished entries are removed', async () => {
    const draft = await createDraftEntry(dataSource, {
      department: 'borttaget',
      content: { title: 'Utkast' },
    });
    const deleted = await createPublishedEntry(dataSource, {
      department: 'borttaget',
      content: { title: 'Raderad' },
    });
    const unpublished = await createPublishedEntry(dataSource, {
      department: 'borttaget',
      content: { title: 'Avpublicerad' },
    });
    const retired = await createPublishedEntry(dataSource, {
      department: 'borttaget',
      content: { title: 'Pensionerad' },
    });
    await indexer.drain();
    expect((await documents('borttaget')).map((d) => d.id).sort()).toEqual(
      [deleted.entry.id, unpublished.entry.id, retired.entry.id].sort(),
    );

    await dataSource.transaction(async (m) => {
      await m.query('UPDATE entry SET published_version_id = NULL, status = $2 WHERE id = $1', [
        unpublished.entry.id,
        'DRAFT',
      ]);
      await m.query('DELETE FROM entry WHERE id = $1', [deleted.entry.id]);
      await m.query('INSERT INTO search_outbox (entry_id, reason) VALUES ($1, $3), ($2, $3)', [
        unpublished.entry.id,
        deleted.entry.id,
        'test',
      ]);
    });
    await retireEntry(dataSource, retired.entry.id);
    const result = await indexer.drain();
    expect(result).toMatchObject({ deleted: 2, written: 1 });
    const docs = await documents('borttaget');
    expect(docs.map((d) => [d.id, d.status])).toEqual([[retired.entry.id, 'RETIRED']]);
    expect(docs.map((d) => d.id)).not.toContain(draft.entry.id);
  });

  it('verify finds injected drift (missing, stray, stale version) and the repair makes index and database equal', async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createPublishedEntry(dataSource, { department: 'drift', content: { title: `Drift ${i}` } }),
      ),
    );
    await indexer.drain();
    expect(await indexer.verifier.verify({ repair: false })).toMatchObject({
      missing: [],
      stale: [],
      strays: [],
    });

    const index = client.index(runtime.indexName);
    const missing = created[0].entry.id;
    const stale = created[1].entry.id;
    const strayEntry = randomUUID();
    await index.deleteDocument(missing).waitTask();
    await index.updateDocuments([{ id: stale, version: 999 }]).waitTask();
    await index
      .addDocuments([
        { ...(await index.getDocument(created[2].entry.id)), id: strayEntry, title: 'Stray' },
        { id: 'stray-not-an-entry', title: 'Stray too', departmentSlug: 'drift' },
      ])
      .waitTask();

    const report = await indexer.verifier.verify({ repair: true });
    expect(report.missing).toEqual([missing]);
    expect(report.stale).toEqual([stale]);
    expect(report.strays.sort()).toEqual([strayEntry, 'stray-not-an-entry'].sort());
    expect(report.repaired).toBe(true);
    await indexer.drain();

    const after = await indexer.verifier.verify({ repair: false });
    expect(after).toMatchObject({ missing: [], stale: [], strays: [] });
    expect(after.indexed).toBe(after.expected - after.deadLettered.length);
    const docs = await documents('drift');
    expect(new Set(docs.map((d) => d.id))).toEqual(new Set(created.map((c) => c.entry.id)));
    expect(docs.find((d) => d.id === stale)?.version).toBe(1);
  });

  it('rebuilds the index while searches run, without a single failed or empty search', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createPublishedEntry(dataSource, {
          kind: [EntryKind.ALGORITHM, EntryKind.DATASET, EntryKind.IOT_DEPLOYMENT][i % 3],
          department: 'ombyggnad',
          content: { title: `Ombyggnad ${i}` },
        }),
      ),
    );
    await indexer.drain();
    const expected = (await documents('ombyggnad')).length;
    expect(expected).toBe(30);

    let running = true;
    let searches = 0;
    const failures: string[] = [];
    const searcher = async () => {
      while (running) {
        try {
          const result = await search.search({
            query: 'ombyggnad',
            filter: { department: ['ombyggnad'] },
            facets: [],
            limit: 50,
            offset: 0,
          });
          if (result.estimatedTotalHits !== expected)
            failures.push(`saw ${result.estimatedTotalHits} hits`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        searches++;
      }
    };
    const loops = Array.from({ length: 4 }, searcher);
    const reindexer = new SearchReindexer(dataSource, runtime);
    const first = await reindexer.reindex({ pageSize: 40 });
    const second = await reindexer.reindex({ pageSize: 40 });
    running = false;
    await Promise.all(loops);

    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(20);
    expect(first.liveIndex).toBe(runtime.indexName);
    expect(second.builtIndex).not.toBe(first.builtIndex);
    expect(second.verify).toMatchObject({ missing: [], stale: [], strays: [] });
    // Only the live index remains.
    const { results } = await client.getRawIndexes({ limit: 1000 });
    expect(results.map((i) => i.uid).filter((uid) => uid.startsWith(prefix))).toEqual([
      runtime.indexName,
    ]);
    expect((await documents('ombyggnad')).length).toBe(30);
  });

  it('wakes on NOTIFY, and polls when it cannot listen', async () => {
    const listening = new SearchIndexer(dataSource, runtime, {
      listenUrl: database.url,
      pollIntervalMs: 60_000,
      verifyIntervalMs: 0,
    });
    await listening.start();
    try {
      await eventually(
        async () => listening.listening,
        (up) => up,
        { what: 'LISTEN' },
      );
      await indexer.drain(); // start from an empty outbox
      const { entry } = await createPublishedEntry(dataSource, {
        department: 'vakna',
        content: { title: 'Notifierad' },
      });
      const { elapsedMs } = await eventually(
        () => documents('vakna'),
        (docs) => docs.some((d) => d.id === entry.id),
        { timeoutMs: 5000, what: 'the notified entry' },
      );
      expect(elapsedMs).toBeLessThan(2000);
    } finally {
      await listening.stop();
    }

    const polling = new SearchIndexer(dataSource, runtime, {
      pollIntervalMs: 200,
      verifyIntervalMs: 0,
    });
    await polling.start();
    try {
      const { entry } = await createPublishedEntry(dataSource, {
        department: 'vakna',
        content: { title: 'Pollad' },
      });
      await eventually(
        () => documents('vakna'),
        (docs) => docs.some((d) => d.id === entry.id),
        { timeoutMs: 5000, what: 'the polled entry' },
      );
    } finally {
      await polling.stop();
    }
  });

  it('runs verify periodically and so repairs drift nobody reported', async () => {
    const { entry } = await createPublishedEntry(dataSource, {
      department: 'periodisk',
      content: { title: 'Periodisk kontroll' },
    });
    await indexer.drain();
    const periodic = new SearchIndexer(dataSource, runtime, {
      pollIntervalMs: 100,
      verifyIntervalMs: 300,
    });
    await periodic.start();
    try {
      // Lost behind the indexer's back (a restored Meilisearch backup, say).
      await client.index(runtime.indexName).deleteDocument(entry.id).waitTask();
      const { elapsedMs } = await eventually(
        () => documents('periodisk'),
        (docs) => docs.some((d) => d.id === entry.id),
        { timeoutMs: 10_000, what: 'the periodic verify to restore the document' },
      );
      expect(elapsedMs).toBeLessThan(5000);
    } finally {
      await periodic.stop();
    }
  });

  it('makes a lost index again with its settings, and refills it at once, not at the next periodic verify', async () => {
    const servers = testServers();
    const lost = new SearchRuntime(
      new SearchConnection(servers.meiliHost, servers.meiliMasterKey, `${prefix}_lost`),
      { log: collectingLog },
    );
    const lostSearch = new PublicSearchService(lost);
    const { entry } = await createPublishedEntry(dataSource, {
      department: 'forlorat',
      content: { title: 'Förlorat index' },
    });
    const found = () =>
      lostSearch
        .search({
          query: 'Förlorat',
          filter: { department: ['forlorat'] },
          // Facets need the index's settings: a bare index refuses them.
          facets: [SearchFacet.KIND],
          limit: 10,
          offset: 0,
        })
        .catch((error: unknown) => error);
    const worker = new SearchIndexer(dataSource, lost, {
      pollIntervalMs: 100,
      verifyIntervalMs: 3_600_000,
    });
    const verifiesBefore = logLines.filter((l) => l.includes('search verify')).length;
    await worker.start();
    try {
      const hasEntry = (r: unknown) =>
        !(r instanceof Error) &&
        (r as { hits: { id: string }[] }).hits.some((h) => h.id === entry.id);
      await eventually(found, hasEntry, { timeoutMs: 10_000, what: 'the entry indexed' });
      // The verify after the first drain has run: the next periodic one is an hour away.
      await eventually(
        async () => logLines.filter((l) => l.includes('search verify')).length,
        (n) => n > verifiesBefore,
        { timeoutMs: 10_000, what: 'the first verify' },
      );
      // Meilisearch loses its data (restarted on an emptied folder, say).
      await (await lost.writeClient()).deleteIndex(lost.indexName).waitTask();
      // Asked meanwhile, search says it cannot answer; it never says nothing matches.
      const meanwhile = await found();
      if (meanwhile instanceof Error) expect(meanwhile).toBeInstanceOf(SearchUnavailableError);
      // (Meilisearch runs the tasks of every index one after another: beside the other test
      // files' work, making the index and its settings may wait its turn.)
      await eventually(found, hasEntry, {
        timeoutMs: 60_000,
        what: 'the index made again with its settings and refilled',
      });
      expect(logLines.some((l) => l.includes('search index gone'))).toBe(true);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('logs a refused MEILI_MASTER_KEY at error, naming it, once, and waits (a refusal never heals by itself)', async () => {
    const servers = testServers();
    const wrongKey = `not-the-master-key-${randomUUID()}`;
    const lines: { level: string; message: string; data: string }[] = [];
    const log = (level: string) => (data: object, message: string) =>
      lines.push({ level, message, data: JSON.stringify(data) });
    const refused = new SearchRuntime(
      new SearchConnection(servers.meiliHost, wrongKey, `${prefix}_refused`),
      { log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } },
    );
    // Each refusal makes the runtime forget its app key: counted, to see the retries.
    let refusals = 0;
    const forgetKey = refused.forgetKey.bind(refused);
    refused.forgetKey = () => ((refusals += 1), forgetKey());
    const worker = new SearchIndexer(dataSource, refused, { pollIntervalMs: 50 });
    await worker.start();
    try {
      await eventually(
        async () => lines.filter((l) => l.level === 'error'),
        (errors) => errors.length > 0,
        { timeoutMs: 10_000, what: 'the refusal logged' },
      );
      // Retried meanwhile (the first wait is 100 ms, then doubling): still the one line.
      await eventually(
        async () => refusals,
        (n) => n >= 3,
        { timeoutMs: 10_000, what: 'two more attempts' },
      );
      expect(worker.searchAvailable).toBe(false);
      const errors = lines.filter((l) => l.level === 'error');
      expect(errors.map((l) => l.message)).toEqual([
        'Meilisearch refuses MEILI_MASTER_KEY: indexing waits until the key is right',
      ]);
      expect(errors[0].data).toContain('invalid_api_key');
      expect(lines.filter((l) => l.message.includes('search unavailable'))).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain(wrongKey);
    } finally {
      await worker.stop();
      refused.close();
    }
  });

  it('searches and indexes with its own restricted key, never the master key, and logs neither', async () => {
    const { meiliHost, meiliMasterKey } = testServers();
    const appKey = (client.config.apiKey ?? '') as string;
    expect(appKey).not.toBe('');
    expect(appKey).not.toBe(meiliMasterKey);
    expect((await runtime.searchClient()).config.apiKey).toBe(appKey);

    const withAppKey = createMeilisearchClient({
      host: meiliHost,
      apiKey: appKey,
      timeoutMs: 5000,
    });
    const refusal = (request: Promise<unknown>) =>
      request.then(
        () => 'allowed',
        (error: unknown) => meilisearchErrorCode(error) ?? 'failed',
      );
    expect(await refusal(withAppKey.getKeys())).toBe('invalid_api_key');
    expect(
      await refusal(withAppKey.createKey({ actions: ['*'], indexes: ['*'], expiresAt: null })),
    ).toBe('invalid_api_key');
    expect(await refusal(withAppKey.index('someone_elses_index').search('x'))).toBe(
      'invalid_api_key',
    );
    expect(await refusal(withAppKey.index(runtime.indexName).search('x'))).toBe('allowed');

    const logged = logLines.join('\n');
    expect(logged).not.toContain(meiliMasterKey);
    expect(logged).not.toContain(appKey);
  });
});
