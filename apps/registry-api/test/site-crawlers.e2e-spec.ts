import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ContentLanguage, EntryKind } from '@insyn/registry';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { SiteCrawlersController } from '../src/site/crawlers/site-crawlers.controller';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';
import { readSitemap, readSitemapIndex, SitemapUrl } from './sitemap-protocol';

const ORIGIN = 'https://insyn.stad.example.se';

/**
 * What search engines read, over HTTP: robots.txt and the sitemap. The sitemap lists what the
 * public may reach (through the visibility policy: no draft, retired entries kept) and nothing
 * else, each page in both languages, dated as the feeds date it; every address it gives answers.
 */
describe('robots.txt and the sitemap', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let db: DataSource;
  let crawlers: SiteCrawlersController;
  const ids: Record<string, string> = {};

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers, redirect: 'manual' });
  /** A document the site answers 200 to, by its public address or its path. */
  const text = async (address: string) => {
    const path = address.startsWith(ORIGIN) ? address.slice(ORIGIN.length) : address;
    const response = await get(path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.text();
  };
  /** Every URL of every sitemap the index lists, by sitemap. */
  const sitemaps = async (): Promise<Map<string, SitemapUrl[]>> => {
    const index = readSitemapIndex(await text('/sitemap.xml'), ORIGIN);
    const all = new Map<string, SitemapUrl[]>();
    for (const { loc } of index) all.set(loc, readSitemap(await text(loc), ORIGIN));
    return all;
  };
  const slugOf = async (id: string) =>
    ((await db.query('SELECT slug FROM entry WHERE id = $1', [id])) as { slug: string }[])[0].slug;
  /** The entries' slugs the sitemaps list (each once per language). */
  const listedSlugs = (urls: SitemapUrl[]) =>
    urls
      .map((u) => /\/sv\/entries\/([^/?]+)$/.exec(u.loc)?.[1])
      .filter((s): s is string => s !== undefined);

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-crawlers',
      { INSYN_PUBLIC_URL: ORIGIN },
      { rateLimit: { limit: 100_000 } },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    crawlers = api.app.get(SiteCrawlersController);
    ids.algorithm = await setup.published(EntryKind.ALGORITHM, 'Prioritering av ärenden', 'A', {
      translations: [{ language: ContentLanguage.en, title: 'Prioritising cases' }],
    });
    ids.dataset = await setup.published(EntryKind.DATASET, 'Ansökningar om bistånd', 'B');
    ids.retired = await setup.published(EntryKind.IOT_DEPLOYMENT, 'Bullermätare Sveavägen');
    await setup.retire(ids.retired);
    ids.draft = await setup.draft(EntryKind.ALGORITHM, 'Utkast som aldrig publicerats');
    // Published, then edited: listed by its published address, the draft's edit unseen.
    ids.edited = await setup.published(EntryKind.DATASET, 'Cykelräkningar');
    await setup.edit(ids.edited, EntryKind.DATASET, { title: 'Cykelräkningar, nytt namn' });
  });

  afterAll(() => api?.stop());

  it('robots.txt names the sitemap at the public address, and closes the search and the forms', async () => {
    const response = await get('/robots.txt');
    expect(response.status).toBe(200);
    // The city's own copy: no page tells search engines to stay away.
    expect((await get('/sv/')).headers.get('x-robots-tag')).toBeNull();
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const body = await response.text();
    expect(body).toContain(`Sitemap: ${ORIGIN}/sitemap.xml\n`);
    expect(body).toContain('Disallow: /sv/search\n');
    expect(body).toContain('Disallow: /en/entries/*/concerns\n');
    const etag = response.headers.get('etag')!;
    expect((await get('/robots.txt', { 'If-None-Match': etag })).status).toBe(304);
  });

  it('lists every entry the public may reach, retired ones too, and no draft', async () => {
    const all = await sitemaps();
    expect([...all.keys()]).toEqual([
      `${ORIGIN}/sitemaps/pages.xml`,
      `${ORIGIN}/sitemaps/entries.xml`,
    ]);
    const entries = all.get(`${ORIGIN}/sitemaps/entries.xml`)!;
    const expected = await Promise.all(
      [ids.algorithm, ids.dataset, ids.retired, ids.edited].map(slugOf),
    );
    expect(listedSlugs(entries).sort()).toEqual(expected.sort());
    expect(entries).toHaveLength(expected.length * 2);
    const draftSlug = await slugOf(ids.draft);
    expect(entries.some((u) => u.loc.includes(draftSlug))).toBe(false);
    // Every address answers, in both languages: the sitemap sends crawlers to no 404.
    for (const url of entries) expect(await text(url.loc)).toContain('<html');
  });

  it('dates each entry’s page as the Atom feed dates the entry', async () => {
    const feed = await text('/sv/feeds/entries.atom');
    const updated = new Map(
      [...feed.matchAll(/<entry>[\s\S]*?href="([^"]+)"[\s\S]*?<updated>([^<]+)<\/updated>/g)].map(
        ([, href, time]) => [href, new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')],
      ),
    );
    const entries = (await sitemaps()).get(`${ORIGIN}/sitemaps/entries.xml`)!;
    const swedish = entries.filter((u) => u.loc.includes('/sv/'));
    expect(swedish).toHaveLength(4);
    for (const url of swedish)
      expect({ loc: url.loc, lastmod: url.lastmod }).toEqual({
        loc: url.loc,
        lastmod: updated.get(url.loc),
      });
  });

  it('lists the other pages, each department and principle, and each of them answers', async () => {
    const pages = (await sitemaps()).get(`${ORIGIN}/sitemaps/pages.xml`)!;
    const locs = pages.map((u) => u.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${ORIGIN}/sv/`,
        `${ORIGIN}/en/`,
        `${ORIGIN}/sv/departments/${tokens.departmentA.slug}`,
        `${ORIGIN}/en/departments/${tokens.departmentB.slug}`,
        `${ORIGIN}/sv/principles/PRIVACY_AND_SECURITY`,
        `${ORIGIN}/en/accessibility`,
      ]),
    );
    expect(locs.some((loc) => loc.includes('/search'))).toBe(false);
    for (const loc of locs) expect(await text(loc)).toContain('<html');
  });

  it('shares a large register out by id, each entry in exactly one sitemap, and answers only those listed', async () => {
    const whole = listedSlugs((await sitemaps()).get(`${ORIGIN}/sitemaps/entries.xml`)!);
    const planned = crawlers.entriesPerSitemap;
    crawlers.entriesPerSitemap = 1;
    try {
      const all = await sitemaps();
      const shares = [...all.keys()].filter((loc) => loc.includes('/entries-'));
      expect(shares).toEqual(
        [...'0123456789abcdef'].map((d) => `${ORIGIN}/sitemaps/entries-${d}.xml`),
      );
      const listed = shares.flatMap((loc) => listedSlugs(all.get(loc)!));
      expect(listed.sort()).toEqual([...whole].sort());
      for (const id of [ids.algorithm, ids.dataset, ids.retired, ids.edited]) {
        const slug = await slugOf(id);
        const share = `${ORIGIN}/sitemaps/entries-${id[0]}.xml`;
        expect({ slug, in: listedSlugs(all.get(share)!) }).toEqual({
          slug,
          in: expect.arrayContaining([slug]),
        });
      }
      // A sitemap the index does not list is not served: the whole register in one, asked for
      // once it is shared out, would be read whole.
      for (const file of ['entries.xml', 'entries-00.xml', 'entries-g.xml', 'x.xml'])
        expect({ file, status: (await get(`/sitemaps/${file}`)).status }).toEqual({
          file,
          status: 404,
        });
    } finally {
      crawlers.entriesPerSitemap = planned;
    }
    expect((await get('/sitemaps/entries-0.xml')).status).toBe(404);
  });

  it('answers 304 to a crawler’s copy until the public register changes, without reading it', async () => {
    const first = await get('/sitemaps/entries.xml');
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=60/);
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    // The 304 is one indexed statement (the register's count and last change); the whole
    // sitemap one more for each 500 entries.
    const query = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      expect((await get('/sitemaps/entries.xml', { 'If-None-Match': etag })).status).toBe(304);
      expect(query).toHaveBeenCalledTimes(1);
      query.mockClear();
      expect((await get('/sitemaps/entries.xml')).status).toBe(200);
      expect(query).toHaveBeenCalledTimes(2);
    } finally {
      query.mockRestore();
    }
    const head = await fetch(`${api.baseUrl}/sitemaps/entries.xml`, { method: 'HEAD' });
    expect([head.status, head.headers.get('etag'), await head.text()]).toEqual([200, etag, '']);
    // A draft's edit changes nothing the public sees: the same copy.
    await setup.edit(ids.algorithm, EntryKind.ALGORITHM, { summary: 'Ett nytt utkast.' });
    expect((await get('/sitemaps/entries.xml', { 'If-None-Match': etag })).status).toBe(304);
    // A publication does.
    const added = await setup.published(EntryKind.DATASET, 'Trädinventering');
    const after = await get('/sitemaps/entries.xml', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(listedSlugs(readSitemap(await after.text(), ORIGIN))).toContain(await slugOf(added));
  });

  it('takes only GET and HEAD', async () => {
    for (const path of ['/robots.txt', '/sitemap.xml', '/sitemaps/pages.xml']) {
      const response = await fetch(`${api.baseUrl}${path}`, { method: 'POST' });
      expect({ path, status: response.status, allow: response.headers.get('allow') }).toEqual({
        path,
        status: 405,
        allow: 'GET, HEAD',
      });
    }
  });
});

describe('a copy of the registry not to be indexed (INSYN_SEARCH_ENGINES=noindex)', () => {
  let api: RegistryApiHarness;

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-crawlers-noindex',
      { INSYN_PUBLIC_URL: 'https://insyn-test.stad.example.se', INSYN_SEARCH_ENGINES: 'noindex' },
      { rateLimit: { limit: 100_000 } },
    );
  });

  afterAll(() => api?.stop());

  it('says noindex on every answer: pages, feeds, exports, GraphQL, refusals', async () => {
    const answers = [
      await fetch(`${api.baseUrl}/sv/`),
      await fetch(`${api.baseUrl}/en/feeds/entries.atom`),
      await fetch(`${api.baseUrl}/exports`),
      await fetch(`${api.baseUrl}/sv/no-such-page`),
      await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
    ];
    expect(
      answers.map((r) => [
        r.url.slice(api.baseUrl.length),
        r.status,
        r.headers.get('x-robots-tag'),
      ]),
    ).toEqual([
      ['/sv/', 200, 'noindex, nofollow'],
      ['/en/feeds/entries.atom', 200, 'noindex, nofollow'],
      ['/exports', 200, 'noindex, nofollow'],
      ['/sv/no-such-page', 404, 'noindex, nofollow'],
      ['/graphql', 200, 'noindex, nofollow'],
    ]);
  });

  it('lets crawlers in to read that, and has no sitemap', async () => {
    const robots = await (await fetch(`${api.baseUrl}/robots.txt`)).text();
    expect(robots).toMatch(/^User-agent: \*\nDisallow:\n/m);
    expect(robots).not.toContain('Sitemap:');
    for (const path of ['/sitemap.xml', '/sitemaps/pages.xml', '/sitemaps/entries.xml'])
      expect({ path, status: (await fetch(`${api.baseUrl}${path}`)).status }).toEqual({
        path,
        status: 404,
      });
  });
});
