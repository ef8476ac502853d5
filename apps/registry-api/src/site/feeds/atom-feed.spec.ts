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

  it('dates a feed of no entries by the time given, else the start of its chain head’s day, never 1970', () => {
    const empty = (updatedWhenEmpty?: Date) =>
      /^ {2}<updated>([^<]+)<\/updated>$/m.exec(
        atomFeed({
          locale: LOCALES.en,
          origin: 'https://insyn.example.se',
          selfPath: '/en/feeds/entries.atom',
          pagePath: '/en/',
          scope: 'All',
          views: [],
          departmentNames: new Map(),
          chainHead: { day: '2026-11-30', head: null },
          updatedWhenEmpty,
        }),
      )?.[1];
    expect(empty(new Date('2026-10-01T08:30:00.000Z'))).toBe('2026-10-01T08:30:00.000Z');
    expect(empty()).toBe('2026-11-30T00:00:00.000Z');
  });
});
