import { EntryView } from '@insyn/registry';
import { escapeXml } from '../feeds/atom-feed';
import { SITE_LANGUAGES } from '../i18n/messages';
import { lastPublicChangeOf } from '../views/format';
import { languageAlternates } from '../views/page-context';

/** The most URLs one sitemap may list (sitemaps.org protocol; also at most 50 MB). */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * The entries one sitemap of entries is planned to hold: each is listed once per site language,
 * and the shares of the register (below) differ a little in size, so a fifth is left spare.
 */
export const ENTRIES_PER_SITEMAP = Math.floor((SITEMAP_MAX_URLS * 0.8) / SITE_LANGUAGES.length);

/** At most 16³ sitemaps of entries: well under the 50,000 one index may list. */
const MAX_SHARE_DIGITS = 3;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * How the public entries are shared out over sitemaps: by the first hex digits of their ids.
 * Ids are random, so the shares are near equal in size, and an entry keeps its share as the
 * register grows (until the register outgrows the number of shares). The empty share: one
 * sitemap of them all.
 */
export function entryShares(count: number, perSitemap = ENTRIES_PER_SITEMAP): string[] {
  let digits = 0;
  while (count > perSitemap * 16 ** digits && digits < MAX_SHARE_DIGITS) digits++;
  if (digits === 0) return [''];
  return Array.from({ length: 16 ** digits }, (_, i) => i.toString(16).padStart(digits, '0'));
}

/** The file of a share under `/sitemaps/`: `entries.xml`, `entries-a3.xml`. */
export function shareFile(share: string): string {
  return share ? `entries-${share}.xml` : 'entries.xml';
}

/** The share a file under `/sitemaps/` names, or null for any other name. */
export function shareOfFile(file: string): string | null {
  const match = /^entries(?:-([0-9a-f]{1,3}))?\.xml$/.exec(file);
  return match ? (match[1] ?? '') : null;
}

/** Hex digits as a uuid, padded with zeros: `a3` → `a3000000-0000-0000-0000-000000000000`. */
function uuidOfPrefix(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The ids of a share: from its prefix, before the next one (the last share has no end). */
export function shareIdRange(share: string): { from?: string; before?: string } {
  if (!share) return {};
  const next = parseInt(share, 16) + 1;
  return {
    from: uuidOfPrefix(share),
    before:
      next < 16 ** share.length
        ? uuidOfPrefix(next.toString(16).padStart(share.length, '0'))
        : undefined,
  };
}

/** A moment as the protocol's W3C datetime, to the second. */
const w3cDatetime = (moment: Date): string => moment.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The sitemap index (`/sitemap.xml`): the sitemaps at these paths, with their last change. */
export function sitemapIndex(
  origin: string,
  sitemaps: readonly { path: string; lastmod?: Date | null }[],
): string {
  const items = sitemaps.map(
    ({ path, lastmod }) =>
      `  <sitemap><loc>${escapeXml(origin + path)}</loc>${lastmod ? `<lastmod>${w3cDatetime(lastmod)}</lastmod>` : ''}</sitemap>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${items.join('')}</sitemapindex>\n`;
}

/** A sitemap's start and end; its `<url>` elements come between (pageUrls, entryUrls). */
export const URLSET_START = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n`;
export const URLSET_END = '</urlset>\n';

/**
 * A page of the site (`path` after the language) as one `<url>` per site language, each naming
 * the page in every language and the chooser, as the page's own head does.
 */
export function pageUrls(origin: string, path: string, lastmod?: Date): string {
  const alternates = languageAlternates(origin, path);
  const links = alternates
    .map(
      ({ hreflang, href }) =>
        `<xhtml:link rel="alternate" hreflang="${escapeXml(hreflang)}" href="${escapeXml(href)}"/>`,
    )
    .join('');
  const modified = lastmod ? `<lastmod>${w3cDatetime(lastmod)}</lastmod>` : '';
  return alternates
    .filter(({ hreflang }) => hreflang !== 'x-default')
    .map(({ href }) => `  <url><loc>${escapeXml(href)}</loc>${modified}${links}</url>\n`)
    .join('');
}

/** A public entry's page, changed when the public's view of it last changed (as in the feeds). */
export function entryUrls(origin: string, view: EntryView): string {
  return pageUrls(origin, `/entries/${view.entry.slug}`, lastPublicChangeOf(view));
}
