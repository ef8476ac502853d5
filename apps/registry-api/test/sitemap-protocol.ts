import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** What a sitemap (`<urlset>`) lists: each page, its last change, and its language alternates. */
export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  alternates: Map<string, string>;
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** The protocol's W3C datetime: a day, or a day and a time to the minute or finer, with a zone. */
const W3C_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['url', 'sitemap', 'xhtml:link'].includes(name),
});

/** An error naming the rule of the protocol a document breaks. */
function fail(rule: string, detail: unknown): never {
  throw new Error(`sitemap protocol: ${rule}: ${JSON.stringify(detail)}`);
}

function parse(xml: string): Record<string, unknown> {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) fail('not well-formed XML', wellFormed.err);
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'))
    fail('no UTF-8 declaration', xml.slice(0, 60));
  return parser.parse(xml) as Record<string, unknown>;
}

/** A location: absolute, under the site's origin, at most 2,048 characters, entity-escaped. */
function checkLoc(loc: unknown, origin: string): string {
  if (typeof loc !== 'string') fail('a <loc> is text', loc);
  if (loc.length > 2048) fail('a <loc> has at most 2,048 characters', loc.length);
  if (!loc.startsWith(`${origin}/`)) fail('every <loc> is on the sitemap’s own site', loc);
  if (new URL(loc).href !== loc) fail('a <loc> is a URL as written', loc);
  return loc;
}

function checkLastmod(lastmod: unknown): string | undefined {
  if (lastmod === undefined) return undefined;
  if (
    typeof lastmod !== 'string' ||
    !W3C_DATETIME.test(lastmod) ||
    Number.isNaN(Date.parse(lastmod))
  )
    fail('<lastmod> is a W3C datetime', lastmod);
  return lastmod;
}

/**
 * Reads a sitemap, checking the sitemaps.org protocol (well-formed UTF-8 XML in its namespace,
 * at most 50,000 URLs, each location absolute on the site, W3C datetimes) and the rules search
 * engines give for language alternates: each page names itself and an `x-default`, and every
 * page it names as an alternate names it back.
 */
export function readSitemap(xml: string, origin: string): SitemapUrl[] {
  const doc = parse(xml);
  const urlset = doc.urlset as Record<string, unknown> | undefined;
  if (!urlset) fail('the root is <urlset>', Object.keys(doc));
  if (urlset['@xmlns'] !== SITEMAP_NS)
    fail('<urlset> is in the sitemap namespace', urlset['@xmlns']);
  if (urlset['@xmlns:xhtml'] !== XHTML_NS)
    fail('xhtml: is the XHTML namespace', urlset['@xmlns:xhtml']);
  const items = (urlset.url ?? []) as Record<string, unknown>[];
  if (items.length > 50_000) fail('at most 50,000 URLs', items.length);
  const urls = items.map((item): SitemapUrl => {
    const loc = checkLoc(item.loc, origin);
    const links = (item['xhtml:link'] ?? []) as Record<string, string>[];
    const alternates = new Map<string, string>();
    for (const link of links) {
      if (link['@rel'] !== 'alternate') fail('an xhtml:link is rel="alternate"', link);
      if (alternates.has(link['@hreflang'])) fail('one alternate per language', { loc, link });
      alternates.set(link['@hreflang'], checkLoc(link['@href'], origin));
    }
    return { loc, lastmod: checkLastmod(item.lastmod), alternates };
  });
  const byLoc = new Map(urls.map((url) => [url.loc, url]));
  if (byLoc.size !== urls.length) fail('each location once', urls.length - byLoc.size);
  for (const url of urls) {
    if (!url.alternates.size) continue;
    if (![...url.alternates.values()].includes(url.loc))
      fail('a page names itself among its alternates', url.loc);
    if (!url.alternates.has('x-default')) fail('a page names an x-default', url.loc);
    for (const [hreflang, href] of url.alternates) {
      if (hreflang === 'x-default') continue;
      const other = byLoc.get(href);
      if (!other || ![...other.alternates.values()].includes(url.loc))
        fail('alternates name each other', { from: url.loc, to: href });
    }
  }
  return urls;
}

/** Reads a sitemap index: well-formed, in the namespace, at most 50,000 sitemaps on the site. */
export function readSitemapIndex(xml: string, origin: string): { loc: string; lastmod?: string }[] {
  const doc = parse(xml);
  const index = doc.sitemapindex as Record<string, unknown> | undefined;
  if (!index) fail('the root is <sitemapindex>', Object.keys(doc));
  if (index['@xmlns'] !== SITEMAP_NS)
    fail('<sitemapindex> is in the sitemap namespace', index['@xmlns']);
  const items = (index.sitemap ?? []) as Record<string, unknown>[];
  if (!items.length || items.length > 50_000) fail('1 to 50,000 sitemaps', items.length);
  return items.map((item) => ({
    loc: checkLoc(item.loc, origin),
    lastmod: checkLastmod(item.lastmod),
  }));
}
