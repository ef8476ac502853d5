/**
 * `/robots.txt` (RFC 9309): everything public may be read by any crawler, except the addresses
 * that are forms or endless. Search pages combine facets, words and pages without end, and every
 * entry is reached without them (the sitemap, department and principle pages); the concern,
 * tracking and erasure forms have nothing to index; GraphQL is an API. The sitemap is named.
 * Exports and signs stay open: open-data portals harvest them, and some honour robots.txt.
 */
export function robotsTxt(input: {
  origin: string;
  languages: readonly string[];
  /** False on a copy not to be indexed (INSYN_SEARCH_ENGINES=noindex). */
  indexable: boolean;
}): string {
  // Nothing closed, so crawlers read the answers' `X-Robots-Tag: noindex` and drop any address
  // of this copy they know (one they may not fetch, they could still list); no sitemap.
  if (!input.indexable)
    return ['# A copy of the register not to be indexed.', 'User-agent: *', 'Disallow:', ''].join(
      '\n',
    );
  const perLanguage = input.languages.flatMap((lang) => [
    `Disallow: /${lang}/search`,
    `Disallow: /${lang}/entries/*/concerns`,
    `Disallow: /${lang}/concerns/`,
  ]);
  return [
    'User-agent: *',
    ...perLanguage,
    'Disallow: /concerns/',
    'Disallow: /graphql',
    '',
    `Sitemap: ${input.origin}/sitemap.xml`,
    '',
  ].join('\n');
}
