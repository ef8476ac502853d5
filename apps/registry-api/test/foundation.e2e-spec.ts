import { RegistryApiHarness } from './registry-api.harness';

describe('registry API foundation (real PostgreSQL and Meilisearch)', () => {
  let api: RegistryApiHarness;
  beforeAll(async () => {
    api = await RegistryApiHarness.start('foundation');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('serves the five principles seeded by migration, in both languages', async () => {
    const data = await api
      .graphql()
      .data<{ sv: { code: string; title: string }[]; en: { code: string; titleEn: string }[] }>(
        `{ sv: principles(language: sv) { code title } en: principles { code titleEn } }`,
      );
    expect(data.sv.map((p) => p.code)).toEqual([
      'ACCESS_AND_LITERACY',
      'PRIVACY_AND_SECURITY',
      'TRANSPARENCY_AND_NON_DISCRIMINATION',
      'PARTICIPATION_AND_INCLUSION',
      'OPEN_ETHICAL_STANDARDS',
    ]);
    expect(data.sv[1].title).toBe('Integritet, dataskydd och säkerhet');
    expect(data.en[1].titleEn).toBe('Privacy, data protection and security');
  });

  it('reports database and search health', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { info: Record<string, { status: string }> };
    expect(body.info.database.status).toBe('up');
    expect(body.info.search.status).toBe('up');
  });

  it('answers a malformed query with a GraphQL error and no stack trace', async () => {
    const result = await api.graphql().request('{ principles { nosuchfield } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('tags every response with a request id, reusing a well-formed one', async () => {
    const response = await fetch(`${api.baseUrl}/health`, {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });
});
