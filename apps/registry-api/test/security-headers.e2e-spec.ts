import { RegistryApiHarness } from './registry-api.harness';

const TILE_URL = 'https://tiles.example.org/{z}/{x}/{y}.png';
const TILE_ORIGIN = 'https://tiles.example.org';

/** `directive value value; …` as a map. */
function policyOf(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy');
  if (!header) throw new Error(`no Content-Security-Policy on ${response.url}`);
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** What every response carries, whatever its route or status. */
function expectSiteHeaders(response: Response, production: boolean): void {
  const csp = policyOf(response);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', TILE_ORIGIN]);
  expect(csp.has('upgrade-insecure-requests')).toBe(production);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  // Another origin (the tile host) learns our origin only: no path, no tracking code.
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy')).toContain('camera=()');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('x-powered-by')).toBeNull();
  if (production)
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  else expect(response.headers.get('strict-transport-security')).toBeNull();
}

const graphqlPost = (api: RegistryApiHarness) =>
  fetch(`${api.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ principles { code } }' }),
  });
const explorerPage = (api: RegistryApiHarness) =>
  fetch(`${api.baseUrl}/graphql`, { headers: { accept: 'text/html' } });

describe.each([
  ['production', true],
  ['development', false],
] as const)('security headers (NODE_ENV=%s)', (NODE_ENV, production) => {
  let api: RegistryApiHarness;
  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      `headers-${NODE_ENV}`,
      { NODE_ENV, INSYN_MAP_TILE_URL: TILE_URL },
      {
        rateLimit: { limit: 20 },
      },
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('are on GraphQL, /health, the published schema and an unknown route', async () => {
    const graphql = await graphqlPost(api);
    expect(graphql.status).toBe(200);
    expectSiteHeaders(graphql, production);

    const health = await fetch(`${api.baseUrl}/health`);
    expect(health.status).toBe(200);
    expectSiteHeaders(health, production);

    const schema = await fetch(`${api.baseUrl}/graphql/schema.graphql`);
    expect(schema.status).toBe(200);
    expectSiteHeaders(schema, production);

    const unknown = await fetch(`${api.baseUrl}/no/such/page`);
    expect(unknown.status).toBe(404);
    expectSiteHeaders(unknown, production);
  });

  it('are the same, from the same place, on the public site: pages, assets, redirects, 404s', async () => {
    const home = await fetch(`${api.baseUrl}/en/`);
    expect(home.status).toBe(200);
    expectSiteHeaders(home, production);
    const html = await home.text();
    // The page references its assets; each answer carries the one policy.
    const asset = /<(?:link|script)[^>]*(?:href|src)="(\/assets\/[^"]+)"/.exec(html);
    expect(asset).not.toBeNull();
    const assetAnswer = await fetch(`${api.baseUrl}${asset![1]}`);
    expect(assetAnswer.status).toBe(200);
    expectSiteHeaders(assetAnswer, production);
    const redirect = await fetch(`${api.baseUrl}/`, { redirect: 'manual' });
    expect([301, 302, 303]).toContain(redirect.status);
    expectSiteHeaders(redirect, production);
    const missing = await fetch(`${api.baseUrl}/en/entries/no-such-entry`);
    expect(missing.status).toBe(404);
    expectSiteHeaders(missing, production);
    // One Content-Security-Policy header, not the site's and a second one set elsewhere.
    expect(home.headers.get('content-security-policy')).not.toContain(',');
  });

  it('are on refusals made before any route: a malformed body', async () => {
    const malformed = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(malformed.status).toBe(400);
    expectSiteHeaders(malformed, production);
  });

  it('are the site policy on the GraphQL explorer page, which loads only what that allows', async () => {
    const page = await explorerPage(api);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html/i);
    expectSiteHeaders(page, production);
    // Every script and style sheet the page names comes from our origin, and none is inline.
    const sources = [...html.matchAll(/<(?:script|link)[^>]*\s(?:src|href)="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^\/(?!\/)/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    // JSON answers at the same URL carry the same policy.
    expectSiteHeaders(await graphqlPost(api), production);
  });

  it('go with a refusal of what a page on another site can post without a preflight', async () => {
    // A cross-site form or a no-cors fetch can send only these types; GraphQL runs none of them.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const forged = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': type,
          origin: 'https://elsewhere.example',
          'sec-fetch-site': 'cross-site',
        },
        body: JSON.stringify({ query: '{ principles { code } }' }),
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toMatch(/preflight/i);
      expectSiteHeaders(forged, production);
    }
  });

  it('are on a rate-limit refusal', async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 25 && !refused; i++) {
      const response = await fetch(`${api.baseUrl}/graphql/schema.graphql`);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(refused?.status).toBe(429);
    expectSiteHeaders(refused!, production);
  });
});
