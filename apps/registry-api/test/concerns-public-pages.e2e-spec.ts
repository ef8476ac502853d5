import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConcernCategory, ConcernsService, ConcernStatus } from '@insyn/concerns';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const PUBLIC = `query($id: ID!, $first: Int!, $after: ID) {
  entry(id: $id) { publicConcerns(first: $first, after: $after) { id answer rejectionReason } }
}`;

/**
 * Every public answer stays reachable, however many an entry has: GraphQL pages with `after`,
 * and the site links from the entry's twenty newest to its older answers, fifty a page.
 */
describe('public answers, page by page', () => {
  const ANSWERED = 73;
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let entryId: string;
  let otherEntryId: string;
  let slug: string;
  /** The public concerns' ids, newest response first (as the lists order them). */
  let newestFirst: string[];

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'concerns-public-pages',
      {},
      { rateLimit: { limit: 100_000 } },
    );
    const db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    const setup = new EntrySetup(api.app, tokens);
    entryId = await setup.published(EntryKind.DATASET, 'Parkeringsdata', 'B');
    otherEntryId = await setup.published(EntryKind.DATASET, 'Cykeldata', 'B');
    const concerns = api.app.get(ConcernsService);
    const file = (id: string, text: string) =>
      concerns.file({
        entryId: id,
        principleCodes: ['PRIVACY_AND_SECURITY'],
        category: ConcernCategory.PRIVACY,
        text,
        consentToPublish: true,
      });
    const responded: string[] = [];
    for (let i = 0; i < ANSWERED; i++) {
      const { concern } = await file(entryId, `Fråga nummer ${i}`);
      // Every fifth rejected: rejections are public answers too.
      await concerns.respond(
        tokens.actors.editorB,
        i % 5 === 4
          ? { id: concern.id, status: ConcernStatus.REJECTED, reason: `Avvisad nummer ${i}` }
          : { id: concern.id, answer: `Svar nummer ${i}`, textPublishable: true },
      );
      responded.push(concern.id);
    }
    // Open ones are not public: they are in no page.
    await file(entryId, 'Obesvarad fråga');
    await concerns.respond(tokens.actors.editorB, {
      id: (await file(otherEntryId, 'Annan post')).concern.id,
      answer: 'Svar om cykeldata',
    });
    newestFirst = [...responded].reverse();
    slug = (
      (await db.query('SELECT slug FROM entry WHERE id = $1', [entryId])) as { slug: string }[]
    )[0].slug;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('GraphQL: publicConcerns pages on with after, each concern once, in order', async () => {
    const client = api.graphql();
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const data: { entry: { publicConcerns: { id: string }[] } } = await client.data(PUBLIC, {
        id: entryId,
        first: 20,
        after,
      });
      const ids: string[] = data.entry.publicConcerns.map((c) => c.id);
      seen.push(...ids);
      if (ids.length < 20) break;
      after = ids.at(-1)!;
    }
    expect(seen).toEqual(newestFirst);
    // The first page is what it was without after.
    const first = await client.data<any>(PUBLIC, { id: entryId, first: 100, after: null });
    expect(first.entry.publicConcerns.map((c: { id: string }) => c.id)).toEqual(newestFirst);
  });

  it('GraphQL: refuses an after that is no public concern of the entry, naming it, in that field alone', async () => {
    const client = api.graphql();
    const otherAnswer = (
      await client.data<any>(PUBLIC, { id: otherEntryId, first: 1, after: null })
    ).entry.publicConcerns[0].id;
    for (const after of [otherAnswer, randomUUID(), 'not-an-id'])
      expect({
        after,
        codes: await client.errorCodes(PUBLIC, { id: entryId, first: 5, after }),
      }).toEqual({ after, codes: ['BAD_USER_INPUT'] });
    // Known only once the field runs, the refusal nulls that field, not the entry it is on nor
    // the list above it (which would read as "no such entry", or as an empty register).
    const refusal = {
      errors: [
        expect.objectContaining({
          path: expect.arrayContaining(['publicConcerns']),
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            fields: [expect.objectContaining({ field: 'after' })],
          }),
        }),
      ],
    };
    for (const after of [otherAnswer, randomUUID()]) {
      const one = await client.request(
        `query($id: ID!, $after: ID) {
          entry(id: $id) { title publicConcerns(first: 5, after: $after) { id } }
        }`,
        { id: entryId, after },
      );
      expect(one).toEqual({
        status: 200,
        data: { entry: { title: 'Parkeringsdata', publicConcerns: null } },
        ...refusal,
      });
      const list = await client.request(
        `query($after: ID) {
          entries(first: 100) { nodes { title publicConcerns(first: 1, after: $after) { id } } }
        }`,
        { after },
      );
      const nodes = (list.data as any).entries.nodes as {
        title: string;
        publicConcerns: unknown[] | null;
      }[];
      const byTitle = new Map(nodes.map((n) => [n.title, n.publicConcerns]));
      // Each entry refuses a cursor not its own; the entry whose concern it is pages on from it.
      expect(byTitle.get('Parkeringsdata')).toBeNull();
      expect(byTitle.get('Cykeldata')).toEqual(after === otherAnswer ? [] : null);
      expect(list.errors).toHaveLength(nodes.filter((n) => n.publicConcerns === null).length);
    }
  });

  it('GraphQL: refuses a first out of range naming it, before anything runs, not nulling the entry', async () => {
    // Executed, the refusal would null the nullable `entry` above the non-null list: read as
    // "no such entry". Refused before execution, it reads as the root lists' refusals do.
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const BOTH = `query($id: ID!, $first: Int!) {
      entry(id: $id) { title publicConcerns(first: $first) { id } }
    }`;
    const LITERAL = `query($id: ID!) { entry(id: $id) { ...Answers } }
      fragment Answers on RegistryEntry { title publicConcerns(first: 0) { id } }`;
    for (const [query, variables, message] of [
      [BOTH, { id: entryId, first: 0 }, 'first must be at least 1'],
      [BOTH, { id: entryId, first: -3 }, 'first must be at least 1'],
      [BOTH, { id: entryId, first: 101 }, 'first must be at most 100'],
      [LITERAL, { id: entryId }, 'first must be at least 1'],
    ] as const) {
      const { status, body } = await post(query, variables);
      expect({ variables, status, data: body.data ?? null, errors: body.errors }).toEqual({
        variables,
        status: 400,
        data: null,
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({
              code: 'BAD_USER_INPUT',
              fields: [{ field: 'first', message }],
            }),
          }),
        ],
      });
    }
    // Skipped, it is not refused; in range, the entry and its answers as ever.
    const skipped = await post(
      `query($id: ID!, $first: Int!, $show: Boolean!) {
        entry(id: $id) { title publicConcerns(first: $first) @include(if: $show) { id } }
      }`,
      { id: entryId, first: 0, show: false },
    );
    expect(skipped.body.errors).toBeUndefined();
    expect(skipped.body.data.entry.title).toBe('Parkeringsdata');
    const one = await post(BOTH, { id: entryId, first: 1 });
    expect(one.body.data.entry.publicConcerns.map((c: { id: string }) => c.id)).toEqual(
      newestFirst.slice(0, 1),
    );
  });

  it('the site: the entry shows the twenty newest and leads to the older ones, fifty a page', async () => {
    const get = async (path: string) => {
      const response = await fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    };
    const answersIn = (html: string) =>
      [...html.matchAll(/(?:Svar|Avvisad) nummer (\d+)/g)].map((m) => Number(m[1]));
    const olderLink = (html: string) =>
      /<a href="(\/sv\/entries\/[^"]+\/answers\?after=[^"]+)">Äldre svar<\/a>/.exec(html)?.[1];
    const expected = newestFirst.map((_, i) => ANSWERED - 1 - i);

    const entry = await get(`/sv/entries/${slug}`);
    expect(entry.status).toBe(200);
    expect(answersIn(entry.html)).toEqual(expected.slice(0, 20));
    const shown = [...answersIn(entry.html)];
    let link = olderLink(entry.html);
    while (link) {
      const page = await get(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`href="/sv/entries/${slug}#concerns">Tillbaka till posten</a>`);
      shown.push(...answersIn(page.html));
      link = olderLink(page.html);
    }
    // Every public answer once, newest first: 20 on the entry, then 50 and 3.
    expect(shown).toEqual(expected);
    expect(shown).toHaveLength(ANSWERED);

    // A cursor that is not one of the entry's: explained, with the way back.
    for (const after of [randomUUID(), 'x', ''])
      expect(
        await get(`/sv/entries/${slug}/answers?after=${encodeURIComponent(after)}`),
      ).toMatchObject({
        status: 400,
        html: expect.stringContaining('Den listan med svar finns inte'),
      });
    const english = await get(`/en/entries/${slug}/answers?after=nope`);
    expect(english.status).toBe(400);
    expect(english.html).toContain('That list of answers does not exist');

    // After the oldest answer: none older, which is not "none yet".
    const last = await get(`/en/entries/${slug}/answers?after=${newestFirst.at(-1)!}`);
    expect(last.status).toBe(200);
    expect(last.html).toContain('No older answered questions.');
    expect(last.html).not.toContain('No answered questions yet.');
  });
});
