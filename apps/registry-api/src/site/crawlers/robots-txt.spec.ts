import { SITE_LANGUAGES } from '../i18n/messages';
import { robotsTxt } from './robots-txt';

/**
 * Whether a crawler that follows RFC 9309 may fetch a path: the longest matching rule decides
 * (`*` any characters, `$` the end), Allow winning a tie; no rule, allowed.
 */
function allowed(robots: string, path: string): boolean {
  const rules = robots
    .split('\n')
    .map((line) => /^(Allow|Disallow):\s*(\S*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== '')
    .map(([, verdict, pattern]) => ({
      allow: verdict === 'Allow',
      length: pattern.length,
      regex: new RegExp(
        `^${pattern
          .replace(/\$$/, '')
          .replace(/[.+?^{}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}${pattern.endsWith('$') ? '$' : ''}`,
      ),
    }))
    .filter((rule) => rule.regex.test(path))
    .sort((a, b) => b.length - a.length || Number(b.allow) - Number(a.allow));
  return rules[0]?.allow ?? true;
}

describe('robotsTxt', () => {
  const robots = robotsTxt({
    origin: 'https://insyn.stad.example.se',
    languages: SITE_LANGUAGES,
    indexable: true,
  });

  it('is one group for every crawler, and names the sitemap by its absolute address', () => {
    expect(robots.split('\n').filter((l) => l.startsWith('User-agent:'))).toEqual([
      'User-agent: *',
    ]);
    expect(robots).toMatch(/^Sitemap: https:\/\/insyn\.stad\.example\.se\/sitemap\.xml$/m);
    expect(robots.endsWith('\n')).toBe(true);
  });

  it('lets crawlers read every public page, feed, export and sign', () => {
    const open = ['/', '/robots.txt', '/sitemap.xml', '/sitemaps/entries-a.xml', '/entries/x'];
    for (const lang of SITE_LANGUAGES)
      open.push(
        `/${lang}/`,
        `/${lang}/entries/trafiksignaler`,
        `/${lang}/entries/concerns-about-noise`,
        `/${lang}/entries/trafiksignaler/changes?from=1&to=2`,
        `/${lang}/entries/trafiksignaler/answers?after=x`,
        `/${lang}/departments/trafikkontoret`,
        `/${lang}/principles/PRIVACY_AND_SECURITY`,
        `/${lang}/map`,
        `/${lang}/feeds/entries.atom`,
        `/${lang}/open-data`,
        `/${lang}/accessibility`,
        `/${lang}/privacy`,
      );
    open.push('/exports/entries.csv', '/exports/dcat-ap.jsonld', '/signs/x.pdf', '/schema.gql');
    for (const path of open)
      expect({ path, allowed: allowed(robots, path) }).toEqual({ path, allowed: true });
  });

  it('keeps crawlers out of the search’s endless combinations, the forms and the API', () => {
    const closed = [
      '/graphql',
      '/graphql?query={__typename}',
      '/concerns/track',
      '/concerns/erase',
    ];
    for (const lang of SITE_LANGUAGES)
      closed.push(
        `/${lang}/search`,
        `/${lang}/search?q=kamera&kind=ALGORITHM&page=3`,
        `/${lang}/entries/trafiksignaler/concerns/new`,
        `/${lang}/entries/trafiksignaler/concerns`,
        `/${lang}/concerns/track`,
        `/${lang}/concerns/erase`,
      );
    for (const path of closed)
      expect({ path, allowed: allowed(robots, path) }).toEqual({ path, allowed: false });
  });

  it('on a copy not to be indexed, closes nothing (crawlers must read its noindex) and names no sitemap', () => {
    const staging = robotsTxt({
      origin: 'https://insyn-test.stad.example.se',
      languages: SITE_LANGUAGES,
      indexable: false,
    });
    expect(staging).not.toMatch(/^Sitemap:/m);
    for (const path of ['/', '/sv/search?q=x', '/sv/entries/x', '/graphql'])
      expect({ path, allowed: allowed(staging, path) }).toEqual({ path, allowed: true });
  });
});
