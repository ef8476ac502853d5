import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createTestTokens, eventually, TcpProxy, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/** PostgreSQL down: a typed SERVICE_UNAVAILABLE, with no SQL, address or stack in the answer. */
describe('database unavailable', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let proxy: TcpProxy;
  const lines: { level: number; msg?: string; [key: string]: unknown }[] = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    api = await RegistryApiHarness.start(
      'database-unavailable',
      { LOG_LEVEL: 'info' },
      {
        logStream,
        databaseUrl: async (url) => {
          const through = await TcpProxy.before(url);
          proxy = through.proxy;
          return through.url;
        },
      },
    );
    tokens = await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.stop();
    await proxy?.cut();
  });

  const LEAKS =
    /ECONN|SELECT|INSERT|api_token|department|127\.0\.0\.1|\.(js|ts):\d+|stack|driverError/i;

  it('answers SERVICE_UNAVAILABLE while the database is down, and recovers when it is back', async () => {
    const read = '{ departments { slug } }';
    expect((await api.graphql().data(read)).departments.length).toBeGreaterThan(0);

    await proxy.cut();
    const cases = [
      // Anonymous read.
      await api.graphql().request(read),
      // A token: authentication itself needs the database.
      await api.graphql(tokens.editorA).request(read),
      // A write.
      await api
        .graphql(tokens.editorA)
        .request(
          `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "Nere" }) { id } }`,
        ),
    ];
    for (const result of cases) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(result.errors?.[0].message).toBe(
        'The registry database is unavailable; try again shortly',
      );
      const { message, extensions } = result.errors![0];
      expect(JSON.stringify({ message, extensions })).not.toMatch(LEAKS);
    }
    const health = await fetch(`${api.baseUrl}/health`);
    expect(health.status).toBe(503);
    // Public: the state, not PostgreSQL's or the driver's own words.
    const body = (await health.json()) as { error: { database: { message: string } } };
    expect(body.error.database.message).toBe(
      'PostgreSQL did not answer, or refused the connection (the API log says why)',
    );
    expect(JSON.stringify(body)).not.toMatch(LEAKS);
    // A site page: 503 with when to try again. Its log line names the cause at error level (an
    // operator must look); the request's completion line is warn, with no made-up stack.
    lines.length = 0;
    const page = await fetch(`${api.baseUrl}/sv/departments`, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('retry-after')]).toEqual([503, '30']);
    expect(await page.text()).not.toMatch(
      /ECONN|SELECT|api_token|\.(js|ts):\d+|stack|driverError/i,
    );
    const said = lines.find((l) => l.msg === 'site page unavailable');
    expect(said).toMatchObject({ level: 50, path: '/sv/departments' });
    expect(said?.cause).toEqual(expect.any(String));
    expect(said?.cause).not.toBe('Error');
    const completed = lines.filter((l) => /^request (completed|errored)$/.test(String(l.msg)));
    expect(completed.map((l) => [l.level, l.err])).toEqual([[40, undefined]]);

    // Files programs fetch: the same 503 with Retry-After in the API's JSON, never a 500 or the
    // site's HTML page, and never cached as the file; logged once at error, without a stack.
    for (const [path, accept] of [
      ['/exports/entries.csv', '*/*'],
      ['/exports/dcat-ap.jsonld', 'application/ld+json'],
      ['/signs/luftsensorer.svg', 'image/svg+xml'],
      ['/sv/feeds/entries.atom', 'application/atom+xml'],
      ['/sv/map/iot-deployments.geojson', 'application/geo+json'],
    ]) {
      lines.length = 0;
      const file = await fetch(`${api.baseUrl}${path}`, { headers: { accept } });
      expect([path, file.status, file.headers.get('retry-after')]).toEqual([path, 503, '30']);
      expect(file.headers.get('content-type')).toMatch(/^application\/json/);
      expect(file.headers.get('cache-control')).toBe('no-store');
      expect(file.headers.get('etag')).toBeNull();
      expect(await file.json()).toEqual({
        errors: [
          {
            message:
              'The register cannot be read right now; try again after the number of seconds in Retry-After',
            extensions: { code: 'SERVICE_UNAVAILABLE' },
          },
        ],
      });
      const logged = lines.filter((l) => l.level >= 50);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ path });
      expect(logged[0].err).toBeUndefined();
    }

    await proxy.listen();
    const { value } = await eventually(
      () => api.graphql().request(read),
      (result) => result.errors === undefined,
      { what: 'reads once the database is back' },
    );
    expect((value.data as { departments: unknown[] }).departments.length).toBeGreaterThan(0);
  });
});
