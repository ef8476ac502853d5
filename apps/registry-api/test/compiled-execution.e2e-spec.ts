import { compileQuery } from 'graphql-jit';
import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createPublishedEntry, createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

// Counted where the API calls it (the module's own exports cannot be spied on).
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

/**
 * GraphQL operations run on graphql-js until their `INSYN_GRAPHQL_COMPILE_AT`-th execution, then
 * compiled (graphql-jit). Both give the same answer, errors and partial data included: the rest
 * of the suite runs every operation compiled from its first execution.
 */
const OPERATIONS: { what: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    what: "the auditor's page (nested lists, interfaces, arguments)",
    query: `query Page($first: Int!) {
      entries(first: $first, orderBy: TITLE_ASC) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename id title kind status
          department { slug name sv: name(language: sv) }
          principles { principle { code } rationale }
          relations { type entry { title department { slug } } }
          versions { number publishedAt }
          withheld { field legalGround byLaterVersion }
          ... on Algorithm { accountability { humanOversight reversible } }
        }
      }
    }`,
    variables: { first: 20 },
  },
  {
    what: 'fragments, aliases and @skip/@include',
    query: `query Parts($skip: Boolean!, $with: Boolean!) {
      a: entries(first: 2) { nodes { ...Named title @skip(if: $skip) } }
      b: entries(first: 1, orderBy: TITLE_ASC) { nodes { id @include(if: $with) } }
    }
    fragment Named on RegistryEntry { id slug }`,
    variables: { skip: true, with: false },
  },
  {
    what: 'a field error beside data (BAD_USER_INPUT at its path)',
    query: `{ entries(first: 1) { nodes { id } } entry(id: "no such id") { id } }`,
  },
  {
    what: 'an unknown entry (null) and one more operation in the document',
    query: `query One { entry(slug: "no-such-entry") { id } } query Two { principles { code } }`,
  },
];

describe('compiled execution (graphql-jit) answers as graphql-js does', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  const compile = compileQuery as jest.MockedFunction<typeof compileQuery>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('compiled-execution', { INSYN_GRAPHQL_COMPILE_AT: '3' });
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    for (const [i, kind] of Object.values(EntryKind).entries())
      await createPublishedEntry(db, { kind, content: { title: `Kompilerad ${i}` } });
  });
  afterAll(async () => {
    await api.stop();
  });

  it.each(OPERATIONS)('$what: twice on graphql-js, then compiled, the same answer', async (op) => {
    for (const [who, token] of [
      ['anonymous', undefined],
      ['auditor', tokens.auditor],
    ] as const) {
      // A text of its own per caller: the count is per text and operation name.
      const query = `${op.query} # ${who}`;
      const operationName = op.query.includes('query Two') ? 'Two' : undefined;
      const send = async () => {
        const response = await fetch(`${api.baseUrl}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables: op.variables, operationName }),
        });
        return { status: response.status, body: await response.json() };
      };
      compile.mockClear();
      const first = await send();
      const second = await send();
      expect(compile).not.toHaveBeenCalled();
      const third = await send();
      const fourth = await send();
      expect(compile).toHaveBeenCalledTimes(1); // compiled once, on the third
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(fourth).toEqual(first);
      expect(first.status).toBe(200);
      expect(first.body.data).toBeDefined();
    }
  });

  it('keeps error codes, messages and paths: a field error among data', async () => {
    const query = OPERATIONS[2].query;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.graphql().request(query));
    for (const answer of answers) {
      expect(answer.data?.entries).toEqual({ nodes: [expect.any(Object)] });
      expect(answer.data?.entry).toBeNull();
      expect(answer.errors).toEqual([
        expect.objectContaining({
          path: ['entry'],
          locations: [expect.objectContaining({ line: 1 })],
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      expect(JSON.stringify(answer)).not.toMatch(/\bat \/|node_modules|stack/);
    }
  });

  it('compiles neither a mutation, nor a query with a variable inside a literal or a default, nor an unknown operation', async () => {
    compile.mockClear();
    const editor = api.graphql(tokens.editorA);
    for (let i = 0; i < 4; i++) {
      // graphql-jit would read `[$v]` without the variable; graphql-js names the bad item.
      const nested = await editor.request(
        `mutation($v: Float!) { registerAlgorithm(departmentSlug: "department-a", input: { title: "T", geographicArea: { geoJson: { type: "Point", coordinates: [$v, "x"] } } }) { id } }`,
        { v: 18 },
      );
      expect(nested.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const filtered = await editor.request(
        `query($d: String!) { entries(first: 1, filter: { department: [$d] }) { totalCount } }`,
        { d: 'department-a' },
      );
      expect(filtered.errors).toBeUndefined();
      // graphql-jit would hand the resolver the default as a text, not a Date.
      const defaulted = await editor.request(
        `query($at: DateTime = "2030-01-01T00:00:00Z") { entries(asOf: $at, first: 1) { totalCount } }`,
      );
      expect(defaulted.errors).toBeUndefined();
      const unknown = await editor.request(`query A { principles { code } }`, undefined);
      expect(unknown.errors).toBeUndefined();
    }
    const named = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ principles { code } }', operationName: 'Nope' }),
    });
    expect(named.status).toBe(400);
    // Only the plain query with its name was compiled (on its third run).
    expect(compile).toHaveBeenCalledTimes(1);
    expect(compile.mock.calls[0][2]).toBe('A');
  });

  it("never compiles a text that could forge graphql-jit's markers: it would run as code in the API", async () => {
    const date = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const nan = '__MAGIC_NAN__57f286b9_4c20_487f_b409_79804ddcb4f8';
    const payload = `0)+(globalThis.insynForged=1)+(0`;
    const forged = global as { insynForged?: number };
    compile.mockClear();
    for (const query of [
      `{ entry(slug: "${date}${payload}") { id } }`,
      `{ entry(slug: """${date}${payload}""") { id } }`,
      // The marker only once the escape is read: the check is on values, not on the text.
      `{ entry(slug: "\\u005F${date.slice(1)}${payload}") { id } }`,
      `{ entries(first: 1, filter: { department: ["${date}${payload}"] }) { totalCount } }`,
      `{ entry(slug: "${nan}") { id } }`,
    ]) {
      // Refused as too long, or not found: the same each time, and nothing run.
      const first = await api.graphql().request(query);
      expect(first.errors?.map((e) => e.extensions?.code) ?? []).not.toContain(
        'INTERNAL_SERVER_ERROR',
      );
      for (let i = 0; i < 3; i++) expect(await api.graphql().request(query)).toEqual(first);
    }
    // Without the check, the first text set it (tried).
    expect(forged.insynForged).toBeUndefined();
    expect(compile).not.toHaveBeenCalled();
  });

  it('compiles nothing with INSYN_GRAPHQL_COMPILE_AT=0', async () => {
    const off = await RegistryApiHarness.start('compiled-execution-off', {
      INSYN_GRAPHQL_COMPILE_AT: '0',
    });
    try {
      compile.mockClear();
      for (let i = 0; i < 5; i++)
        expect(await off.graphql().data(`{ principles { code } }`)).toEqual({
          principles: expect.arrayContaining([
            expect.objectContaining({ code: expect.any(String) }),
          ]),
        });
      expect(compile).not.toHaveBeenCalled();
    } finally {
      await off.stop();
    }
  });
});
