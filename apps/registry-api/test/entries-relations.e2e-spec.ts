import { DataSource } from 'typeorm';
import { ANONYMOUS } from '@insyn/access';
import { EntryHistoryRepository, EntryKind, RelationType } from '@insyn/registry';
import { EntryLoadersFactory } from '../src/entries/entry.loaders';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

interface Relation {
  type: string;
  direction: 'OUTGOING' | 'INCOMING';
  entry: { id: string; kind: string; title?: string };
}

const LINK = `mutation($input: LinkEntriesInput!) { e: linkEntries(input: $input) { id relations { type direction entry { id kind } } } }`;
const UNLINK = `mutation($input: LinkEntriesInput!) { e: unlinkEntries(input: $input) { id relations { type direction entry { id kind } } } }`;
const RELATIONS = `query($id: ID!) { entry(id: $id) { id relations { type direction entry { id kind title } } } }`;

describe('typed relations between entries (GraphQL over HTTP, real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let setup: EntrySetup;
  let as: Record<Who, GraphQLClient>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-relations');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    as = api.clients(tokens);
  });
  afterAll(async () => {
    await api.stop();
  });

  const link = (who: Who, fromId: string, toId: string, type: string) =>
    as[who].request<any>(LINK, { input: { fromId, toId, type } });
  const unlink = (who: Who, fromId: string, toId: string, type: string) =>
    as[who].request<any>(UNLINK, { input: { fromId, toId, type } });
  const relationsOf = async (who: Who, id: string): Promise<Relation[] | null> => {
    const data = await as[who].data<any>(RELATIONS, { id });
    return data.entry ? sorted(data.entry.relations) : null;
  };
  const sorted = (relations: Relation[]) =>
    [...relations].sort((a, b) =>
      `${a.type}${a.direction}${a.entry.id}`.localeCompare(`${b.type}${b.direction}${b.entry.id}`),
    );
  const rel = (
    type: string,
    direction: 'OUTGOING' | 'INCOMING',
    id: string,
    kind: EntryKind,
    title?: string,
  ): Relation => ({ type, direction, entry: { id, kind, ...(title ? { title } : {}) } });
  const counts = async () => {
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM entry_relation)::int AS relations, (SELECT count(*) FROM audit_event)::int AS audit`,
    );
    return row as { relations: number; audit: number };
  };
  const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) =>
    r.errors?.[0]?.extensions?.code;
  const fieldsOf = (r: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) =>
    r.errors?.[0]?.extensions?.fields?.map((f) => f.field);

  describe('an algorithm USES_DATASET a dataset FED_BY_DEPLOYMENT an IoT deployment', () => {
    let algorithm: string;
    let dataset: string;
    let deployment: string;
    let output: string;
    let programme: string;

    beforeAll(async () => {
      [algorithm, dataset, deployment, output, programme] = await Promise.all([
        setup.published(EntryKind.ALGORITHM, 'Traffic light timing'),
        setup.published(EntryKind.DATASET, 'Crossing counts'),
        setup.published(EntryKind.IOT_DEPLOYMENT, 'Crossing cameras'),
        setup.published(EntryKind.DATASET, 'Signal plans'),
        setup.published(EntryKind.ALGORITHM, 'Smart mobility programme'),
      ]);
    });

    it('links them, showing OUTGOING on one side and INCOMING on the other, for every reader', async () => {
      const first = await link('editorA', algorithm, dataset, 'USES_DATASET');
      expect(first.errors).toBeUndefined();
      expect(first.data.e.relations).toEqual([
        rel('USES_DATASET', 'OUTGOING', dataset, EntryKind.DATASET),
      ]);
      expect((await link('editorA', dataset, deployment, 'FED_BY_DEPLOYMENT')).errors).toBe(
        undefined,
      );
      expect((await link('editorA', algorithm, output, 'PRODUCES_DATASET')).errors).toBe(undefined);
      expect((await link('admin', algorithm, programme, 'PART_OF')).errors).toBeUndefined();

      for (const who of ['anonymous', 'editorA', 'editorB', 'auditor'] as const) {
        expect(await relationsOf(who, algorithm)).toEqual(
          sorted([
            rel('USES_DATASET', 'OUTGOING', dataset, EntryKind.DATASET, 'Crossing counts'),
            rel('PRODUCES_DATASET', 'OUTGOING', output, EntryKind.DATASET, 'Signal plans'),
            rel('PART_OF', 'OUTGOING', programme, EntryKind.ALGORITHM, 'Smart mobility programme'),
          ]),
        );
        expect(await relationsOf(who, dataset)).toEqual(
          sorted([
            rel('USES_DATASET', 'INCOMING', algorithm, EntryKind.ALGORITHM, 'Traffic light timing'),
            rel(
              'FED_BY_DEPLOYMENT',
              'OUTGOING',
              deployment,
              EntryKind.IOT_DEPLOYMENT,
              'Crossing cameras',
            ),
          ]),
        );
        expect(await relationsOf(who, deployment)).toEqual([
          rel('FED_BY_DEPLOYMENT', 'INCOMING', dataset, EntryKind.DATASET, 'Crossing counts'),
        ]);
        expect(await relationsOf(who, output)).toEqual([
          rel(
            'PRODUCES_DATASET',
            'INCOMING',
            algorithm,
            EntryKind.ALGORITHM,
            'Traffic light timing',
          ),
        ]);
        expect(await relationsOf(who, programme)).toEqual([
          rel('PART_OF', 'INCOMING', algorithm, EntryKind.ALGORITHM, 'Traffic light timing'),
        ]);
      }
    });

    it('linking twice changes nothing (no row, no audit event)', async () => {
      const before = await counts();
      const again = await link('editorA', algorithm, dataset, 'USES_DATASET');
      expect(again.errors).toBeUndefined();
      expect(
        again.data.e.relations.filter((r: Relation) => r.type === 'USES_DATASET'),
      ).toHaveLength(1);
      expect(await counts()).toEqual(before);
    });

    it('the same pair may be linked by another type, and in the other direction', async () => {
      const before = await counts();
      expect((await link('editorA', output, dataset, 'PART_OF')).errors).toBeUndefined();
      expect(await relationsOf('anonymous', dataset)).toContainEqual(
        rel('PART_OF', 'INCOMING', output, EntryKind.DATASET, 'Signal plans'),
      );
      expect((await unlink('editorA', output, dataset, 'PART_OF')).errors).toBeUndefined();
      expect(await counts()).toEqual({ relations: before.relations, audit: before.audit + 2 });
    });

    it('unlinks on both sides at once; unlinking again is NOT_FOUND', async () => {
      const before = await counts();
      const removed = await unlink('editorA', algorithm, output, 'PRODUCES_DATASET');
      expect(removed.errors).toBeUndefined();
      expect(removed.data.e.relations.map((r: Relation) => r.entry.id)).not.toContain(output);
      expect(await relationsOf('anonymous', output)).toEqual([]);
      expect(await counts()).toEqual({ relations: before.relations - 1, audit: before.audit + 1 });

      const again = await unlink('editorA', algorithm, output, 'PRODUCES_DATASET');
      expect(codeOf(again)).toBe('NOT_FOUND');
      // The wrong type names no link either.
      expect(codeOf(await unlink('editorA', algorithm, dataset, 'PART_OF'))).toBe('NOT_FOUND');
      expect(await counts()).toEqual({ relations: before.relations - 1, audit: before.audit + 1 });
    });

    it.each([
      ['USES_DATASET to an algorithm', 'USES_DATASET', () => programme],
      ['USES_DATASET to an IoT deployment', 'USES_DATASET', () => deployment],
      ['FED_BY_DEPLOYMENT to a dataset', 'FED_BY_DEPLOYMENT', () => output],
      ['PRODUCES_DATASET to an algorithm', 'PRODUCES_DATASET', () => programme],
    ])('refuses %s with BAD_USER_INPUT naming input.type', async (_name, type, target) => {
      const before = await counts();
      const refused = await link('editorA', algorithm, target(), type);
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(refused)).toEqual(['input.type']);
      expect(refused.errors?.[0].message).toMatch(new RegExp(type));
      expect(await counts()).toEqual(before);
    });

    it('refuses a self-link with BAD_USER_INPUT', async () => {
      const before = await counts();
      const refused = await link('editorA', programme, programme, 'PART_OF');
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(refused)).toEqual(['input.toId']);
      expect(await counts()).toEqual(before);
    });

    it('refuses to link or unlink from a retired entry (its record is closed); to it is allowed', async () => {
      const retired = await setup.published(EntryKind.ALGORITHM, 'Retired timing rule');
      const target = await setup.published(EntryKind.ALGORITHM, 'Current timing rule');
      await link('editorA', retired, target, 'PART_OF');
      await setup.retire(retired);
      const before = await counts();
      for (const refused of [
        await link('editorA', retired, dataset, 'USES_DATASET'),
        await unlink('editorA', retired, target, 'PART_OF'),
      ]) {
        expect(codeOf(refused)).toBe('CONFLICT');
        expect(fieldsOf(refused)).toEqual(['input.fromId']);
      }
      expect(await counts()).toEqual(before);
      // An entry still in use may name the retired one it replaced (not `target`: that would
      // close a PART_OF cycle with the retired entry's own link).
      const successor = await setup.draft(EntryKind.ALGORITHM, 'Successor timing rule');
      expect(codeOf(await link('editorA', successor, retired, 'PART_OF'))).toBeUndefined();
    });

    it('refuses ids that are not ids, and unknown relation types, naming the field', async () => {
      const notAnId = await link('editorA', algorithm, 'not-an-id', 'USES_DATASET');
      expect(codeOf(notAnId)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(notAnId)).toEqual(['input.toId']);
      const badType = await link('editorA', algorithm, dataset, 'LIKES');
      expect(codeOf(badType)).toBe('BAD_USER_INPUT');
    });
  });

  describe('PART_OF is a hierarchy without cycles', () => {
    /** Drafts of department A (cheaper than published entries; links between them are the same). */
    const drafts = (...titles: string[]) =>
      Promise.all(titles.map((title) => setup.draft(EntryKind.ALGORITHM, title)));
    const refusedAsCycle = async (refused: any, before: { relations: number; audit: number }) => {
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(refused)).toEqual(['input.toId']);
      expect(refused.errors?.[0].extensions?.fields[0].message).toMatch(/already part of.*cycle/);
      expect(await counts()).toEqual(before);
    };
    /** Whether PART_OF links, followed from the entry, lead back to it. */
    const onCycle = async (id: string) => {
      const [row] = await db.query(
        `WITH RECURSIVE above (id) AS (
           SELECT to_entry_id FROM entry_relation WHERE from_entry_id = $1 AND type = 'PART_OF'
           UNION
           SELECT r.to_entry_id FROM entry_relation r JOIN above ON r.from_entry_id = above.id
            WHERE r.type = 'PART_OF')
         SELECT EXISTS (SELECT 1 FROM above WHERE id = $1) AS cycle`,
        [id],
      );
      return row.cycle as boolean;
    };

    it('refuses the link back of a 2-cycle and the link closing a 3-cycle, writing nothing', async () => {
      const [part, whole, programme] = await drafts('Part', 'Whole', 'Programme');
      expect((await link('editorA', part, whole, 'PART_OF')).errors).toBeUndefined();
      await refusedAsCycle(await link('editorA', whole, part, 'PART_OF'), await counts());

      expect((await link('editorA', whole, programme, 'PART_OF')).errors).toBeUndefined();
      await refusedAsCycle(await link('editorA', programme, part, 'PART_OF'), await counts());
      expect(await onCycle(part)).toBe(false);
    });

    it.each(['USES_DATASET', 'FED_BY_DEPLOYMENT', 'PRODUCES_DATASET', 'PART_OF'])(
      'refuses a %s self-link naming input.toId',
      async (type) => {
        const kind = {
          USES_DATASET: EntryKind.DATASET,
          PRODUCES_DATASET: EntryKind.DATASET,
          FED_BY_DEPLOYMENT: EntryKind.IOT_DEPLOYMENT,
          PART_OF: EntryKind.ALGORITHM,
        }[type]!;
        const entry = await setup.draft(kind, `Linked to itself by ${type}`);
        const before = await counts();
        const refused = await link('editorA', entry, entry, type);
        expect(codeOf(refused)).toBe('BAD_USER_INPUT');
        expect(fieldsOf(refused)).toEqual(['input.toId']);
        expect(refused.errors?.[0].extensions?.fields?.[0]?.message).toMatch(/itself/);
        expect(await counts()).toEqual(before);
      },
    );

    it('links a hierarchy that is no cycle: a diamond, and a shortcut across it', async () => {
      const [leaf, left, right, root] = await drafts('Leaf', 'Left', 'Right', 'Root');
      for (const [from, to] of [
        [leaf, left],
        [leaf, right],
        [left, root],
        [right, root],
        [leaf, root],
      ]) {
        expect((await link('editorA', from, to, 'PART_OF')).errors).toBeUndefined();
      }
      expect(await relationsOf('editorA', root)).toHaveLength(3);
      // Unlinking takes the cycle's reason away: the link back is then allowed.
      for (const from of [left, right, leaf])
        expect((await unlink('editorA', from, root, 'PART_OF')).errors).toBeUndefined();
      expect((await link('editorA', root, leaf, 'PART_OF')).errors).toBeUndefined();
    });

    it('checks a link through what its writer may see: another department’s draft tells nothing', async () => {
      const mine = await setup.published(EntryKind.ALGORITHM, 'District heating model');
      const sibling = await setup.published(EntryKind.ALGORITHM, 'District cooling model');
      const theirs = await setup.published(EntryKind.ALGORITHM, 'Energy programme', 'B');
      const theirDraft = await setup.draft(EntryKind.ALGORITHM, 'Secret energy pilot', 'B');
      // B: their published entry is part of their draft, which is part of A's entry.
      expect((await link('editorB', theirs, theirDraft, 'PART_OF')).errors).toBeUndefined();
      expect((await link('editorB', theirDraft, mine, 'PART_OF')).errors).toBeUndefined();
      // A is answered alike for the entry B's draft reaches and for one it does not: the cycle
      // runs through a draft A may not see.
      for (const entry of [mine, sibling]) {
        const linked = await link('editorA', entry, theirs, 'PART_OF');
        expect(linked.errors).toBeUndefined();
      }
    });

    it('refuses the publication that would bring a cycle into public view, naming its published entry', async () => {
      const mine = await setup.published(EntryKind.ALGORITHM, 'Parking permit model');
      const theirs = await setup.published(EntryKind.ALGORITHM, 'Mobility programme', 'B');
      const theirDraft = await setup.draft(EntryKind.ALGORITHM, 'Parking pilot', 'B');
      await setup.link(theirs, theirDraft, RelationType.PART_OF, 'B');
      await setup.link(theirDraft, mine, RelationType.PART_OF, 'B');
      // A cannot see B's draft: its link closes the cycle unseen.
      await setup.link(mine, theirs, RelationType.PART_OF, 'A');
      await setup.submit(theirDraft, 'B');
      const before = await counts();
      const PUBLISH = `mutation($id: ID!) { publishEntry(id: $id, changeNote: "First") { status } }`;
      const refused = await as.reviewer.request<any>(PUBLISH, { id: theirDraft });
      expect(codeOf(refused)).toBe('CONFLICT');
      // It names the published entry the draft is part of, which leads back to it.
      expect(refused.errors?.[0].message).toContain(mine);
      expect(refused.errors?.[0].message).toContain('Parking permit model');
      expect(refused.errors?.[0].message).toMatch(/PART_OF cycle/);
      expect(await counts()).toEqual(before);
      const STATUS = `query($id: ID!) { entry(id: $id) { status } }`;
      expect((await as.editorB.data<any>(STATUS, { id: theirDraft })).entry.status).toBe(
        'IN_REVIEW',
      );
      expect((await as.anonymous.data<any>(STATUS, { id: theirDraft })).entry).toBeNull();
      // The department of the entry a link points to may remove it; then the publication goes.
      expect((await unlink('editorB', mine, theirs, 'PART_OF')).errors).toBeUndefined();
      const published = await as.reviewer.data<any>(PUBLISH, { id: theirDraft });
      expect(published.publishEntry.status).toBe('PUBLISHED');
      expect(await onCycle(theirDraft)).toBe(false);
    });

    it('a publication and a link at once cannot together bring a cycle into public view', async () => {
      // Each round: B's draft d is part of A's published entry m; then at once the reviewer
      // publishes d and A links m PART_OF B's published t, which d's link makes part of d
      // (t → d → m → t). Alone, each is allowed: A does not see d, and d's publication closes no
      // cycle without the link. Together they would.
      const rounds = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const m = await setup.published(EntryKind.ALGORITHM, `Race ${n} whole`);
          const t = await setup.published(EntryKind.ALGORITHM, `Race ${n} programme`, 'B');
          const d = await setup.draft(EntryKind.ALGORITHM, `Race ${n} pilot`, 'B');
          return { m, t, d };
        }),
      );
      for (const { m, t, d } of rounds) {
        await setup.link(t, d, RelationType.PART_OF, 'B');
        await setup.link(d, m, RelationType.PART_OF, 'B');
        await setup.submit(d, 'B');
      }
      const PUBLISH = `mutation($id: ID!) { publishEntry(id: $id, changeNote: "First") { status } }`;
      const answers = await Promise.all(
        rounds.flatMap(({ m, t, d }) => [
          as.reviewer.request<any>(PUBLISH, { id: d }),
          link('editorA', m, t, 'PART_OF'),
        ]),
      );
      for (let i = 0; i < rounds.length; i++) {
        const [publication, linked] = answers.slice(2 * i, 2 * i + 2);
        const [published, madeLink] = [!publication.errors, !linked.errors];
        // Never both: either the link came first (the publication is refused) or the
        // publication did (the link is refused as a cycle in A's view, now public).
        expect(published && madeLink).toBe(false);
        expect(published || madeLink).toBe(true);
        if (!published) expect(codeOf(publication)).toBe('CONFLICT');
        if (!madeLink) expect(codeOf(linked)).toBe('BAD_USER_INPUT');
      }
    });

    it('two links made at once cannot together close a cycle', async () => {
      // Squares a → b, c → d; then b → c and d → a at the same time. Each alone is fine (their
      // entries are disjoint, so no row lock orders them); together they close a → b → c → d → a.
      const squares = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          drafts(`Square ${n} a`, `Square ${n} b`, `Square ${n} c`, `Square ${n} d`),
        ),
      );
      for (const [a, b, c, d] of squares) {
        expect((await link('editorA', a, b, 'PART_OF')).errors).toBeUndefined();
        expect((await link('editorA', c, d, 'PART_OF')).errors).toBeUndefined();
      }
      const answers = await Promise.all(
        squares.flatMap(([a, b, c, d]) => [
          link('editorA', b, c, 'PART_OF'),
          link('editorA', d, a, 'PART_OF'),
        ]),
      );
      for (let i = 0; i < squares.length; i++) {
        const pair = answers.slice(2 * i, 2 * i + 2).map(codeOf);
        expect(pair.sort()).toEqual(['BAD_USER_INPUT', undefined]);
        expect(await onCycle(squares[i][0])).toBe(false);
      }
    });
  });

  describe('as of a moment', () => {
    it('shows the links, related entries and versions as the public saw them then', async () => {
      const AS_OF = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) {
        relations { type direction entry { id status } } versions { number } } }`;
      const subject = await setup.published(EntryKind.ALGORITHM, 'Signal priority for buses');
      const earlier = await setup.published(EntryKind.DATASET, 'Bus positions');
      await link('editorA', subject, earlier, 'USES_DATASET');
      const then = new Date();
      // After that moment: the related dataset retires, a new link and a second version.
      await setup.retire(earlier);
      const later = await setup.published(EntryKind.DATASET, 'Bus passenger counts');
      await link('editorA', subject, later, 'USES_DATASET');
      await setup.edit(subject, EntryKind.ALGORITHM, { summary: 'Version two.' });
      await setup.publish(subject);

      const past = (await as.anonymous.data<any>(AS_OF, { id: subject, asOf: then })).entry;
      expect(past.relations).toEqual([
        {
          type: 'USES_DATASET',
          direction: 'OUTGOING',
          entry: { id: earlier, status: 'PUBLISHED' },
        },
      ]);
      expect(past.versions).toEqual([{ number: 1 }]);
      const now = (await as.anonymous.data<any>(AS_OF, { id: subject, asOf: null })).entry;
      expect(now.relations).toHaveLength(2);
      expect(now.versions).toEqual([{ number: 1 }, { number: 2 }]);
    });

    it('reads the related entries as of the moment too: their versions, their links, no draft revisions', async () => {
      const AS_OF = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) {
        relations { entry { id title versions { number } draftRevisions { revision }
          relations { direction entry { id } } } } } }`;
      const subject = await setup.published(EntryKind.ALGORITHM, 'Snow clearing order');
      const dataset = await setup.published(EntryKind.DATASET, 'Street priorities');
      await link('editorA', subject, dataset, 'USES_DATASET');
      const then = new Date();
      // After that moment the dataset gets a second version, a pending draft and another link.
      await setup.edit(dataset, EntryKind.DATASET, { title: 'Street priorities 2' });
      await setup.publish(dataset);
      await setup.edit(dataset, EntryKind.DATASET, { title: 'Street priorities 3 (draft)' });
      const other = await setup.published(EntryKind.ALGORITHM, 'Gritting routes');
      await link('editorA', other, dataset, 'USES_DATASET');

      const expected = {
        id: dataset,
        title: 'Street priorities',
        versions: [{ number: 1 }],
        draftRevisions: null,
        relations: [{ direction: 'INCOMING', entry: { id: subject } }],
      };
      // To the public and to the department's own editor alike: the past has no working copy.
      for (const who of ['anonymous', 'editorA'] as const) {
        const past = (await as[who].data<any>(AS_OF, { id: subject, asOf: then })).entry;
        expect({ who, related: past.relations.map((r: any) => r.entry) }).toEqual({
          who,
          related: [expected],
        });
      }
    });

    it('reads the entry of each of its versions as of the moment too', async () => {
      const AS_OF = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) {
        versions { number entry { title versions { number } draftRevisions { revision }
          relations { entry { id } } } } } }`;
      const subject = await setup.published(EntryKind.ALGORITHM, 'Street lighting schedule');
      const dataset = await setup.published(EntryKind.DATASET, 'Sunset times');
      await link('editorA', subject, dataset, 'USES_DATASET');
      const then = new Date();
      // After that moment: a second version, a pending draft and a link to another dataset.
      await setup.edit(subject, EntryKind.ALGORITHM, { title: 'Street lighting schedule 2' });
      await setup.publish(subject);
      await setup.edit(subject, EntryKind.ALGORITHM, { title: 'Street lighting (draft)' });
      const later = await setup.published(EntryKind.DATASET, 'Moon phases');
      await link('editorA', subject, later, 'USES_DATASET');

      for (const who of ['anonymous', 'editorA'] as const) {
        const past = (await as[who].data<any>(AS_OF, { id: subject, asOf: then })).entry;
        expect({ who, versions: past.versions }).toEqual({
          who,
          versions: [
            {
              number: 1,
              entry: {
                title: 'Street lighting schedule',
                versions: [{ number: 1 }],
                draftRevisions: null,
                relations: [{ entry: { id: dataset } }],
              },
            },
          ],
        });
      }
      // Retired since: as of then, each version's entry was not retired yet, as the entry itself.
      await setup.retire(subject);
      const STATE = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) {
        status retiredAt updatedAt versions { entry { status retiredAt retirementReason updatedAt } } } }`;
      for (const who of ['anonymous', 'editorA'] as const) {
        const past = (await as[who].data<any>(STATE, { id: subject, asOf: then })).entry;
        expect({ who, past }).toEqual({
          who,
          past: {
            status: 'PUBLISHED',
            retiredAt: null,
            updatedAt: past.updatedAt,
            versions: [
              {
                entry: {
                  status: 'PUBLISHED',
                  retiredAt: null,
                  retirementReason: null,
                  updatedAt: past.updatedAt,
                },
              },
            ],
          },
        });
        const now = (await as[who].data<any>(STATE, { id: subject, asOf: null })).entry;
        expect(now.versions.map((v: any) => v.entry.status)).toEqual(['RETIRED', 'RETIRED']);
      }
      // Read today, the same path shows today's versions and links.
      const now = (await as.anonymous.data<any>(AS_OF, { id: subject, asOf: null })).entry;
      expect(now.versions.map((v: any) => v.entry.versions)).toEqual([
        [{ number: 1 }, { number: 2 }],
        [{ number: 1 }, { number: 2 }],
      ]);
      expect(now.versions[0].entry.relations).toHaveLength(2);
    });

    it('shows a link removed since, from either end, and one made again only from its new making', async () => {
      const AS_OF = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) {
        relations { type direction entry { id } } } }`;
      const at = async (id: string, asOf: Date | null) =>
        (await as.anonymous.data<any>(AS_OF, { id, asOf })).entry.relations;
      const algorithm = await setup.published(EntryKind.ALGORITHM, 'Winter road salting');
      const dataset = await setup.published(EntryKind.DATASET, 'Road temperatures');
      const draft = await setup.draft(EntryKind.DATASET, 'Salt stock (draft)');
      const beforeLink = new Date();
      await link('editorA', algorithm, dataset, 'USES_DATASET');
      await link('editorA', algorithm, draft, 'USES_DATASET');
      const linked = new Date();
      await unlink('editorA', algorithm, dataset, 'USES_DATASET');
      const removed = new Date();
      await link('editorA', algorithm, dataset, 'USES_DATASET');

      const outgoing = [{ type: 'USES_DATASET', direction: 'OUTGOING', entry: { id: dataset } }];
      const incoming = [{ type: 'USES_DATASET', direction: 'INCOMING', entry: { id: algorithm } }];
      // While it was there, from both ends; the link to the draft never (it was never public).
      expect(await at(algorithm, linked)).toEqual(outgoing);
      expect(await at(dataset, linked)).toEqual(incoming);
      // Not before it was made, nor between its removal and its making again; and now again.
      for (const moment of [beforeLink, removed]) {
        expect(await at(algorithm, moment)).toEqual([]);
        expect(await at(dataset, moment)).toEqual([]);
      }
      expect(await at(algorithm, null)).toEqual(outgoing);
      expect(await at(dataset, null)).toEqual(incoming);
    });
  });

  describe('drafts never leak through relations', () => {
    it('a link to another department’s DRAFT is NOT_FOUND; to its published entry it is allowed', async () => {
      const mine = await setup.published(EntryKind.ALGORITHM, 'Snow clearing routes');
      const theirDraft = await setup.draft(EntryKind.DATASET, 'Road sensor readings', 'B');
      const theirPublished = await setup.published(EntryKind.DATASET, 'Road network', 'B');
      const before = await counts();
      const refused = await link('editorA', mine, theirDraft, 'USES_DATASET');
      expect(codeOf(refused)).toBe('NOT_FOUND');
      expect(JSON.stringify(refused.errors)).not.toMatch(/Road sensor readings/);
      // The same answer as for an id that does not exist: a draft's existence is not revealed.
      const unknown = await link(
        'editorA',
        mine,
        '00000000-0000-4000-8000-000000000000',
        'USES_DATASET',
      );
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      expect(refused.errors?.[0].extensions?.fields).toEqual(
        unknown.errors?.[0].extensions?.fields,
      );
      expect(await counts()).toEqual(before);

      expect((await link('editorA', mine, theirPublished, 'USES_DATASET')).errors).toBeUndefined();
      expect(await relationsOf('editorB', theirPublished)).toEqual([
        rel('USES_DATASET', 'INCOMING', mine, EntryKind.ALGORITHM, 'Snow clearing routes'),
      ]);
    });

    it('the department of the entry a link points to may remove it; a link between another department’s entries stays theirs', async () => {
      const theirs = await setup.published(EntryKind.ALGORITHM, 'Parking guidance', 'B');
      const mine = await setup.published(EntryKind.DATASET, 'Parking occupancy');
      const alsoTheirs = await setup.published(EntryKind.DATASET, 'Parking fees', 'B');
      expect((await link('editorB', theirs, mine, 'USES_DATASET')).errors).toBeUndefined();
      expect((await link('editorB', theirs, alsoTheirs, 'USES_DATASET')).errors).toBeUndefined();
      // A link between B's own entries stays B's.
      expect(codeOf(await unlink('editorA', theirs, alsoTheirs, 'USES_DATASET'))).toBe('FORBIDDEN');
      // Shown on A's public page at once: A may take it off, naming it as it was made.
      expect(codeOf(await unlink('reviewer', theirs, mine, 'USES_DATASET'))).toBe('FORBIDDEN');
      const before = await counts();
      const removed = await unlink('editorA', theirs, mine, 'USES_DATASET');
      expect(removed.errors).toBeUndefined();
      expect(await relationsOf('anonymous', mine)).toEqual([]);
      expect(await relationsOf('anonymous', theirs)).toHaveLength(1);
      expect(await counts()).toEqual({ relations: before.relations - 1, audit: before.audit + 1 });
      const [event] = await db.query(
        `SELECT actor_label, department_id, details FROM audit_event
          WHERE action = 'ENTRIES_UNLINKED' AND entry_id = $1`,
        [theirs],
      );
      expect(event.details).toEqual({
        toEntryId: mine,
        type: 'USES_DATASET',
        byLinkedEntrysDepartment: true,
      });
      expect(event.actor_label).toBe('test editorA');
    });

    it('a published entry linked to a draft shows no relation to the draft until it is published', async () => {
      const algorithm = await setup.published(EntryKind.ALGORITHM, 'Parking fines triage');
      const dataset = await setup.draft(EntryKind.DATASET, 'Parking fine history (draft title)');
      expect((await link('editorA', algorithm, dataset, 'USES_DATASET')).errors).toBeUndefined();

      const withDraft = [
        rel(
          'USES_DATASET',
          'OUTGOING',
          dataset,
          EntryKind.DATASET,
          'Parking fine history (draft title)',
        ),
      ];
      const expected: Record<Who, Relation[]> = {
        anonymous: [],
        editorB: [],
        editorA: withDraft,
        reviewer: withDraft,
        auditor: withDraft,
        admin: withDraft,
      };
      const listing = `query($id: ID!) { entries(first: 100) { nodes { id relations { entry { id } } } } entry(id: $id) { versions { entry { relations { entry { id } } } } } }`;
      for (const who of Object.keys(expected) as Who[]) {
        expect([who, await relationsOf(who, algorithm)]).toEqual([who, expected[who]]);
        // Every other path to the relation: the listing, and the entry's published versions.
        const paths = await as[who].data<any>(listing, { id: algorithm });
        const node = paths.entries.nodes.find((n: any) => n.id === algorithm);
        const seen = expected[who].map((r) => ({ entry: { id: r.entry.id } }));
        expect([who, node.relations]).toEqual([who, seen]);
        expect([who, paths.entry.versions[0].entry.relations]).toEqual([who, seen]);
        // The draft itself, and its incoming relation, are invisible too.
        const draft = await relationsOf(who, dataset);
        expect([who, draft]).toEqual([
          who,
          expected[who].length
            ? [
                rel(
                  'USES_DATASET',
                  'INCOMING',
                  algorithm,
                  EntryKind.ALGORITHM,
                  'Parking fines triage',
                ),
              ]
            : null,
        ]);
      }

      // Published: the public sees the relation, with the published content.
      await setup.edit(dataset, EntryKind.DATASET, { title: 'Parking fine history' });
      await setup.publish(dataset);
      expect(await relationsOf('anonymous', algorithm)).toEqual([
        rel('USES_DATASET', 'OUTGOING', dataset, EntryKind.DATASET, 'Parking fine history'),
      ]);
      // A new draft of the target: the public keeps seeing the published version through the relation.
      await setup.edit(dataset, EntryKind.DATASET, { title: 'Parking fine history v2 (draft)' });
      for (const who of ['anonymous', 'editorB'] as const) {
        expect(await relationsOf(who, algorithm)).toEqual([
          rel('USES_DATASET', 'OUTGOING', dataset, EntryKind.DATASET, 'Parking fine history'),
        ]);
      }
      expect(await relationsOf('editorA', algorithm)).toEqual([
        rel(
          'USES_DATASET',
          'OUTGOING',
          dataset,
          EntryKind.DATASET,
          'Parking fine history v2 (draft)',
        ),
      ]);
    });

    it('counts no hidden link against a query’s list budget: the loaders give only links the reader may see', async () => {
      const hub = await setup.published(EntryKind.ALGORITHM, 'Budget hub');
      const spoke = await setup.published(EntryKind.ALGORITHM, 'Budget spoke');
      const draft = await setup.draft(EntryKind.ALGORITHM, 'Budget draft', 'B');
      const discarded = await setup.draft(EntryKind.ALGORITHM, 'Budget discarded', 'B');
      await setup.link(spoke, hub, RelationType.PART_OF, 'A');
      await setup.link(draft, hub, RelationType.PART_OF, 'B');
      await setup.link(discarded, hub, RelationType.PART_OF, 'B');
      const thrown = await as.editorB.data<any>(
        `mutation($id: ID!) { discardDraft(id: $id) { entryRemoved } }`,
        { id: discarded },
      );
      expect(thrown.discardDraft.entryRemoved).toBe(true);
      const loaded = async (who: 'anonymous' | 'editorA' | 'editorB') => {
        const actor = who === 'anonymous' ? ANONYMOUS : tokens.actors[who];
        const relations = await api.app.get(EntryLoadersFactory).for({}, actor).relations.load(hub);
        return relations.map((r) => r.fromEntryId).sort();
      };
      // What the budget is spent on: the spoke's link for those who cannot see B's draft.
      expect(await loaded('anonymous')).toEqual([spoke]);
      expect(await loaded('editorA')).toEqual([spoke]);
      expect(await loaded('editorB')).toEqual([spoke, draft].sort());
      // As of now: the same, the discarded draft's link (no unlink event) not either.
      const asOf = await api.app.get(EntryHistoryRepository).relationsAsOf(hub, new Date());
      expect(asOf.map((r) => r.fromEntryId)).toEqual([spoke]);
    });

    it('queues no search sync for a link to or from a draft: only a link between public entries shows', async () => {
      const queued = async () =>
        (await db.query(`SELECT count(*)::int AS n FROM search_outbox`))[0].n as number;
      const algorithm = await setup.published(EntryKind.ALGORITHM, 'Snow clearing order');
      const draft = await setup.draft(EntryKind.DATASET, 'Snow depth readings (draft)');
      const dataset = await setup.published(EntryKind.DATASET, 'Street list');
      await db.query(`DELETE FROM search_outbox`);
      // The public outbox count (/health) would move with unpublished work otherwise.
      expect((await link('editorA', algorithm, draft, 'USES_DATASET')).errors).toBeUndefined();
      expect((await unlink('editorA', algorithm, draft, 'USES_DATASET')).errors).toBeUndefined();
      expect(await queued()).toBe(0);
      // Between two published entries it shows on both: both are queued.
      expect((await link('editorA', algorithm, dataset, 'USES_DATASET')).errors).toBeUndefined();
      const rows = await db.query(`SELECT entry_id FROM search_outbox ORDER BY entry_id`);
      expect(rows.map((r: { entry_id: string }) => r.entry_id).sort()).toEqual(
        [algorithm, dataset].sort(),
      );
    });

    it('editor B sees A’s published entries through relations, but not A’s drafts (nor A its drafts)', async () => {
      const bAlgorithm = await setup.published(EntryKind.ALGORITHM, 'Waste pickup planner', 'B');
      const aPublished = await setup.published(EntryKind.DATASET, 'Bin fill levels');
      const aDraft = await setup.draft(EntryKind.IOT_DEPLOYMENT, 'Bin sensors (draft)');
      const bDraft = await setup.draft(EntryKind.ALGORITHM, 'Route optimiser (draft)', 'B');
      expect((await link('editorB', bAlgorithm, aPublished, 'USES_DATASET')).errors).toBe(
        undefined,
      );
      expect((await link('editorA', aPublished, aDraft, 'FED_BY_DEPLOYMENT')).errors).toBe(
        undefined,
      );
      expect((await link('editorB', bDraft, aPublished, 'USES_DATASET')).errors).toBeUndefined();
      // B cannot link to A's draft, nor from A's entries.
      expect(codeOf(await link('editorB', bAlgorithm, aDraft, 'PART_OF'))).toBe('NOT_FOUND');
      expect(codeOf(await link('editorB', aPublished, bAlgorithm, 'PART_OF'))).toBe('FORBIDDEN');

      const published = rel(
        'USES_DATASET',
        'OUTGOING',
        aPublished,
        EntryKind.DATASET,
        'Bin fill levels',
      );
      expect(await relationsOf('editorB', bAlgorithm)).toEqual([published]);
      // B reading A's dataset: its own two links, not A's draft deployment.
      expect(await relationsOf('editorB', aPublished)).toEqual(
        sorted([
          rel('USES_DATASET', 'INCOMING', bAlgorithm, EntryKind.ALGORITHM, 'Waste pickup planner'),
          rel('USES_DATASET', 'INCOMING', bDraft, EntryKind.ALGORITHM, 'Route optimiser (draft)'),
        ]),
      );
      // A reading its dataset: its own draft, B's published algorithm, not B's draft.
      expect(await relationsOf('editorA', aPublished)).toEqual(
        sorted([
          rel('USES_DATASET', 'INCOMING', bAlgorithm, EntryKind.ALGORITHM, 'Waste pickup planner'),
          rel(
            'FED_BY_DEPLOYMENT',
            'OUTGOING',
            aDraft,
            EntryKind.IOT_DEPLOYMENT,
            'Bin sensors (draft)',
          ),
        ]),
      );
      // The public: published on both sides only.
      expect(await relationsOf('anonymous', aPublished)).toEqual([
        rel('USES_DATASET', 'INCOMING', bAlgorithm, EntryKind.ALGORITHM, 'Waste pickup planner'),
      ]);
      // The auditor: everything.
      expect(await relationsOf('auditor', aPublished)).toHaveLength(3);
      // Nested two levels deep, B still never reaches A's draft.
      const nested = await as.editorB.data<any>(
        `query($id: ID!) { entry(id: $id) { relations { entry { id relations { entry { id title } } } } } }`,
        { id: bAlgorithm },
      );
      expect(JSON.stringify(nested)).not.toMatch(new RegExp(`${aDraft}|Bin sensors`));
    });
  });
});
