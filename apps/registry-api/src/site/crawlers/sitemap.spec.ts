import fc from 'fast-check';
import type { EntryView } from '@insyn/registry';
import { readSitemap, readSitemapIndex } from '../../../test/sitemap-protocol';
import { SITE_LANGUAGES } from '../i18n/messages';
import {
  ENTRIES_PER_SITEMAP,
  entryShares,
  entryUrls,
  pageUrls,
  SITEMAP_MAX_URLS,
  shareFile,
  shareIdRange,
  shareOfFile,
  sitemapIndex,
  URLSET_END,
  URLSET_START,
} from './sitemap';

const ORIGIN = 'https://insyn.stad.example.se';

/** The parts of a public view the sitemap reads. */
function viewOf(slug: string, times: { published?: string; retired?: string }): EntryView {
  return {
    entry: {
      slug,
      retiredAt: times.retired ? new Date(times.retired) : null,
      lastPublishedAt: times.published ? new Date(times.published) : null,
    },
    version: {
      publishedAt: times.published ? new Date(times.published) : null,
      updatedAt: new Date('2026-01-01T00:00:00Z'),
    },
  } as unknown as EntryView;
}

describe('sitemap', () => {
  it('plans each sitemap of entries to stay under the protocol’s 50,000 URLs, every language counted', () => {
    expect(ENTRIES_PER_SITEMAP * SITE_LANGUAGES.length).toBeLessThan(SITEMAP_MAX_URLS);
    expect(entryShares(0)).toEqual(['']);
    expect(entryShares(ENTRIES_PER_SITEMAP)).toEqual(['']);
    expect(entryShares(ENTRIES_PER_SITEMAP + 1)).toHaveLength(16);
    expect(entryShares(16 * ENTRIES_PER_SITEMAP)).toHaveLength(16);
    expect(entryShares(16 * ENTRIES_PER_SITEMAP + 1)).toHaveLength(256);
    // Past 16³ shares the index would outgrow what it may list: the shares grow instead.
    expect(entryShares(Number.MAX_SAFE_INTEGER)).toHaveLength(4096);
    expect(entryShares(5, 2)).toEqual([...'0123456789abcdef']);
  });

  it('puts every id in exactly one share, the one its first digits name (uuid order is hex order)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 3 }), (id, digits) => {
        const shares = entryShares(16 ** digits * 10, 10);
        const holding = shares.filter((share) => {
          const { from, before } = shareIdRange(share);
          return (from === undefined || id >= from) && (before === undefined || id < before);
        });
        expect(holding).toEqual([id.slice(0, digits)]);
      }),
    );
    expect(shareIdRange('')).toEqual({});
    expect(shareIdRange('f')).toEqual({ from: 'f0000000-0000-0000-0000-000000000000' });
    expect(shareIdRange('a3')).toEqual({
      from: 'a3000000-0000-0000-0000-000000000000',
      before: 'a4000000-0000-0000-0000-000000000000',
    });
  });

  it('names each share’s file, and reads back only those names', () => {
    for (const share of ['', ...entryShares(16 ** 3 * 10, 10)])
      expect(shareOfFile(shareFile(share))).toBe(share);
    for (const name of [
      'entries-.xml',
      'entries-g.xml',
      'entries-A.xml',
      'entries-abcd.xml',
      'entries.xml.gz',
      'pages.xml',
      '../entries.xml',
      'entries-0.xml\u0000',
    ])
      expect({ name, share: shareOfFile(name) }).toEqual({ name, share: null });
  });

  it('lists a page once per language, each naming all of them and the chooser, as the page’s head does', () => {
    const urls = readSitemap(URLSET_START + pageUrls(ORIGIN, '/departments') + URLSET_END, ORIGIN);
    expect(urls.map((u) => u.loc)).toEqual(
      SITE_LANGUAGES.map((lang) => `${ORIGIN}/${lang}/departments`),
    );
    for (const url of urls)
      expect(Object.fromEntries(url.alternates)).toEqual({
        ...Object.fromEntries(SITE_LANGUAGES.map((l) => [l, `${ORIGIN}/${l}/departments`])),
        'x-default': `${ORIGIN}/`,
      });
  });

  it('dates an entry’s page by its latest publication or retirement, as the feeds do', () => {
    const xml =
      URLSET_START +
      entryUrls(ORIGIN, viewOf('luftkvalitet', { published: '2026-03-01T10:00:00.250Z' })) +
      entryUrls(
        ORIGIN,
        viewOf('parkering', {
          published: '2026-03-01T10:00:00Z',
          retired: '2026-05-02T08:00:00Z',
        }),
      ) +
      URLSET_END;
    const urls = readSitemap(xml, ORIGIN);
    expect(urls[0].alternates.get('x-default')).toBe(`${ORIGIN}/entries/luftkvalitet`);
    expect(urls.map((u) => [u.loc, u.lastmod])).toEqual([
      [`${ORIGIN}/sv/entries/luftkvalitet`, '2026-03-01T10:00:00Z'],
      [`${ORIGIN}/en/entries/luftkvalitet`, '2026-03-01T10:00:00Z'],
      [`${ORIGIN}/sv/entries/parkering`, '2026-05-02T08:00:00Z'],
      [`${ORIGIN}/en/entries/parkering`, '2026-05-02T08:00:00Z'],
    ]);
  });

  it('escapes what it writes: any origin and path give well-formed XML with the address as given', () => {
    // Not a dot segment: a URL resolves "." and "..", and no page or slug the site writes is one.
    const segment = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .filter((path) => path !== '.' && path !== '..');
    fc.assert(
      fc.property(segment, (path) => {
        const origin = 'https://insyn.example.se';
        // A path as the site writes one (percent-encoded), with what XML must escape.
        const encoded = `/${encodeURIComponent(path)}?a=1&b=2`;
        const xml = URLSET_START + pageUrls(origin, encoded) + URLSET_END;
        const urls = readSitemap(xml, origin);
        expect(urls[0].loc).toBe(`${origin}/${SITE_LANGUAGES[0]}${encoded}`);
      }),
    );
  });

  it('writes an index of sitemaps, dated where the date is known', () => {
    const xml = sitemapIndex(ORIGIN, [
      { path: '/sitemaps/pages.xml' },
      { path: '/sitemaps/entries.xml', lastmod: new Date('2026-12-02T09:15:30.123Z') },
    ]);
    expect(readSitemapIndex(xml, ORIGIN)).toEqual([
      { loc: `${ORIGIN}/sitemaps/pages.xml` },
      { loc: `${ORIGIN}/sitemaps/entries.xml`, lastmod: '2026-12-02T09:15:30Z' },
    ]);
  });
});
