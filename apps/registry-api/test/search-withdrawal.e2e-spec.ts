import { DataSource } from 'typeorm';
import {
  EntryKind,
  EntryWorkflowService,
  PublicIndexWithdrawal,
  WithdrawalMoment,
} from '@insyn/registry';
import {
  PublicEntryReader,
  SearchIndexer,
  SearchReindexer,
  SearchRuntime,
  succeeded,
} from '@insyn/search';
import { createTestTokens, eventually, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * A publication that narrows what the public may learn (a withholding added, a withholdable
 * value changed or removed) takes the entry's search document out of the index before it
 * commits: with no indexer running, what is no longer public cannot be found by searching for
 * it. The indexer then writes the new document from the outbox row. Real PostgreSQL and
 * Meilisearch; no indexer runs but where the test drains one.
 */
describe('search while no indexer runs, after a narrowing publication', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let anonymous: GraphQLClient;
  let indexer: SearchIndexer;

  const SEARCH = `query($q: String!) { search(query: $q) { hits { id } } }`;
  const found = async (query: string, id: string) =>
    (await anonymous.data(SEARCH, { q: query })).search.hits.some(
      (h: { id: string }) => h.id === id,
    );
  const pending = async (id: string) =>
    (
      (await api.app
        .get(DataSource)
        .query(
          `SELECT count(*)::int AS n FROM search_outbox WHERE entry_id = $1 AND processed_at IS NULL`,
          [id],
        )) as { n: number }[]
    )[0].n;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('search-withdrawal');
    tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    anonymous = api.graphql();
    indexer = new SearchIndexer(api.app.get(DataSource), api.app.get(SearchRuntime), {
      verifyIntervalMs: 0,
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await api.stop();
  });

  it('cannot find a value withheld by the new version, nor the entry until the indexer has run', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Bullerkartor för Kvarnholmen', 'A', {
      responsibleTeam: 'Gruppen Zqxwvuta',
    });
    await indexer.drain();
    expect(await found('Zqxwvuta', id)).toBe(true);

    await setup.edit(id, EntryKind.ALGORITHM, {
      withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }],
    });
    await setup.publish(id);
    // No indexer has run: the outbox row waits, and the old document is gone all the same.
    expect(await pending(id)).toBe(1);
    await eventually(
      () => found('Zqxwvuta', id),
      (hit) => !hit,
      { what: 'the old document removed' },
    );
    expect(await found('Kvarnholmen', id)).toBe(false);

    const batch = await indexer.drain();
    expect(batch.written).toBe(1);
    expect(await pending(id)).toBe(0);
    expect(await found('Kvarnholmen', id)).toBe(true);
    expect(await found('Zqxwvuta', id)).toBe(false);
  });

  it('leaves the document in place when the new version takes nothing from the public', async () => {
    const id = await setup.published(EntryKind.DATASET, 'Cykelräkning vid Slussen', 'A');
    await indexer.drain();
    expect(await found('Slussen', id)).toBe(true);

    await setup.edit(id, EntryKind.DATASET, {
      summary: 'Räknar cyklar vid Slussen varje timme, året runt.',
    });
    await setup.publish(id);
    expect(await pending(id)).toBe(1);
    // The old document stays searchable until the indexer writes the new one.
    expect(await found('Slussen', id)).toBe(true);
    await indexer.drain();
    expect(await found('timme', id)).toBe(true);
  });

  it('removes again after the commit a document read before it and written after the first removal', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Parkeringsprognos för Årsta', 'A', {
      responsibleTeam: 'Gruppen Yvtsqpmk',
    });
    await indexer.drain();
    expect(await found('Yvtsqpmk', id)).toBe(true);
    const runtime = api.app.get(SearchRuntime);
    const client = await runtime.writeClient();
    // What an indexer batch in flight (or a rebuild) read before the publication commits.
    const stale = await client.index(runtime.indexName).getDocument(id);

    const withdrawal = api.app.get(PublicIndexWithdrawal);
    const withdraw = withdrawal.withdraw.bind(withdrawal);
    const moments: WithdrawalMoment[] = [];
    jest.spyOn(withdrawal, 'withdraw').mockImplementation(async (entryId, moment) => {
      moments.push(moment);
      await withdraw(entryId, moment);
      // The stale document lands after the removal ahead of the commit.
      if (moment === 'before commit')
        await succeeded(client, client.index(runtime.indexName).addDocuments([stale]));
    });
    await setup.edit(id, EntryKind.ALGORITHM, {
      withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }],
    });
    await setup.publish(id);
    expect(moments).toEqual(['before commit', 'after commit']);
    await eventually(
      () => found('Yvtsqpmk', id),
      (hit) => !hit,
      { what: 'the stale document removed after the commit' },
    );
    await indexer.drain();
    expect(await found('Årsta', id)).toBe(true);
    expect(await found('Yvtsqpmk', id)).toBe(false);
  });

  it('writes again a document an indexer batch read before a narrowing publication and sent after it', async () => {
    const id = await setup.published(
      EntryKind.ALGORITHM,
      'Snöröjningsordning för Hökarängen',
      'A',
      {
        responsibleTeam: 'Gruppen Wkrdfjhn',
      },
    );
    await indexer.drain();
    await setup.edit(id, EntryKind.ALGORITHM, {
      summary: 'Ordningen för snöröjning, gata för gata.',
    });
    await setup.publish(id);

    // The batch for that publication reads the entry, then waits (a slow or paused worker).
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const load = PublicEntryReader.prototype.load;
    jest.spyOn(PublicEntryReader.prototype, 'load').mockImplementationOnce(async function (
      this: PublicEntryReader,
      ids,
    ) {
      const sources = await load.call(this, ids);
      readDone();
      await released;
      return sources;
    });
    const batch = indexer.processBatch();
    await read;
    // Meanwhile a version withholding the team is published: removed before and after its commit.
    await setup.edit(id, EntryKind.ALGORITHM, {
      withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }],
    });
    await setup.publish(id);
    await eventually(
      () => found('Wkrdfjhn', id),
      (hit) => !hit,
      { what: 'the old document removed' },
    );
    release();

    // The batch's document, read before the publication, is written again from the new version.
    expect(await batch).toMatchObject({ claimed: 1, written: 1 });
    expect(await found('Wkrdfjhn', id)).toBe(false);
    expect(await found('Hökarängen', id)).toBe(true);
    // The publication's own row is still to do, and changes nothing more.
    expect(await pending(id)).toBe(1);
    await indexer.drain();
    expect(await found('Wkrdfjhn', id)).toBe(false);
  });

  describe('during a rebuild (reindex)', () => {
    const arrange = async (title: string, word: string) => {
      const id = await setup.published(EntryKind.ALGORITHM, title, 'A', {
        responsibleTeam: `Gruppen ${word}`,
      });
      await indexer.drain();
      expect(await found(word, id)).toBe(true);
      await setup.edit(id, EntryKind.ALGORITHM, {
        withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }],
      });
      await setup.submit(id);
      const publish = () =>
        api.app
          .get(EntryWorkflowService)
          .publish(tokens.actors.reviewer, id, 'Withholds the team during a rebuild');
      return { id, publish };
    };
    const reindexer = () =>
      new SearchReindexer(api.app.get(DataSource), api.app.get(SearchRuntime));

    it('leaves out of the rebuilt index an entry published anew between its read and its write', async () => {
      const { id, publish } = await arrange('Bullerskydd vid Ulvsunda', 'Qmbxtrol');
      const pages = PublicEntryReader.prototype.pages;
      jest.spyOn(PublicEntryReader.prototype, 'pages').mockImplementationOnce(async function* (
        this: PublicEntryReader,
        pageSize?: number,
      ) {
        let first = true;
        for await (const page of pages.call(this, pageSize)) {
          // Read before the publication, written after it (and after both its removals).
          if (first) await publish();
          first = false;
          yield page;
        }
      });
      const report = await reindexer().reindex();
      expect(report.verify.missing).toContain(id);
      expect(await found('Qmbxtrol', id)).toBe(false);
      await indexer.drain();
      expect(await found('Ulvsunda', id)).toBe(true);
      expect(await found('Qmbxtrol', id)).toBe(false);
    });

    it('removes from the rebuilt index an entry published anew after its last check, before the swap', async () => {
      const { id, publish } = await arrange('Trängselprognos för Essingeleden', 'Plorvhxa');
      const check = PublicEntryReader.prototype.publishedVersionIds;
      jest
        .spyOn(PublicEntryReader.prototype, 'publishedVersionIds')
        .mockImplementationOnce(async function (this: PublicEntryReader, ids) {
          const versions = await check.call(this, ids);
          // The rebuild has found nothing changed; the publication commits before the swap.
          await publish();
          return versions;
        });
      await reindexer().reindex();
      await eventually(
        () => found('Plorvhxa', id),
        (hit) => !hit,
        { what: 'the document read before the publication gone from the rebuilt index' },
      );
      await indexer.drain();
      expect(await found('Essingeleden', id)).toBe(true);
      expect(await found('Plorvhxa', id)).toBe(false);
    });
  });
});
