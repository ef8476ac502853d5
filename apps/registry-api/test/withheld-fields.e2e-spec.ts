import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLField,
  GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { DataSource } from 'typeorm';
import {
  AnyField,
  CATALOGUE_FIELDS,
  catalogueField,
  EntriesService,
  EntryKind,
  EntryWorkflowService,
  withholdablePaths,
} from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { CSV_COLUMNS, EXPORT_FORMATS } from '@insyn/standards';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput, fullDatasetInput, fullIotInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * The withholding property: for every withholdable path of every kind, two published entries
 * that differ only in that field, withheld on both, look the same on every public surface (ids,
 * slugs and times aside) — entry, as-of, versions, diff, every list filter, and the search
 * document, its filters and facets. Values come from fast-check arbitraries derived from the
 * field catalogue's types, with a fixed seed (printed on failure by the assertion message).
 */
const SEED = 20261129;
/**
 * A full algorithm that stays publishable whatever value one field gets: with a FRIA and an EU
 * database registration number, a generated "high-risk, deployed by a public body" passes the
 * AI Act rule (which the fixture's own "not a public body" leaves out).
 */
const fullPublishableAlgorithm = (title: string) => {
  const input = fullAlgorithmInput(title);
  return {
    ...input,
    impactAssessments: [
      ...(input.impactAssessments ?? []),
      { type: 'FRIA', date: '2024-03-01', summary: 'Fundamental rights assessed.' },
    ],
    algorithm: { ...input.algorithm, euDatabaseRegistrationNumber: 'EU-AI-2024-000001' },
  };
};
const FULL = {
  [EntryKind.ALGORITHM]: fullPublishableAlgorithm,
  [EntryKind.DATASET]: fullDatasetInput,
  [EntryKind.IOT_DEPLOYMENT]: fullIotInput,
};

const word = fc.stringMatching(/^[a-zåäö]{6,12}$/);
// Inside every date range of the fixtures, so a single date never ends before its start.
const day = fc
  .date({ min: new Date('2024-03-01'), max: new Date('2024-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const polygon = fc
  .tuple(fc.double({ min: 17, max: 19, noNaN: true }), fc.double({ min: 59, max: 60, noNaN: true }))
  .map(([lon, lat]) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.01, lat],
        [lon + 0.01, lat + 0.01],
        [lon, lat],
      ],
    ],
  }));

/** An arbitrary for any value the catalogue field may hold (objects filled whole, lists 1–2). */
function arbitraryFor(field: AnyField): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'text':
      return word.map((w) => `${w} ${w}`);
    case 'date':
      return day;
    case 'url':
      return word.map((w) => `https://${w}.example.se/${w}`);
    case 'email':
      return word.map((w) => `${w}@stad.example.se`);
    case 'phone':
      return fc.integer({ min: 100000, max: 999999 }).map((n) => `+46 8 ${n}`);
    case 'enum':
      return fc.constantFrom(...Object.values(field.values as object));
    case 'int':
      return fc.integer({ min: 1, max: 1_000_000 });
    case 'number':
      return fc.double({ min: -80, max: 80, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'geojson':
      return polygon;
    case 'object':
      return fc
        .record(
          Object.fromEntries(Object.entries(field.fields).map(([k, f]) => [k, arbitraryFor(f)])),
        )
        .map(inOrder);
    case 'list':
      return fc.array(arbitraryFor(field.of), { minLength: 1, maxLength: 2 });
  }
}

/** Date ranges of the content (start before end), put in order in a generated object. */
const RANGES = [
  ['startDate', 'endDate'],
  ['start', 'end'],
  ['activeFrom', 'activeUntil'],
];
function inOrder(value: Record<string, unknown>): Record<string, unknown> {
  for (const [start, end] of RANGES) {
    const [a, b] = [value[start], value[end]];
    if (typeof a === 'string' && typeof b === 'string' && b < a)
      Object.assign(value, { [start]: b, [end]: a });
  }
  return value;
}

/** Two different values for a field (booleans and small enums included). */
function twoValues(path: string, seed: number): [unknown, unknown] {
  const samples = fc.sample(arbitraryFor(catalogueField(path)!.field), { seed, numRuns: 40 });
  const first = samples[0];
  const other = samples.find((s) => JSON.stringify(s) !== JSON.stringify(first));
  if (other === undefined) throw new Error(`no second value for ${path}`);
  return [first, other];
}

/** Sets `value` at `path`, in every item where the path crosses a list, creating what is missing. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const walk = (node: Record<string, unknown>, i: number, prefix: string): void => {
    const key = keys[i];
    const here = prefix ? `${prefix}.${key}` : key;
    if (i === keys.length - 1) {
      node[key] = structuredClone(value);
      return;
    }
    const isList = catalogueField(here)!.field.type === 'list';
    if (node[key] === undefined || node[key] === null) node[key] = isList ? [{}] : {};
    const next = node[key];
    if (Array.isArray(next))
      next.forEach((item) => walk(item as Record<string, unknown>, i + 1, here));
    else walk(next as Record<string, unknown>, i + 1, here);
  };
  walk(target, 0, '');
}

/**
 * Sets a field withheld along with another. The kinds of impact assessment are set on every
 * assessment, and a FRIA is added after them, which a generated "deployed by a public body" needs.
 */
function setAlong(content: Record<string, unknown>, path: string, value: unknown): void {
  setAt(content, path, value);
  if (path === 'impactAssessments.type') {
    const assessments = content.impactAssessments as unknown[];
    // Its summary its own: the list names each assessment once, and the types just set are alike.
    assessments.push({
      type: 'FRIA',
      date: '2024-03-01',
      summary: `Fundamental rights assessed, assessment ${assessments.length + 1}.`,
    });
  }
}

/** A selection of every field of a type, entries nested once (versions and relations shallow). */
function selectAll(schema: GraphQLSchema, typeName: string, nestedEntry: boolean): string {
  const type = schema.getType(typeName);
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((a) => a.type.toString().endsWith('!'))) continue;
    const named = getNamedType(field.type);
    if (named.name === 'RegistryEntry') {
      if (nestedEntry) continue;
      parts.push(`${field.name} { ...EntryAll }`);
    } else if (isObjectType(named) || isInterfaceType(named) || isAbstractType(named)) {
      const inner = selectAll(schema, named.name, nestedEntry);
      parts.push(`${field.name} { ${inner || '__typename'} }`);
    } else parts.push(field.name);
  }
  return parts.join(' ');
}

/** Every field of an entry of one kind (the field limit refuses all three kinds at once). */
function entrySelection(schema: GraphQLSchema, kind: EntryKind): string {
  const type = { ALGORITHM: 'Algorithm', DATASET: 'Dataset', IOT_DEPLOYMENT: 'IotDeployment' }[
    kind
  ];
  const all = (nested: boolean) =>
    `${selectAll(schema, 'RegistryEntry', nested)} ... on ${type} { ${selectAll(schema, type, nested)} }`;
  return `fragment EntryAll on RegistryEntry { ${all(true)} }
          fragment EntryTop on RegistryEntry { ${all(false)} }`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The answer with what legitimately differs (ids, slugs, times, sync hashes) blanked. */
function normalised(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (['id', 'slug', 'syncHash', 'entryId'].includes(key)) return '<id>';
    if (typeof v === 'string' && (UUID.test(v) || TIME.test(v))) return '<id|time>';
    if (typeof v === 'number' && /At$/.test(key)) return '<time>';
    return v;
  });
}

/** Runs `work` over the items, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const SLOW = 240_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );
}

interface Pair {
  kind: EntryKind;
  path: string;
  /** A field that would give the withheld one away (`withheldWith`), set differently too. */
  along?: string;
  ids: [string, string];
  values: [unknown, unknown];
}

/** What a pair is about, in assertion messages. */
const about = (pair: Pair) => `${pair.kind} ${pair.path}${pair.along ? ` + ${pair.along}` : ''}`;

describe('withheld means withheld: every public surface, every withholdable path', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let anonymous: GraphQLClient;
  let editorB: GraphQLClient;
  let indexer: SearchIndexer;
  let selection: Record<EntryKind, string>;
  const pairs: Pair[] = [];

  beforeAll(async () => {
    // Hundreds of requests a minute: the rate limit is not what this test is about.
    api = await RegistryApiHarness.start('withheld-fields', {}, { rateLimit: { limit: 100_000 } });
    const dataSource = api.app.get(DataSource);
    tokens = await createTestTokens(dataSource);
    anonymous = api.graphql();
    editorB = api.graphql(tokens.editorB);
    const schema = api.app.get(GraphQLSchemaHost).schema;
    selection = {
      [EntryKind.ALGORITHM]: entrySelection(schema, EntryKind.ALGORITHM),
      [EntryKind.DATASET]: entrySelection(schema, EntryKind.DATASET),
      [EntryKind.IOT_DEPLOYMENT]: entrySelection(schema, EntryKind.IOT_DEPLOYMENT),
    };

    const service = api.app.get(EntriesService);
    const workflow = api.app.get(EntryWorkflowService);
    const { editorA, reviewer } = tokens.actors;
    // The seeds in a fixed order (the values do not depend on timing), the pairs made four at
    // a time, kept in that order. The second versions are published one after the other, in
    // that order, so that the two entries of a pair stay neighbours in every newest-first list
    // (a feed's window must take both or neither).
    const jobs: { kind: EntryKind; path: string; along?: string; seed: number }[] = [];
    let seed = SEED;
    for (const kind of Object.values(EntryKind))
      for (const path of withholdablePaths(kind)) jobs.push({ kind, path, seed: (seed += 1) });
    // Then each field that would give a withheld one away: the withheld field and that one
    // both differ, and only the withheld one is withheld.
    for (const kind of Object.values(EntryKind))
      for (const { path: along, field, kinds } of CATALOGUE_FIELDS)
        for (const path of field.withheldWith ?? [])
          if (kinds.includes(kind) && withholdablePaths(kind).includes(path))
            jobs.push({ kind, path, along, seed: (seed += 1) });
    const key = (job: { kind: EntryKind; path: string; along?: string }) =>
      `${job.kind} ${job.path} ${job.along ?? ''}`;
    const made = new Map<string, Pair>();
    await inParallel(jobs, 4, async ({ kind, path, along, seed }) => {
      const [a1, b1] = twoValues(path, seed);
      const [a2, b2] = twoValues(path, seed + 100_000);
      const alongValues = along
        ? [twoValues(along, seed + 200_000), twoValues(along, seed + 300_000)]
        : undefined;
      const withheld = [{ field: path, legalGround: 'OSL 18:8' }];
      const ids: string[] = [];
      for (const [side, [v1, v2]] of [
        [a1, a2],
        [b1, b2],
      ].entries()) {
        // Version 1 and version 2 differ in a public field and in the withheld one.
        const content = FULL[kind](`Undanhållet ${kind} ${path}`) as Record<string, unknown>;
        content.withheld = withheld;
        setAt(content, path, v1);
        if (along) setAlong(content, along, alongValues![0][side]);
        const view = await service.register(editorA, kind, tokens.departmentA.slug, content);
        const id = view.entry.id;
        await workflow.submit(editorA, id);
        await workflow.publish(reviewer, id, 'Första versionen');
        const next = structuredClone(content);
        next.summary = 'Andra versionen av sammanfattningen.';
        setAt(next, path, v2);
        if (along) setAlong(next, along, alongValues![1][side]);
        await service.update(editorA, id, kind, next);
        await workflow.submit(editorA, id);
        ids.push(id);
      }
      made.set(key({ kind, path, along }), {
        kind,
        path,
        along,
        ids: ids as [string, string],
        // The values searched for: the withheld field's, or the one that would give it away.
        values: alongValues ? [alongValues[0][0], alongValues[0][1]] : [a1, b1],
      });
    });
    for (const job of jobs) {
      const pair = made.get(key(job))!;
      for (const id of pair.ids) await workflow.publish(reviewer, id, 'Andra versionen');
      pairs.push(pair);
    }
    indexer = new SearchIndexer(dataSource, api.app.get(SearchRuntime), { verifyIntervalMs: 0 });
    await indexer.drain(120_000);
  }, 600_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('covers every withholdable path of each kind, and the fields withheld along with them', () => {
    for (const kind of Object.values(EntryKind))
      expect(pairs.filter((p) => p.kind === kind && !p.along).map((p) => p.path)).toEqual(
        withholdablePaths(kind),
      );
    expect(pairs.filter((p) => !p.along).length).toBeGreaterThan(150);
    expect(pairs.filter((p) => p.along).map(about)).toEqual(
      expect.arrayContaining([
        'ALGORITHM algorithm.aiActClass + algorithm.deployerIsPublicBody',
        'ALGORITHM algorithm.aiActClass + algorithm.euDatabaseRegistrationNumber',
        'ALGORITHM algorithm.deployerIsPublicBody + impactAssessments.type',
        'DATASET impactAssessments + noImpactAssessmentReason',
      ]),
    );
  });

  it(
    'entry, as-of, versions and diff answer the same for both entries of each pair',
    async () => {
      const one = (alias: string) => `
        ${alias}: entry(id: $${alias}) { ...EntryTop }
        ${alias}AsOf: entry(id: $${alias}, asOf: $asOf) { ...EntryTop }
        ${alias}Diff: entryDiff(id: $${alias}, fromVersion: 1, toVersion: 2) { field before after }`;
      const side = (data: Record<string, unknown>, alias: string) =>
        normalised([data[alias], data[`${alias}AsOf`], data[`${alias}Diff`]]);
      const asOf = new Date().toISOString();
      // One entry per request keeps it under the query's field limit.
      for (const reader of [anonymous, editorB]) {
        await inParallel(pairs, 4, async (pair) => {
          const answers: string[] = [];
          for (const id of pair.ids) {
            const query = `query($a: ID!, $asOf: DateTime) { ${one('a')} } ${selection[pair.kind]}`;
            const data = await reader.data(query, { a: id, asOf });
            expect(data.a).not.toBeNull();
            answers.push(side(data, 'a'));
          }
          expect({ path: about(pair), answer: answers[0] }).toEqual({
            path: about(pair),
            answer: answers[1],
          });
        });
      }
    },
    SLOW,
  );

  it(
    'every list filter includes both entries of a pair or neither',
    async () => {
      const enumValues = async (name: string): Promise<string[]> =>
        (
          await anonymous.data<{ __type: { enumValues: { name: string }[] } }>(
            `query($n: String!) { __type(name: $n) { enumValues { name } } }`,
            { n: name },
          )
        ).__type.enumValues.map((v) => v.name);
      const filters: Record<string, unknown>[] = [{}];
      for (const [key, type] of [
        ['kind', 'EntryKind'],
        ['principle', 'PrincipleCode'],
        ['lifecycle', 'LifecycleStage'],
        ['riskClass', 'RiskClass'],
        ['aiActClass', 'AiActClass'],
        ['personalData', 'PersonalDataLevel'],
        ['theme', 'Theme'],
        ['status', 'EntryStatus'],
      ])
        for (const value of await enumValues(type)) filters.push({ [key]: [value] });
      filters.push({ reviewOverdue: true }, { reviewOverdue: false });

      type Page = {
        nodes: { id: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      for (const reader of [anonymous, editorB]) {
        // Several filters per request (aliases), each followed page by page.
        for (const group of chunks(filters, 5)) {
          const found = group.map(() => new Set<string>());
          const after: (string | null)[] = group.map(() => null);
          let open = group.map((_, i) => i);
          while (open.length) {
            const query = `query(${open.map((i) => `$f${i}: EntryFilterInput, $c${i}: String`).join(', ')}) {
              ${open
                .map(
                  (i) =>
                    `f${i}: entries(filter: $f${i}, first: 100, after: $c${i}) { nodes { id } pageInfo { hasNextPage endCursor } }`,
                )
                .join('\n')} }`;
            const variables = Object.fromEntries(
              open.flatMap((i) => [
                [`f${i}`, group[i]],
                [`c${i}`, after[i]],
              ]),
            );
            const data = await reader.data<Record<string, Page>>(query, variables);
            open = open.filter((i) => {
              const page = data[`f${i}`];
              page.nodes.forEach((n) => found[i].add(n.id));
              after[i] = page.pageInfo.endCursor;
              return page.pageInfo.hasNextPage;
            });
          }
          group.forEach((filter, i) => {
            for (const pair of pairs) {
              const where = { filter, path: about(pair) };
              expect({ ...where, listed: found[i].has(pair.ids[0]) }).toEqual({
                ...where,
                listed: found[i].has(pair.ids[1]),
              });
            }
          });
        }
      }
    },
    SLOW,
  );

  it(
    'the public site: the entry page (both languages), the sitemap and the Atom feeds answer the same for both',
    async () => {
      const dataSource = api.app.get(DataSource);
      const slugs = new Map<string, string>(
        (await dataSource.query('SELECT id, slug FROM entry')).map(
          (r: { id: string; slug: string }) => [r.id, r.slug],
        ),
      );
      const page = async (path: string) => {
        const response = await fetch(`${api.baseUrl}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        return response.text();
      };
      /** The page with what legitimately differs (its slug, id and times) blanked. */
      const blanked = (text: string, id: string) =>
        text
          .replaceAll(slugs.get(id)!, '<slug>')
          .replaceAll(id, '<id>')
          .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
      await inParallel(pairs, 4, async (pair) => {
        for (const lang of ['sv', 'en']) {
          const [a, b] = await Promise.all(
            pair.ids.map(async (id) =>
              blanked(await page(`/${lang}/entries/${slugs.get(id)}`), id),
            ),
          );
          expect({ path: about(pair), lang, page: a }).toEqual({
            path: about(pair),
            lang,
            page: b,
          });
        }
      });
      // The sitemap: each entry's <url> (in Swedish; the English names the same alternates).
      const sitemap = await page('/sitemaps/entries.xml');
      const urls = new Map(
        [...sitemap.matchAll(/<url><loc>[^<]*\/sv\/entries\/([^<]+)<\/loc>[\s\S]*?<\/url>/g)].map(
          (m) => [m[1], m[0]],
        ),
      );
      for (const pair of pairs) {
        const [a, b] = pair.ids.map((id) => {
          const url = urls.get(slugs.get(id)!);
          return url ? blanked(url, id) : null;
        });
        expect(a).not.toBeNull();
        expect({ sitemap: true, path: about(pair), url: a }).toEqual({
          sitemap: true,
          path: about(pair),
          url: b,
        });
      }
      const feeds = ['/sv/feeds/entries.atom', '/en/feeds/entries.atom'];
      for (const code of ['TRANSPARENCY_AND_NON_DISCRIMINATION', 'PRIVACY_AND_SECURITY'])
        feeds.push(`/en/principles/${code}/feed.atom`);
      feeds.push(`/sv/departments/${tokens.departmentA.slug}/feed.atom`);
      for (const feed of feeds) {
        const xml = await page(feed);
        const entries = new Map(
          [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => [
            m[0].match(/urn:uuid:([0-9a-f-]+)/)![1],
            m[0],
          ]),
        );
        for (const pair of pairs) {
          const [a, b] = pair.ids.map((id) =>
            entries.has(id) ? blanked(entries.get(id)!, id) : null,
          );
          expect({ feed, path: about(pair), entry: a }).toEqual({
            feed,
            path: about(pair),
            entry: b,
          });
        }
      }
    },
    SLOW,
  );

  it(
    'search documents, and searching for the withheld values, answer the same for both',
    async () => {
      const runtime = api.app.get(SearchRuntime);
      const index = (await runtime.writeClient()).index(runtime.indexName);
      const { results } = await index.getDocuments({ limit: 10_000 });
      const documents = new Map(results.map((d) => [String(d.id), d]));
      await inParallel(pairs, 6, async (pair) => {
        const [a, b] = pair.ids.map((id) => documents.get(id));
        expect(a).toBeDefined();
        expect({ path: about(pair), doc: normalised(a) }).toEqual({
          path: about(pair),
          doc: normalised(b),
        });
        for (const value of pair.values) {
          const text = JSON.stringify(value).match(/[a-zåäö]{6,}/)?.[0];
          if (!text) continue;
          // Straight to the index: the GraphQL search reads the same documents, and this many
          // searches would exceed its public rate limit.
          const hits = (await index.search(text, { limit: 1000 })).hits.map((h) => String(h.id));
          expect({ path: about(pair), text, a: hits.includes(pair.ids[0]) }).toEqual({
            path: about(pair),
            text,
            a: hits.includes(pair.ids[1]),
          });
        }
      });
    },
    SLOW,
  );

  it(
    'every export says the same of both entries of each pair (ids, slugs, URLs and times aside)',
    async () => {
      type Json = Record<string, any>;
      // What each export says of each entry: its records, as text.
      const byEntry = new Map<string, Map<string, string[]>>();
      const say = (file: string, entryId: string, record: unknown) => {
        if (!byEntry.has(file)) byEntry.set(file, new Map());
        const map = byEntry.get(file)!;
        map.set(entryId, [...(map.get(entryId) ?? []), JSON.stringify(record)]);
      };
      for (const format of EXPORT_FORMATS) {
        const res = await fetch(`${api.baseUrl}/exports/${format.file}`);
        expect(res.status).toBe(200);
        const text = await res.text();
        if (format.file.endsWith('.csv')) {
          const [header, ...rows] = parse(text, { bom: true }) as string[][];
          expect(header).toEqual(CSV_COLUMNS);
          for (const row of rows) say(format.file, row[0], row);
          continue;
        }
        const doc = JSON.parse(text) as Json;
        const records: Json[] = doc.entries ?? doc.records ?? doc.features ?? doc.dataset ?? [];
        for (const r of [...records, ...(doc.skipped ?? [])]) {
          const entryId = r.entryId ?? r.properties?.entryId ?? r.identifier?.[0] ?? r.id;
          say(format.file, entryId, r);
        }
      }
      // Slugs differ within a pair (the second gets a suffix): read them to blank them.
      const slugs = new Map<string, string>();
      const dataSource = api.app.get(DataSource);
      for (const row of (await dataSource.query(`SELECT id, slug FROM entry`)) as {
        id: string;
        slug: string;
      }[])
        slugs.set(row.id, row.slug);
      const said = (file: string, id: string) =>
        (byEntry.get(file)?.get(id) ?? [])
          .map((text) =>
            text
              .split(slugs.get(id)!)
              .join('<slug>')
              .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
              .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>'),
          )
          .sort();
      for (const pair of pairs) {
        for (const format of EXPORT_FORMATS) {
          const where = { file: format.file, path: about(pair) };
          const [a, b] = pair.ids.map((id) => said(format.file, id));
          if (format.kinds && !format.kinds.includes(pair.kind)) {
            expect({ ...where, a, b }).toEqual({ ...where, a: [], b: [] });
            continue;
          }
          expect({ ...where, listed: a.length > 0 }).toEqual({ ...where, listed: true });
          expect({ ...where, said: a }).toEqual({ ...where, said: b });
        }
      }
    },
    SLOW,
  );
});
