import { getIntrospectionQuery } from 'graphql';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { TokensService } from '@insyn/access';
import { PublicSearchService } from '@insyn/search';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { QUERY_LIMITS, ROOT_FIELD_COST } from '../src/graphql/query-cost.plugin';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * Depth, alias, directive, token, field and cost limits refuse abusive operations before any
 * resolver runs: no SQL statement and no search reach the servers.
 */
describe('GraphQL query limits', () => {
  let api: RegistryApiHarness;
  let sql: jest.SpyInstance;
  let searches: jest.SpyInstance;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('query-limits');
    // Pass-through spies: every statement TypeORM sends, every search sent to Meilisearch.
    sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    searches = jest.spyOn(PublicSearchService.prototype, 'search');
  });
  afterAll(async () => {
    sql?.mockRestore();
    searches?.mockRestore();
    await api.stop();
  });

  /** Sends one query; returns the response, how long it took and the I/O it caused. */
  async function send(query: string, token?: string) {
    sql.mockClear();
    searches.mockClear();
    const started = performance.now();
    const result = await api.graphql(token).request(query);
    return {
      ...result,
      ms: performance.now() - started,
      statements: sql.mock.calls.length,
      searched: searches.mock.calls.length,
    };
  }

  function expectRefused(result: Awaited<ReturnType<typeof send>>, message: RegExp) {
    expect(result.status).toBe(400);
    expect(result.data ?? undefined).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.statements).toBe(0);
    expect(result.searched).toBe(0);
  }

  /** `{ ...G0 } fragment G0 on Query { ...G1 ...G1 } …`: 2^levels selections from a tiny text. */
  const fanOut = (levels: number) =>
    [
      '{ ...G0 }',
      ...Array.from(
        { length: levels },
        (_, i) => `fragment G${i} on Query { ...G${i + 1} ...G${i + 1} }`,
      ),
      `fragment G${levels} on Query { principles { code } }`,
    ].join('\n');

  const nest = (levels: number) =>
    `{ entries(first: 1) { nodes { ${'relations { entry { '.repeat(levels)}title${' } }'.repeat(levels)} } } }`;

  it.each([22, 30])('refuses the fragment fan-out of %i levels at once', async (levels) => {
    const query = fanOut(levels);
    expect(query.length).toBeLessThan(1_300);
    const result = await send(query);
    expectRefused(result, /fields once its fragments are expanded/);
    // Was: ~6 s of blocked event loop for 22 levels, ~25 minutes for 30.
    expect(result.ms).toBeLessThan(1_000);
  });

  it('refuses a query nested deeper than the limit, with a clear message', async () => {
    const result = await send(nest(6));
    expectRefused(result, new RegExp(`depth limit of ${QUERY_LIMITS.maxDepth} exceeded`));
  });

  it('counts depth through fragments without adding levels for them', async () => {
    const deep = `{ entries(first: 1) { nodes { ...R } } }
      fragment R on RegistryEntry { ${'relations { entry { '.repeat(6)}title${' } }'.repeat(6)} }`;
    expectRefused(await send(deep), /depth limit/);
    const shallow = `{ entries(first: 1) { nodes { ...R } } }
      fragment R on RegistryEntry { ${'relations { entry { '.repeat(3)}title${' } }'.repeat(3)} }`;
    expect((await send(shallow)).errors).toBeUndefined();
  });

  it.each([
    ['entries', 'entries { nodes { id } }'],
    ['search', 'search { estimatedTotalHits }'],
  ])('refuses 1,000 aliases of %s, and one alias over the limit', async (_name, field) => {
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    // 1,000 aliases are also over the token limit, which stops the parser first.
    expectRefused(await send(aliased(1_000)), /Aliases limit|tokens/);
    const max = QUERY_LIMITS.maxAliases;
    expectRefused(
      await send(aliased(max + 1)),
      new RegExp(`Aliases limit of ${max} exceeded, found ${max + 1}`),
    );
  });

  it('counts aliases hidden in fragments', async () => {
    const query = `{ ...A ...B }
      fragment A on Query { ${Array.from({ length: 15 }, (_, i) => `a${i}: principles { code }`).join(' ')} }
      fragment B on Query { ${Array.from({ length: 15 }, (_, i) => `b${i}: principles { code }`).join(' ')} }`;
    expectRefused(await send(query), /Aliases limit/);
  });

  it('counts the I/O of each root field in the cost', async () => {
    // Within the alias limit, but each search is a round trip to Meilisearch.
    const many = Math.floor(QUERY_LIMITS.maxCost / ROOT_FIELD_COST.search) + 1;
    expect(many).toBeLessThanOrEqual(QUERY_LIMITS.maxAliases);
    const searches = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: search { estimatedTotalHits }`).join(' ')} }`;
    expectRefused(await send(searches(many)), /estimated to cost \d+/);
    const two = await send(searches(2));
    expect(two.errors).toBeUndefined();
    expect(two.searched).toBe(2);
    // `__typename` reaches neither server: as many as the alias limit allows cost nothing.
    const typenames = `{ ${Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await send(typenames)).errors).toBeUndefined();
    const withSearches = `{ ${searches(many - 2).slice(2, -2)} ${Array.from({ length: 10 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await send(withSearches)).errors).toBeUndefined();
  });

  it('refuses a query estimated too costly', async () => {
    const result = await send(
      `{ entries(first: 100) { nodes { relations { entry { relations { entry { relations { entry { department { slug } } } } } } } } } }`,
    );
    expectRefused(result, /estimated to cost \d+/);
  });

  it('refuses too many directives', async () => {
    const query = `{ principles { ${'code @include(if: true) '.repeat(QUERY_LIMITS.maxDirectives + 1)}} }`;
    expectRefused(
      await send(query),
      new RegExp(`Directives limit of ${QUERY_LIMITS.maxDirectives}`),
    );
  });

  it('refuses a document of too many tokens while parsing', async () => {
    const query = `{ principles { ${'code '.repeat(QUERY_LIMITS.maxTokens)}} }`;
    expect(query.length).toBeLessThan(QUERY_LIMITS.maxDocumentLength);
    expectRefused(await send(query), /more tha[nt] 5000 tokens/);
  });

  it('refuses a 1 MB query before parsing it', async () => {
    const query = `{ principles { code } } # ${'x'.repeat(1_000_000)}`;
    expectRefused(await send(query), /1000026 characters long; at most 100000/);
  });

  it('answers ordinary queries and introspection', async () => {
    const ok = await send(nest(3));
    expect(ok.errors).toBeUndefined();
    const introspection = await send(getIntrospectionQuery({ descriptions: true }));
    expect(introspection.errors).toBeUndefined();
  });

  describe('cost budgets by role', () => {
    let tokens: TestTokens;
    let authentications: jest.SpyInstance;
    /** `n` aliases of a register-wide walk: 100 entries, their relations and theirs. */
    const walks = (n: number) =>
      `{ ${Array.from(
        { length: n },
        (_, i) =>
          `w${i}: entries(first: 100) { nodes { relations { entry { relations { entry { id } } } } } }`,
      ).join(' ')} }`;
    const costOf = (message: string | undefined) =>
      Number(/estimated to cost (\d+)/.exec(message ?? '')?.[1]);

    beforeAll(async () => {
      tokens = await createTestTokens(api.app.get(DataSource));
      authentications = jest.spyOn(api.app.get(TokensService), 'authenticate');
    });
    afterAll(() => authentications?.mockRestore());
    beforeEach(() => authentications.mockClear());

    it('refuses anonymously a query an auditor or admin may ask, and answers it for them', async () => {
      const anonymous = await send(walks(2));
      expectRefused(anonymous, /at most 25000 is allowed for anonymous callers/);
      const cost = costOf(anonymous.errors?.[0].message);
      expect(cost).toBeGreaterThan(QUERY_LIMITS.maxCost);
      expect(cost).toBeLessThanOrEqual(QUERY_LIMITS.maxCostForAuditors);

      for (const token of [tokens.auditor, tokens.admin]) {
        authentications.mockClear();
        const answered = await send(walks(2), token);
        expect(answered.status).toBe(200);
        expect(answered.errors).toBeUndefined();
        expect(answered.data).toEqual({ w0: { nodes: [] }, w1: { nodes: [] } });
        // The plugin authenticated; the guard reused it.
        expect(authentications).toHaveBeenCalledTimes(1);
      }
    });

    it('gives auditors room for searches the public cannot afford', async () => {
      const many = Math.floor(QUERY_LIMITS.maxCost / ROOT_FIELD_COST.search) + 1;
      const searchesOf = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `s${i}: search { estimatedTotalHits }`).join(' ')} }`;
      expectRefused(await send(searchesOf(many)), /for anonymous callers/);
      const answered = await send(searchesOf(many), tokens.auditor);
      expect(answered.errors).toBeUndefined();
      expect(answered.searched).toBe(many);
    });

    it('keeps the public budget for editors and reviewers, refusing after the token lookup alone', async () => {
      for (const [token, caller] of [
        [tokens.editorA, 'editors'],
        [tokens.reviewer, 'reviewers'],
      ] as const) {
        const result = await send(walks(2), token);
        expect(result.status).toBe(400);
        expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
        expect(result.errors?.[0].message).toContain(`at most 25000 is allowed for ${caller}`);
        expect(result.statements).toBe(1); // the token's lookup, nothing else
        expect(result.searched).toBe(0);
      }
    });

    it('holds the auditors’ budget too', async () => {
      const result = await send(walks(6), tokens.auditor);
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0].message).toContain(
        'at most 100000 is allowed for auditors and admins',
      );
      expect(costOf(result.errors?.[0].message)).toBeGreaterThan(QUERY_LIMITS.maxCostForAuditors);
      expect(result.statements).toBe(1);
    });

    it('gives a token that does not authenticate the public budget', async () => {
      const result = await send(walks(2), `insyn_${'Z'.repeat(43)}`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0].message).toContain('for callers without a valid token');
      // Within the public budget, the guard refuses it as ever.
      expect((await send(walks(1), `insyn_${'Z'.repeat(43)}`)).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('does not authenticate early within the public budget (the guard does, once)', async () => {
      const result = await send(walks(1), tokens.auditor);
      expect(result.errors).toBeUndefined();
      expect(authentications).toHaveBeenCalledTimes(1);
    });
  });
});
