import { getIntrospectionQuery } from 'graphql';
import { QUERY_LIMITS } from '../src/graphql/query-cost.plugin';
import { RegistryApiHarness } from './registry-api.harness';

/** Depth and cost limits refuse abusive operations before any resolver runs. */
describe('GraphQL query limits', () => {
  let api: RegistryApiHarness;
  beforeAll(async () => {
    api = await RegistryApiHarness.start('query-limits');
  });
  afterAll(async () => {
    await api.stop();
  });

  const nest = (levels: number) =>
    `{ entries(first: 1) { nodes { ${'relations { entry { '.repeat(levels)}title${' } }'.repeat(levels)} } } }`;

  it('refuses a query nested deeper than the limit, with a clear message', async () => {
    const result = await api.graphql().request(nest(6));
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toMatch(new RegExp(`at most ${QUERY_LIMITS.maxDepth}`));
  });

  it('refuses a query estimated too costly', async () => {
    const result = await api
      .graphql()
      .request(
        `{ entries(first: 100) { nodes { relations { entry { relations { entry { relations { entry { department { slug } } } } } } } } } }`,
      );
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toMatch(/estimated to cost \d+/);
  });

  it('answers ordinary queries and introspection', async () => {
    const ok = await api.graphql().request(nest(3));
    expect(ok.errors).toBeUndefined();
    const introspection = await api.graphql().request(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
  });
});
