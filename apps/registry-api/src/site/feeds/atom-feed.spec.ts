import { LOCALES } from '../i18n/messages';
import { atomFeed } from './atom-feed';

describe('atomFeed', () => {
  it('names the feed’s author, so a feed without entries is still valid Atom (RFC 4287 4.1.1)', () => {
    const xml = atomFeed({
      locale: LOCALES.sv,
      origin: 'https://insyn.example.se',
      selfPath: '/sv/principles/PARTICIPATION_AND_INCLUSION/feed.atom',
      pagePath: '/sv/principles/PARTICIPATION_AND_INCLUSION',
      scope: 'Deltagande demokrati',
      views: [],
      departmentNames: new Map(),
      chainHead: { day: '2026-11-30', head: null },
    });
    expect(xml).not.toContain('<entry>');
    expect(xml).toMatch(/<feed [^>]*>[\s\S]*<author><name>Insyn<\/name><\/author>[\s\S]*<\/feed>/);
  });
});
