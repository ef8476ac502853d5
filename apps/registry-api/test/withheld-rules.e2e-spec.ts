import { DataSource } from 'typeorm';
import { AuditEventEntity } from '@insyn/audit';
import {
  EntryKind,
  pathWithin,
  RegistryClock,
  withheldAlong,
  withholdablePaths,
} from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { fullDatasetInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

/** Withholding rules: `until` ends a withholding by itself; paths must exist for the kind. */
describe('withholding rules (real PostgreSQL and Meilisearch, controllable clock)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let clock: RegistryClock;
  let anonymous: GraphQLClient;
  let now: Date;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('withheld-rules');
    tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    clock = api.app.get(RegistryClock);
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    anonymous = api.graphql();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await api.stop();
  });

  describe('withheld.until', () => {
    let id: string;
    let indexer: SearchIndexer;
    const READ = `query($id: ID!) { entry(id: $id) { withheld { field until }
      ... on Algorithm { algorithm { riskClass aiActClass sourceCode { link } } } } }`;
    const LIST = `query($risk: [RiskClass!]) { entries(filter: { riskClass: $risk }) { nodes { id } } }`;
    const SEARCH = `query($risk: [RiskClass!]) { search(filter: { riskClass: $risk }) { hits { id } } }`;
    const listed = async (risk: string) =>
      (await anonymous.data(LIST, { risk: [risk] })).entries.nodes.some(
        (n: { id: string }) => n.id === id,
      );
    const found = async (risk: string) =>
      (await anonymous.data(SEARCH, { risk: [risk] })).search.hits.some(
        (h: { id: string }) => h.id === id,
      );

    beforeAll(async () => {
      now = new Date('2026-06-01T10:00:00Z');
      id = await setup.published(EntryKind.ALGORITHM, 'Tidsbegränsat undanhållen risk', 'A', {
        withheld: [
          { field: 'algorithm.riskClass', legalGround: 'OSL 18:8', until: '2026-06-30' },
          { field: 'algorithm.sourceCode', legalGround: 'OSL 18:8' },
        ],
      });
      indexer = new SearchIndexer(api.app.get(DataSource), api.app.get(SearchRuntime), {
        clock,
        verifyIntervalMs: 0,
      });
      await indexer.drain();
    });

    it('is withheld on every surface up to and including the until date', async () => {
      for (const day of ['2026-06-01T10:00:00Z', '2026-06-30T23:59:00Z']) {
        now = new Date(day);
        await indexer.drain();
        const { entry } = await anonymous.data(READ, { id });
        expect(entry.algorithm.riskClass).toBeNull();
        expect(entry.withheld.map((w: { field: string }) => w.field)).toContain(
          'algorithm.riskClass',
        );
        expect(await listed('HIGH')).toBe(false);
        expect(await found('HIGH')).toBe(false);
      }
    });

    it('stays withheld in a view "as of" a moment after the until date, while that is to come', async () => {
      now = new Date('2026-06-15T10:00:00Z');
      const AS_OF = `query($id: ID!, $asOf: DateTime!) {
        entry(id: $id, asOf: $asOf) { withheld { field }
          ... on Algorithm { algorithm { riskClass } } }
        entries(asOf: $asOf, filter: { riskClass: [HIGH] }) { nodes { id } } }`;
      // (Publication times come from the database's clock, today; the registry clock is mocked.)
      // So the moment asked about is a year from the real today: after the publication, and after
      // the until date of the mocked clock's day, whatever day the suite runs.
      const aYearFromNow = new Date(Date.now() + 365 * 86_400_000).toISOString();
      for (const asOf of [aYearFromNow, '2099-12-31T00:00:00Z']) {
        const data = await anonymous.data(AS_OF, { id, asOf });
        expect(data.entry.algorithm.riskClass).toBeNull();
        expect(data.entry.withheld.map((w: { field: string }) => w.field)).toContain(
          'algorithm.riskClass',
        );
        expect(data.entries.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
      }
    });

    it('is public from the next day, in the entry, the lists and the search index, without an edit', async () => {
      const auditRows = await api.app.get(DataSource).getRepository(AuditEventEntity).count();
      now = new Date('2026-07-01T00:30:00Z');
      const { entry } = await anonymous.data(READ, { id });
      expect(entry.algorithm.riskClass).toBe('HIGH');
      expect(entry.algorithm.sourceCode).toBeNull(); // withheld for good
      expect(entry.withheld).toEqual([{ field: 'algorithm.sourceCode', until: null }]);

      // The indexer's first batch of the day refreshes the derived public views.
      const batch = await indexer.drain();
      expect(batch.written).toBe(1);
      expect(await listed('HIGH')).toBe(true);
      expect(await found('HIGH')).toBe(true);
      expect(await found('LOW')).toBe(false);
      // Nobody edited the entry: no audit row, same published version.
      expect(await api.app.get(DataSource).getRepository(AuditEventEntity).count()).toBe(auditRows);
      // And once a day: a later batch the same day finds nothing to refresh.
      expect((await indexer.drain()).written).toBe(0);
    });
  });

  describe('a review falling due', () => {
    it('is overdue in the search index from the next day too, without an edit', async () => {
      now = new Date('2026-08-01T10:00:00Z');
      const id = await setup.published(EntryKind.ALGORITHM, 'Granskas snart', 'A', {
        reviewDueDate: '2026-08-10',
      });
      const indexer = new SearchIndexer(api.app.get(DataSource), api.app.get(SearchRuntime), {
        clock,
        verifyIntervalMs: 0,
      });
      const overdue = async () => {
        const data = await anonymous.data(
          `query($id: ID!) { entry(id: $id) { reviewOverdue }
            search(filter: { reviewOverdue: true }) { hits { id } } }`,
          { id },
        );
        return {
          entry: data.entry.reviewOverdue,
          search: data.search.hits.some((h: { id: string }) => h.id === id),
        };
      };
      await indexer.drain();
      expect(await overdue()).toEqual({ entry: false, search: false });
      now = new Date('2026-08-10T23:59:00Z');
      await indexer.drain();
      expect(await overdue()).toEqual({ entry: false, search: false });
      // The day after the due date: the entry says so at once, the search from the indexer's
      // first batch of the day (as when a withholding ends), not from the next edit.
      now = new Date('2026-08-11T00:30:00Z');
      expect((await overdue()).entry).toBe(true);
      expect((await indexer.drain()).written).toBeGreaterThanOrEqual(1);
      expect(await overdue()).toEqual({ entry: true, search: true });
    });
  });

  describe('an until date already past', () => {
    const REGISTER = `mutation($input: DatasetInput!) {
      registerDataset(departmentSlug: "department-a", input: $input) { id withheld { field until } } }`;
    const UPDATE = `mutation($id: ID!, $input: DatasetInput!) {
      updateDataset(id: $id, input: $input) { id withheld { field until } } }`;
    const entryCount = async () =>
      (await api.app.get(DataSource).query('SELECT count(*)::int AS n FROM entry'))[0].n;
    const withheld = (until: string) => [
      { field: 'dataset.licence', legalGround: 'OSL 18:8' },
      { field: 'dataset.accessRights', legalGround: 'OSL 18:8', until },
    ];

    it('is refused (it would withhold nothing), naming the field, writing nothing; today is allowed', async () => {
      // 23:30 UTC on 14 March: the registry's day is the 14th (UTC), whatever the local time.
      now = new Date('2026-03-14T23:30:00Z');
      const before = await entryCount();
      const past = await api.graphql(tokens.editorA).request(REGISTER, {
        input: { ...fullDatasetInput('Redan offentlig'), withheld: withheld('2026-03-13') },
      });
      expect(past.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(past.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.withheld.1.until',
          message:
            'until 2026-03-13 has passed (today is 2026-03-14): the field would not be withheld; give a date from today on, or none',
        },
      ]);
      expect(await entryCount()).toBe(before);

      const today = await api.graphql(tokens.editorA).data(REGISTER, {
        input: { ...fullDatasetInput('Undanhållen i dag'), withheld: withheld('2026-03-14') },
      });
      const id = today.registerDataset.id;
      expect(today.registerDataset.withheld).toContainEqual({
        field: 'dataset.accessRights',
        until: '2026-03-14',
      });

      // On update too: the stored version stays as it was.
      const update = await api
        .graphql(tokens.editorA)
        .request(UPDATE, { id, input: { withheld: withheld('2025-12-31') } });
      expect(update.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.withheld.1.until', message: expect.stringContaining('has passed') },
      ]);
      const versions = await api.app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM entry_version WHERE entry_id = $1', [id]);
      expect(versions[0].n).toBe(1);
    });

    it('refuses an impossible date (30 February) the same way', async () => {
      now = new Date('2026-01-10T10:00:00Z');
      const result = await api.graphql(tokens.editorA).request(REGISTER, {
        input: { ...fullDatasetInput('Omöjligt datum'), withheld: withheld('2026-02-30') },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.errors?.[0].extensions)).toContain('input.withheld.1.until');
    });
  });

  describe('withheld paths', () => {
    const REGISTER_DATASET = `mutation($input: DatasetInput!) {
      registerDataset(departmentSlug: "department-a", input: $input) { id } }`;
    const entryCount = () => api.app.get(DataSource).query('SELECT count(*)::int AS n FROM entry');

    it.each([
      ['algorithm.sourceCode', 'cannot be withheld on a DATASET'],
      ['iotDeployment.locations', 'cannot be withheld on a DATASET'],
      ['title', 'cannot be withheld on a DATASET'],
      ['summary', 'cannot be withheld on a DATASET'],
      ['dataset.nosuchfield', 'is not a field of an entry'],
      ['', 'is not a field of an entry'],
    ])('refuses %s on a dataset, naming the field, writing nothing', async (path, message) => {
      const before = await entryCount();
      const result = await api.graphql(tokens.editorA).request(REGISTER_DATASET, {
        input: {
          ...fullDatasetInput('Fel undanhållande'),
          withheld: [
            { field: 'dataset.licence', legalGround: 'x' },
            { field: path, legalGround: 'x' },
          ],
        },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.withheld.1.field', message: expect.stringContaining(message) },
      ]);
      expect(await entryCount()).toEqual(before);
    });

    it('refuses the same path twice, and on update too', async () => {
      const id = await setup.draft(EntryKind.DATASET, 'Undanhållen två gånger');
      const result = await api
        .graphql(tokens.editorA)
        .request(
          `mutation($id: ID!, $input: DatasetInput!) { updateDataset(id: $id, input: $input) { id } }`,
          {
            id,
            input: {
              withheld: [
                { field: 'dataset.licence', legalGround: 'x' },
                { field: 'dataset.licence', legalGround: 'y' },
              ],
            },
          },
        );
      expect(result.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.withheld.1.field', message: 'dataset.licence is withheld twice' },
      ]);
    });

    it('accepts every withholdable path of the kind (from the field catalogue)', async () => {
      const paths = withholdablePaths(EntryKind.DATASET);
      expect(paths).toEqual(expect.arrayContaining(['dataset.distributions.licence', 'suppliers']));
      expect(paths.some((p) => p.startsWith('algorithm') || p.startsWith('iotDeployment'))).toBe(
        false,
      );
      // In lists of one notice per field: none within another, nor brought along by another.
      const overlap = (a: string, b: string) =>
        pathWithin(a, b) ||
        pathWithin(b, a) ||
        withheldAlong(EntryKind.DATASET, [a]).some((x) => pathWithin(b, x.path)) ||
        withheldAlong(EntryKind.DATASET, [b]).some((x) => pathWithin(a, x.path));
      const batches: string[][] = [];
      for (const path of paths) {
        const batch = batches.find((b) => b.length < 50 && !b.some((o) => overlap(path, o)));
        if (batch) batch.push(path);
        else batches.push([path]);
      }
      expect(batches.flat().sort()).toEqual([...paths].sort());
      for (const [i, batch] of batches.entries()) {
        const result = await api.graphql(tokens.editorA).request(REGISTER_DATASET, {
          input: {
            ...fullDatasetInput(`Allt undanhållet ${i}`),
            withheld: batch.map((field) => ({ field, legalGround: 'OSL 18:8' })),
          },
        });
        expect({ batch, errors: result.errors }).toEqual({ batch, errors: undefined });
      }
    });

    it('refuses a second notice for a field another one withholds already, within it or along with it', async () => {
      const id = await setup.draft(EntryKind.ALGORITHM, 'Undanhållen inuti');
      const update = (withheld: { field: string; legalGround: string }[]) =>
        api
          .graphql(tokens.editorA)
          .request(
            `mutation($id: ID!, $input: AlgorithmInput!) { updateAlgorithm(id: $id, input: $input) { id } }`,
            { id, input: { withheld } },
          );
      const within = await update([
        { field: 'suppliers.name', legalGround: 'OSL 31:17' },
        { field: 'suppliers', legalGround: 'OSL 31:16' },
      ]);
      expect(within.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.withheld.0.field',
          message: 'suppliers.name is withheld already with suppliers, which holds it',
        },
      ]);
      const along = await update([
        { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' },
        { field: 'algorithm.deployerIsPublicBody', legalGround: 'OSL 18:13' },
      ]);
      expect(along.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.withheld.1.field',
          message:
            'algorithm.deployerIsPublicBody is withheld already, along with algorithm.aiActClass',
        },
      ]);
    });
  });
});
