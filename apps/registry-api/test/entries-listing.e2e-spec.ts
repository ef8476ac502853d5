import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AiActClass,
  applyPatch,
  EntryContent,
  EntryContentPatch,
  EntriesRepository,
  EntryKind,
  EntryOrder,
  EntryStatus,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
  VersionState,
} from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput, fullDatasetInput, fullIotInput } from './entry-fixtures';
import { BulkEntry, BulkVersion, insertBulkEntries } from './entry-bulk';
import { EntrySetup } from './entry-setup';
import { QUERY_LIMITS } from '../src/graphql/query-cost.plugin';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * `entries` over 250+ entries: every filter against expectations computed from what was created,
 * keyset pagination with every page size in both orders, cursors stable under inserts, bad
 * arguments. Most entries are written in bulk SQL (one transaction, with the columns the registry
 * derives from the content); a couple of dozen go through the registry's own services, so the
 * derivation the filters rely on is exercised too.
 */

type Who = 'anonymous' | 'editorA' | 'editorB' | 'auditor';
type Dept = 'A' | 'B';
const READERS: Who[] = ['anonymous', 'editorA', 'editorB', 'auditor'];
const ORDERS = ['UPDATED_AT_DESC', 'TITLE_ASC'] as const;
const ALL_STATUSES = Object.values(EntryStatus);
const PRINCIPLES = [
  'ACCESS_AND_LITERACY',
  'PRIVACY_AND_SECURITY',
  'TRANSPARENCY_AND_NON_DISCRIMINATION',
  'PARTICIPATION_AND_INCLUSION',
  'OPEN_ETHICAL_STANDARDS',
];
/** The themes entries get; HEALTH_AND_CARE is left unused on purpose. */
const THEMES = [
  Theme.SOCIAL_SERVICES,
  Theme.EDUCATION,
  Theme.MOBILITY_AND_TRANSPORT,
  Theme.ENVIRONMENT_AND_CLIMATE,
  Theme.PUBLIC_SAFETY,
];
const FULL_INPUT = {
  [EntryKind.ALGORITHM]: fullAlgorithmInput,
  [EntryKind.DATASET]: fullDatasetInput,
  [EntryKind.IOT_DEPLOYMENT]: fullIotInput,
};
const BULK = 228;
const SERVICE_MADE = 24;
/** Bulk entries' versions are dated from BASE, two per minute; UPDATED_SINCE falls in the middle. */
const BASE = Date.parse('2025-03-01T08:00:00.000Z');
const UPDATED_SINCE = new Date(BASE + 60 * 60_000);

/** What one version says, as far as the filters are concerned. */
interface Attrs {
  title: string;
  theme: Theme;
  principles: string[];
  lifecycle: LifecycleStage;
  riskClass?: RiskClass;
  aiActClass?: AiActClass;
  personalData: PersonalDataLevel;
  reviewDueDate: string;
  /** Exact for bulk versions; undefined for service-made ones (written now, after UPDATED_SINCE). */
  updatedAt?: Date;
}

interface Modelled {
  id: string;
  kind: EntryKind;
  department: Dept;
  /** The workflow status (what the owning department and city-wide staff see). */
  status: EntryStatus;
  working: Attrs;
  published: Attrs | null;
  serviceMade: boolean;
}

/** What the reader sees of an entry: null when hidden, else the status and version it sees. */
function seenBy(who: Who, e: Modelled): { status: EntryStatus; v: Attrs } | null {
  const staff =
    who === 'auditor' ||
    (who === 'editorA' && e.department === 'A') ||
    (who === 'editorB' && e.department === 'B');
  if (staff) return { status: e.status, v: e.working };
  if (!e.published) return null;
  return {
    status: e.status === EntryStatus.RETIRED ? EntryStatus.RETIRED : EntryStatus.PUBLISHED,
    v: e.published,
  };
}

interface Filter {
  kind?: EntryKind[];
  department?: string[];
  principle?: string[];
  lifecycle?: LifecycleStage[];
  status?: EntryStatus[];
  riskClass?: RiskClass[];
  aiActClass?: AiActClass[];
  personalData?: PersonalDataLevel[];
  theme?: Theme[];
  updatedSince?: string;
  reviewOverdue?: boolean;
}

const TODAY = new Date().toISOString().slice(0, 10);

/** The ids `entries(filter)` must return to this reader, computed from the model. */
function expectedIds(model: Modelled[], who: Who, f: Filter): string[] {
  const slug = (d: Dept) => (d === 'A' ? 'department-a' : 'department-b');
  return model
    .filter((e) => {
      const seen = seenBy(who, e);
      if (!seen) return false;
      const { status, v } = seen;
      if (f.status ? !f.status.includes(status) : status === EntryStatus.RETIRED) return false;
      if (f.kind && !f.kind.includes(e.kind)) return false;
      if (f.department && !f.department.includes(slug(e.department))) return false;
      if (f.principle && !v.principles.some((p) => f.principle!.includes(p))) return false;
      if (f.lifecycle && !f.lifecycle.includes(v.lifecycle)) return false;
      if (f.riskClass && !(v.riskClass && f.riskClass.includes(v.riskClass))) return false;
      if (f.aiActClass && !(v.aiActClass && f.aiActClass.includes(v.aiActClass))) return false;
      if (f.personalData && !f.personalData.includes(v.personalData)) return false;
      if (f.theme && !f.theme.includes(v.theme)) return false;
      if (f.updatedSince && v.updatedAt && v.updatedAt < new Date(f.updatedSince)) return false;
      // A retired entry is due for no review.
      const overdue = status !== EntryStatus.RETIRED && v.reviewDueDate < TODAY;
      if (f.reviewOverdue !== undefined && f.reviewOverdue !== overdue) return false;
      return true;
    })
    .map((e) => e.id)
    .sort();
}

/** A small deterministic generator (mulberry32), so every run builds the same registry. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  return { next, pick };
}

const random = generator(20260127);
const WORDS = [
  'alder',
  'birch',
  'cedar',
  'daphne',
  'elm',
  'fir',
  'gorse',
  'hazel',
  'ivy',
  'juniper',
  // Swedish order: å, ä, ö after z, whatever the case.
  'zon',
  'Åkerbär',
  'ängel',
  'Ölstuga',
  'ärtväxt',
];

function randomAttrs(kind: EntryKind, title: string, updatedAt?: Date): Attrs {
  const first = random.pick(PRINCIPLES);
  const second = random.pick(PRINCIPLES);
  return {
    title,
    theme: random.pick(THEMES),
    principles: random.next() < 0.5 || second === first ? [first] : [first, second],
    lifecycle: random.pick(Object.values(LifecycleStage)),
    ...(kind === EntryKind.ALGORITHM
      ? {
          riskClass: random.pick(Object.values(RiskClass)),
          aiActClass: random.pick(Object.values(AiActClass)),
        }
      : {}),
    personalData: random.pick(Object.values(PersonalDataLevel)),
    reviewDueDate: random.next() < 0.3 ? '2020-06-30' : '2099-06-30',
    updatedAt,
  };
}

/**
 * The GraphQL input of a kind with the attributes applied: the full one a department would send,
 * or a lean one holding only what the filters read.
 */
function inputOf(kind: EntryKind, a: Attrs, full = true): EntryContentPatch {
  const complete = FULL_INPUT[kind](a.title);
  const base = full ? complete : { title: a.title, summary: `${a.title}: a short summary.` };
  return {
    ...base,
    theme: a.theme,
    principles: a.principles.map((code) => ({ code, rationale: `Touches ${code}` })),
    lifecycle: { ...(full ? complete.lifecycle : {}), stage: a.lifecycle },
    personalData: a.personalData,
    reviewDueDate: a.reviewDueDate,
    ...(kind === EntryKind.ALGORITHM
      ? {
          algorithm: {
            ...(full ? complete.algorithm : {}),
            riskClass: a.riskClass,
            aiActClass: a.aiActClass,
          },
        }
      : {}),
  };
}

describe('listing entries: filters, keyset pagination and cursors over 250+ entries', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let setup: EntrySetup;
  let client: Record<Who, GraphQLClient>;
  const model: Modelled[] = [];

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-listing');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    client = {
      anonymous: api.graphql(),
      editorA: api.graphql(tokens.editorA),
      editorB: api.graphql(tokens.editorB),
      auditor: api.graphql(tokens.auditor),
    };
    await insertBulk();
    await createThroughServices();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** BULK entries in one transaction: drafts, in review, published, published with a new draft, retired. */
  async function insertBulk(): Promise<void> {
    const bulk: BulkEntry[] = [];
    const departmentId = (d: Dept) => (d === 'A' ? tokens.departmentA.id : tokens.departmentB.id);
    // Lean content (what the filters read, not a full disclosure): every page of every walk
    // reads it, and the listing does not care whether a bulk entry could pass review.
    const contentOf = (kind: EntryKind, a: Attrs) =>
      applyPatch({ title: a.title } as EntryContent, inputOf(kind, a, false), kind);
    let previousTitle = '';
    for (let i = 0; i < BULK; i++) {
      const kind = random.pick(Object.values(EntryKind));
      const department: Dept = random.next() < 0.6 ? 'A' : 'B';
      // Every tenth title repeats the one before: ties the title order breaks by id.
      const word = WORDS[i % WORDS.length];
      const title =
        i % 10 === 9 ? previousTitle : `${word} register entry ${String(i).padStart(3, '0')}`;
      previousTitle = title;
      // Two versions per minute share a timestamp: ties the updated-at order breaks by id.
      const at = new Date(BASE + Math.floor(i / 2) * 60_000);
      const shape = random.pick([
        'DRAFT',
        'DRAFT',
        'IN_REVIEW',
        'PUBLISHED',
        'PUBLISHED',
        'PUBLISHED',
        'REDRAFTED',
        'RETIRED',
      ] as const);
      const first = randomAttrs(kind, title, at);
      const published = shape === 'PUBLISHED' || shape === 'REDRAFTED' || shape === 'RETIRED';
      const versions: BulkVersion[] = [
        {
          state: published ? VersionState.PUBLISHED : (shape as VersionState),
          content: contentOf(kind, first),
          at,
        },
      ];
      let working = first;
      if (shape === 'REDRAFTED') {
        // A new draft 90 s later (some straddle UPDATED_SINCE), with other attributes and title.
        working = randomAttrs(kind, `${title} revised`, new Date(at.getTime() + 90_000));
        versions.push({
          state: VersionState.DRAFT,
          content: contentOf(kind, working),
          at: working.updatedAt!,
        });
      }
      const id = randomUUID();
      const status = shape === 'REDRAFTED' ? EntryStatus.DRAFT : (shape as EntryStatus);
      bulk.push({
        id,
        slug: `bulk-entry-${i}`,
        kind,
        departmentId: departmentId(department),
        status,
        versions,
        publishedNumber: published ? 1 : undefined,
        retiredAt: shape === 'RETIRED' ? at : undefined,
      });
      model.push({
        id,
        kind,
        department,
        status,
        working,
        published: published ? first : null,
        serviceMade: false,
      });
    }
    await insertBulkEntries(db, bulk);
  }

  /** SERVICE_MADE entries through the registry's services, in every workflow state. */
  async function createThroughServices(): Promise<void> {
    const shapes = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'REDRAFTED', 'RETIRED'] as const;
    await Promise.all(
      Array.from({ length: SERVICE_MADE }, async (_, i) => {
        const kind = Object.values(EntryKind)[i % 3];
        const department: Dept = i % 4 === 3 ? 'B' : 'A';
        const shape = shapes[i % shapes.length];
        const first = randomAttrs(kind, `${WORDS[i % WORDS.length]} service entry ${i}`);
        const id = await setup.draft(kind, first.title, department, inputOf(kind, first));
        let working = first;
        let published: Attrs | null = null;
        let status: EntryStatus = EntryStatus.DRAFT;
        if (shape === 'IN_REVIEW') {
          await setup.submit(id, department);
          status = EntryStatus.IN_REVIEW;
        } else if (shape !== 'DRAFT') {
          await setup.publish(id, department);
          published = first;
          status = EntryStatus.PUBLISHED;
          if (shape === 'REDRAFTED') {
            working = randomAttrs(kind, `${first.title} revised`);
            await setup.edit(id, kind, inputOf(kind, working), department);
            status = EntryStatus.DRAFT;
          } else if (shape === 'RETIRED') {
            await setup.retire(id);
            status = EntryStatus.RETIRED;
          }
        }
        model.push({ id, kind, department, status, working, published, serviceMade: true });
      }),
    );
  }

  interface Page {
    edges: { cursor: string; node: { id: string; title: string; updatedAt: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const PAGE_FIELDS = `edges { cursor node { id title updatedAt } } pageInfo { hasNextPage endCursor }`;
  /** Only what a walk's bookkeeping needs, for the many walks that are compared by id. */
  const LEAN_PAGE_FIELDS = `edges { cursor node { id } } pageInfo { hasNextPage endCursor }`;

  /**
   * Walks several listings at once: each round trip asks for the next page of every walk not yet
   * finished (one aliased field per walk), so 200 walks take as many requests as the longest one.
   */
  const WALKS_PER_REQUEST = QUERY_LIMITS.maxAliases;

  async function walkAll(
    who: Who,
    walks: { first: number; orderBy: string; filter?: Filter; lean?: boolean }[],
  ): Promise<{ nodes: Page['edges'][number]['node'][]; pages: Page[] }[]> {
    const state = walks.map((w) => ({
      ...w,
      after: null as string | null,
      done: false,
      nodes: [] as Page['edges'][number]['node'][],
      pages: [] as Page[],
    }));
    for (let round = 0; state.some((s) => !s.done); round++) {
      if (round > 400) throw new Error('pagination does not end');
      // In chunks that stay within the API's per-operation cost limit.
      const pending = state.filter((s) => !s.done);
      for (let c = 0; c < pending.length; c += WALKS_PER_REQUEST) {
        const active = pending.slice(c, c + WALKS_PER_REQUEST);
        const query = `query(${active.map((_, k) => `$a${k}: String, $f${k}: EntryFilterInput`).join(', ')}) { ${active
          .map(
            (s, k) =>
              `w${k}: entries(first: ${s.first}, orderBy: ${s.orderBy}, after: $a${k}, filter: $f${k}) { ${s.lean ? LEAN_PAGE_FIELDS : PAGE_FIELDS} }`,
          )
          .join(' ')} }`;
        const variables = Object.fromEntries(
          active.flatMap((s, k) => [
            [`a${k}`, s.after],
            [`f${k}`, s.filter ?? null],
          ]),
        );
        const data = await client[who].data<Record<string, Page>>(query, variables);
        active.forEach((s, k) => {
          const page = data[`w${k}`];
          s.pages.push(page);
          s.nodes.push(...page.edges.map((e) => e.node));
          s.after = page.pageInfo.endCursor;
          s.done = !page.pageInfo.hasNextPage;
        });
      }
    }
    return state;
  }

  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

  it('builds 250+ entries across kinds, departments, themes, principles, risk classes, lifecycle, personal data and status', () => {
    expect(model.length).toBeGreaterThanOrEqual(250);
    const distinct = (f: (e: Modelled) => unknown) => new Set(model.map(f)).size;
    expect(distinct((e) => e.kind)).toBe(3);
    expect(distinct((e) => e.department)).toBe(2);
    expect(distinct((e) => e.status)).toBe(4);
    expect(distinct((e) => e.working.theme)).toBe(THEMES.length);
    expect(distinct((e) => e.working.lifecycle)).toBe(5);
    expect(distinct((e) => e.working.personalData)).toBe(3);
    expect(model.filter((e) => e.published).length).toBeGreaterThan(80);
    expect(
      model.filter((e) => e.published && e.status === EntryStatus.DRAFT).length,
    ).toBeGreaterThan(10);
  });

  describe('every filter returns exactly the expected set, for every reader', () => {
    const cases: [string, Filter][] = [
      ['no filter (all but retired)', {}],
      ...Object.values(EntryKind).map((k): [string, Filter] => [`kind ${k}`, { kind: [k] }]),
      ['kind ALGORITHM or DATASET', { kind: [EntryKind.ALGORITHM, EntryKind.DATASET] }],
      ['department-a', { department: ['department-a'] }],
      ['department-b', { department: ['department-b'] }],
      ['both departments', { department: ['department-a', 'department-b'] }],
      ...PRINCIPLES.map((p): [string, Filter] => [`principle ${p}`, { principle: [p] }]),
      ['two principles', { principle: [PRINCIPLES[0], PRINCIPLES[3]] }],
      ...Object.values(LifecycleStage).map((l): [string, Filter] => [
        `lifecycle ${l}`,
        { lifecycle: [l] },
      ]),
      ...ALL_STATUSES.map((s): [string, Filter] => [`status ${s}`, { status: [s] }]),
      ['status DRAFT or IN_REVIEW', { status: [EntryStatus.DRAFT, EntryStatus.IN_REVIEW] }],
      ['every status', { status: ALL_STATUSES }],
      ...Object.values(RiskClass).map((r): [string, Filter] => [
        `riskClass ${r}`,
        { riskClass: [r] },
      ]),
      ...Object.values(AiActClass).map((a): [string, Filter] => [
        `aiActClass ${a}`,
        { aiActClass: [a] },
      ]),
      ...Object.values(PersonalDataLevel).map((p): [string, Filter] => [
        `personalData ${p}`,
        { personalData: [p] },
      ]),
      ...THEMES.map((t): [string, Filter] => [`theme ${t}`, { theme: [t] }]),
      ['an unused theme', { theme: [Theme.HEALTH_AND_CARE] }],
      ['updatedSince', { updatedSince: UPDATED_SINCE.toISOString() }],
      ['reviewOverdue true', { reviewOverdue: true }],
      ['reviewOverdue false', { reviewOverdue: false }],
      ['retired, reviewOverdue false', { status: [EntryStatus.RETIRED], reviewOverdue: false }],
      [
        'published or retired, reviewOverdue true',
        { status: [EntryStatus.PUBLISHED, EntryStatus.RETIRED], reviewOverdue: true },
      ],
      [
        'combined: high-risk algorithms of department A, not overdue',
        {
          kind: [EntryKind.ALGORITHM],
          department: ['department-a'],
          riskClass: [RiskClass.HIGH],
          reviewOverdue: false,
        },
      ],
      [
        'combined: retired, one theme, with a principle',
        {
          status: [EntryStatus.RETIRED],
          theme: [THEMES[0], THEMES[1]],
          principle: [PRINCIPLES[1]],
        },
      ],
    ];

    it('the cases are not trivially empty (the generator covers every value)', () => {
      const empty = cases
        .filter(([, f]) => expectedIds(model, 'auditor', f).length === 0)
        .map(([name]) => name);
      expect(empty).toEqual(['an unused theme']);
    });

    it.each(READERS)('%s', async (who) => {
      const walks = await walkAll(
        who,
        cases.map(([, filter]) => ({ first: 100, orderBy: 'UPDATED_AT_DESC', filter, lean: true })),
      );
      const got = Object.fromEntries(cases.map(([name], i) => [name, ids(walks[i].nodes)]));
      const want = Object.fromEntries(cases.map(([name, f]) => [name, expectedIds(model, who, f)]));
      expect(got).toEqual(want);
    });
  });

  it('the public sees only public entries, and the counts agree with the model', async () => {
    const [listed, everyPublic, drafts] = await walkAll('anonymous', [
      { first: 100, orderBy: 'TITLE_ASC' },
      { first: 100, orderBy: 'TITLE_ASC', filter: { status: ALL_STATUSES } },
      {
        first: 100,
        orderBy: 'TITLE_ASC',
        filter: { status: [EntryStatus.DRAFT, EntryStatus.IN_REVIEW] },
      },
    ]);
    const publicEntries = model.filter((e) => e.published);
    expect(everyPublic.nodes).toHaveLength(publicEntries.length);
    expect(ids(everyPublic.nodes)).toEqual(publicEntries.map((e) => e.id).sort());
    expect(listed.nodes).toHaveLength(
      publicEntries.filter((e) => e.status !== EntryStatus.RETIRED).length,
    );
    expect(drafts.nodes).toEqual([]);
    // A published entry with a new draft: the public sees the published title, never the draft's.
    const titles = new Set(everyPublic.nodes.map((n) => n.title));
    for (const e of publicEntries) expect(titles).toContain(e.published!.title);
    expect(everyPublic.nodes.some((n) => n.title.endsWith(' revised'))).toBe(false);
  });

  describe('pagination walks everything exactly once, whatever the page size', () => {
    /** Page sizes checked besides 1, 7 and 100: small, prime, round and the cap's neighbour. */
    const SAMPLED_PAGE_SIZES = [2, 3, 5, 10, 33, 50, 99];
    /**
     * Every page of the walks with first = 1, 7 and the sampled sizes, checked against a real walk
     * with first = 100.
     * A walk asks for its next page with the endCursor of the page before; cursors depend only on
     * the entry they point at, so each page is requested directly with the reference cursor and
     * its endCursor checked to be the reference cursor the next page is asked with. By induction
     * that is exactly the walk page by page, with the requests sent together.
     *
     * first = 1 (a page boundary at every entry) goes over GraphQL, in one request. The sampled sizes
     * ask EntriesRepository.page, where the keyset lives, for the same pages.
     */
    async function pagesOfEverySize(
      orderBy: (typeof ORDERS)[number],
      filter: Filter,
      cursors: string[],
    ): Promise<{ first: number; start: number; page: Page }[]> {
      const pagesOf = (first: number) =>
        Array.from({ length: Math.ceil(cursors.length / first) }, (_, p) => ({
          first,
          start: p * first,
          after: p ? cursors[p * first - 1] : null,
        }));
      const overHttp = async () => {
        // Pages of one, aliased in requests that stay within the API's alias and cost limits.
        const wanted = pagesOf(1);
        const answered: { first: number; start: number; page: Page }[] = [];
        for (let c = 0; c < wanted.length; c += WALKS_PER_REQUEST) {
          const batch = wanted.slice(c, c + WALKS_PER_REQUEST);
          const query = `query($filter: EntryFilterInput, ${batch.map((_, k) => `$a${k}: String`).join(', ')}) { ${batch
            .map(
              (w, k) =>
                `p${k}: entries(first: 1, orderBy: ${orderBy}, after: $a${k}, filter: $filter) { ${LEAN_PAGE_FIELDS} }`,
            )
            .join(' ')} }`;
          const variables: Record<string, unknown> = { filter };
          batch.forEach((w, k) => (variables[`a${k}`] = w.after));
          const data = await client.auditor.data<Record<string, Page>>(query, variables);
          answered.push(...batch.map((w, k) => ({ ...w, page: data[`p${k}`] })));
        }
        return answered;
      };
      const inRepository = async () => {
        const repository = api.app.get(EntriesRepository);
        const wanted = SAMPLED_PAGE_SIZES.flatMap(pagesOf);
        const answered: { first: number; start: number; page: Page }[] = [];
        for (let i = 0; i < wanted.length; i += 8) {
          const batch = wanted.slice(i, i + 8);
          const pages = await Promise.all(
            batch.map((w) =>
              repository.page(tokens.actors.auditor, {
                filter: { statuses: filter.status },
                orderBy: EntryOrder[orderBy],
                first: w.first,
                after: w.after ?? undefined,
              }),
            ),
          );
          // As the resolver maps a page to a connection.
          pages.forEach((page, k) =>
            answered.push({
              ...batch[k],
              page: {
                edges: page.views.map((v, j) => ({
                  cursor: page.cursors[j],
                  node: { id: v.entry.id, title: '', updatedAt: '' },
                })),
                pageInfo: {
                  hasNextPage: page.hasNextPage,
                  endCursor: page.cursors.at(-1) ?? null,
                },
              },
            }),
          );
        }
        return answered;
      };
      const [http, repository] = await Promise.all([overHttp(), inRepository()]);
      return [...http, ...repository];
    }

    const filter = { status: ALL_STATUSES };
    type Walked = Awaited<ReturnType<typeof walkAll>>[number];
    const walked = {} as Record<
      (typeof ORDERS)[number],
      { walk100: Walked; walk7: Walked; pages: Awaited<ReturnType<typeof pagesOfEverySize>> }
    >;
    // Both orders at once: the server's work for one overlaps the database's for the other.
    beforeAll(async () => {
      await Promise.all(
        ORDERS.map(async (orderBy) => {
          const [walk100, walk7] = await walkAll('auditor', [
            { first: 100, orderBy, filter },
            { first: 7, orderBy, filter, lean: true },
          ]);
          const cursors = walk100.pages.flatMap((p) => p.edges.map((e) => e.cursor));
          walked[orderBy] = {
            walk100,
            walk7,
            pages: await pagesOfEverySize(orderBy, filter, cursors),
          };
        }),
      );
    });

    it.each(ORDERS)('%s, first = 1, 7, 100 and sampled sizes between', (orderBy) => {
      const { walk100, walk7, pages } = walked[orderBy];
      const reference = walk100.nodes;
      const cursors = walk100.pages.flatMap((p) => p.edges.map((e) => e.cursor));
      // Exactly once each: the auditor sees every entry.
      expect(reference).toHaveLength(model.length);
      expect(ids(reference)).toEqual(model.map((e) => e.id).sort());
      // In the order asked for.
      const byId = new Map(model.map((e) => [e.id, e]));
      if (orderBy === 'TITLE_ASC') {
        // Swedish alphabetical order, ties by id.
        const swedish = new Intl.Collator('sv');
        const title = (id: string) => byId.get(id)!.working.title;
        const expected = [...model]
          .map((e) => e.id)
          .sort((a, b) => swedish.compare(title(a), title(b)) || (a < b ? -1 : 1));
        expect(reference.map((n) => n.id)).toEqual(expected);
      } else {
        const times = reference.map((n) => Date.parse(n.updatedAt));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        // Bulk versions have exact timestamps: ties are broken by id, descending.
        const bulk = model.filter((e) => !e.serviceMade);
        const expected = bulk
          .map((e) => e.id)
          .sort((a, b) => {
            const [ta, tb] = [
              byId.get(a)!.working.updatedAt!.getTime(),
              byId.get(b)!.working.updatedAt!.getTime(),
            ];
            return ta !== tb ? tb - ta : a < b ? 1 : -1;
          });
        expect(reference.map((n) => n.id).filter((id) => !byId.get(id)!.serviceMade)).toEqual(
          expected,
        );
      }
      // A real walk page by page with another size gives the same sequence and cursors.
      expect(walk7.nodes.map((n) => n.id)).toEqual(reference.map((n) => n.id));
      expect(walk7.pages.flatMap((p) => p.edges.map((e) => e.cursor))).toEqual(cursors);

      // Every page of every size: the right entries, full pages, consistent page info.
      const problems: string[] = [];
      for (const { first, start, page } of pages) {
        const end = Math.min(start + first, reference.length);
        const where = `first ${first}, page at ${start}`;
        const got = page.edges.map((e) => e.node.id).join();
        if (
          got !==
          reference
            .slice(start, end)
            .map((n) => n.id)
            .join()
        )
          problems.push(`${where}: other entries`);
        if (page.edges.map((e) => e.cursor).join() !== cursors.slice(start, end).join())
          problems.push(`${where}: other cursors`);
        if (page.pageInfo.hasNextPage !== end < reference.length)
          problems.push(`${where}: hasNextPage ${page.pageInfo.hasNextPage}`);
        if (page.pageInfo.endCursor !== cursors[end - 1])
          problems.push(`${where}: endCursor is not the cursor of its last entry`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('bad arguments are refused, naming the argument', () => {
    const refusal = async (variables: { first: number; orderBy?: string; after?: string }) => {
      const result = await client.auditor.request(
        `query($first: Int!, $orderBy: EntryOrder!, $after: String) { entries(first: $first, orderBy: $orderBy, after: $after) { nodes { id } } }`,
        { orderBy: 'UPDATED_AT_DESC', ...variables },
      );
      expect(result.errors).toHaveLength(1);
      expect(JSON.stringify(result.errors)).not.toMatch(/stack|SELECT|bigint|syntax/i);
      return {
        code: result.errors![0].extensions?.code,
        fields: result.errors![0].extensions?.fields?.map((f) => f.field),
      };
    };

    it.each([101, 0, -1, 1000])('first: %d', async (first) => {
      expect(await refusal({ first })).toEqual({
        code: 'BAD_USER_INPUT',
        fields: ['first'],
      });
    });

    const cursorOf = async (orderBy: string) =>
      (
        await client.auditor.data<any>(
          `{ entries(first: 2, orderBy: ${orderBy}) { pageInfo { endCursor } } }`,
        )
      ).entries.pageInfo.endCursor as string;
    const reencoded = (cursor: string, change: (text: string) => string) =>
      Buffer.from(change(Buffer.from(cursor, 'base64url').toString('utf8'))).toString('base64url');

    it.each([
      ['not base64 JSON', async () => 'garbage!'],
      ['base64 of something else', async () => Buffer.from('{"a":1}').toString('base64url')],
      ['an empty string', async () => ''],
      [
        'a cursor with its id changed to a non-uuid',
        async () =>
          reencoded(await cursorOf('UPDATED_AT_DESC'), (t) =>
            t.replace(/[0-9a-f-]{36}/, 'not-a-uuid'),
          ),
      ],
      [
        'a cursor with its key tampered to an out-of-range number',
        async () =>
          reencoded(await cursorOf('UPDATED_AT_DESC'), (t) => t.replace(/\d{10,}/, '9'.repeat(40))),
      ],
      [
        'a cursor with one more element',
        async () => reencoded(await cursorOf('UPDATED_AT_DESC'), (t) => t.replace(/]$/, ',"x"]')),
      ],
      ['a cursor padded', async () => `${await cursorOf('UPDATED_AT_DESC')}==`],
      [
        'a cursor in the other base64 alphabet',
        async () => (await cursorOf('UPDATED_AT_DESC')).replace(/-/g, '+').replace(/_/g, '/') + '+',
      ],
      ['a TITLE_ASC cursor used with UPDATED_AT_DESC', async () => cursorOf('TITLE_ASC')],
      ['an UPDATED_AT_DESC cursor used with TITLE_ASC', async () => cursorOf('UPDATED_AT_DESC')],
    ])('after: %s', async (name, make) => {
      const after = await make();
      const orderBy = name.includes('used with TITLE_ASC') ? 'TITLE_ASC' : 'UPDATED_AT_DESC';
      expect(await refusal({ first: 5, orderBy, after })).toEqual({
        code: 'BAD_USER_INPUT',
        fields: ['after'],
      });
    });
  });

  // Last: it adds entries the model does not hold.
  describe('cursors stay stable while entries are inserted', () => {
    it.each(ORDERS)('%s: no duplicates and no gaps among the original entries', async (orderBy) => {
      const reader = client.auditor;
      const filter = { status: ALL_STATUSES };
      const page = async (after: string | null) =>
        (
          await reader.data<{ entries: Page }>(
            `query($after: String, $filter: EntryFilterInput) { entries(first: 30, orderBy: ${orderBy}, after: $after, filter: $filter) { ${PAGE_FIELDS} } }`,
            { after, filter },
          )
        ).entries;
      const before = await walkAll('auditor', [{ first: 100, orderBy, filter }]);
      const original = before[0].nodes.map((n) => n.id);

      const seen: Page['edges'][number]['node'][] = [];
      let current = await page(null);
      seen.push(...current.edges.map((e) => e.node));
      current = await page(current.pageInfo.endCursor);
      seen.push(...current.edges.map((e) => e.node));
      const last = seen.at(-1)!;

      // Inserted mid-walk: before the cursor, after it, and with the very title at the cursor.
      const inserted = {
        before: await setup.draft(EntryKind.DATASET, `aaa inserted first ${orderBy}`),
        after: await setup.draft(EntryKind.DATASET, `zzz inserted last ${orderBy}`),
        sameTitle: await setup.draft(EntryKind.ALGORITHM, last.title),
      };
      while (current.pageInfo.hasNextPage) {
        current = await page(current.pageInfo.endCursor);
        seen.push(...current.edges.map((e) => e.node));
      }

      const seenIds = seen.map((n) => n.id);
      expect(new Set(seenIds).size).toBe(seenIds.length);
      expect(seenIds.filter((id) => original.includes(id))).toEqual(original);
      const newlySeen = seenIds.filter((id) => !original.includes(id));
      if (orderBy === 'UPDATED_AT_DESC') {
        // Newer than everything: they sort before the cursor and do not appear.
        expect(newlySeen).toEqual([]);
      } else {
        // After the cursor exactly when (title, id) sorts after the last entry seen.
        expect(newlySeen).toEqual([
          ...(inserted.sameTitle > last.id ? [inserted.sameTitle] : []),
          inserted.after,
        ]);
        expect(newlySeen).not.toContain(inserted.before);
      }
    });
  });
});
