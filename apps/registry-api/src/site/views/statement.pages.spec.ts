import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { localeOf, SITE_LANGUAGES, SiteLanguage } from '../i18n/messages';
import { PageContext } from './page-context';
import { AccessibilityPage, PrivacyPage, StatementSettings } from './statement.pages';

const settings: StatementSettings = {
  organisationName: 'Göteborgs Stad',
  accessibilityFeedbackUrl: null,
  privacyContactUrl: null,
  contactRetentionDays: 45,
  mapTileOrigin: null,
};

const ctx = (lang: SiteLanguage, publicUrl = 'http://localhost:3000'): PageContext => ({
  locale: localeOf(lang),
  here: '/',
  assets: {
    css: '/assets/site.css',
    icon: '/assets/icon.svg',
    mapScript: '',
    leafletScript: '',
    leafletCss: '',
  },
  publicUrl,
});

const accessibility = (lang: SiteLanguage, s: Partial<StatementSettings> = {}) =>
  renderToString(h(AccessibilityPage, { ctx: ctx(lang), settings: { ...settings, ...s } }));
const privacy = (lang: SiteLanguage, s: Partial<StatementSettings> = {}, publicUrl?: string) =>
  renderToString(h(PrivacyPage, { ctx: ctx(lang, publicUrl), settings: { ...settings, ...s } }));

describe.each(SITE_LANGUAGES)('the statements (%s)', (lang) => {
  it('name the organisation, and without a contact set say to ask it, with no empty link', () => {
    for (const page of [accessibility(lang), privacy(lang)]) {
      expect(page).toContain('Göteborgs Stad');
      expect(page).not.toContain('href=""');
      expect(page).not.toContain('mailto:');
    }
    expect(accessibility(lang)).toContain('href="https://www.digg.se/tdosanmalan"');
    expect(privacy(lang)).toContain('href="https://www.imy.se/"');
  });

  it('show an e-mail contact as its address, and a form by what it is for', () => {
    const mail = accessibility(lang, { accessibilityFeedbackUrl: 'mailto:webb@goteborg.example' });
    expect(mail).toContain('<a href="mailto:webb@goteborg.example">webb@goteborg.example</a>');
    const form = privacy(lang, { privacyContactUrl: 'https://goteborg.example/dso' });
    expect(form).toMatch(/<a href="https:\/\/goteborg\.example\/dso">[^<]+<\/a>/);
  });

  it('list the GraphQL explorer among the shortcomings, and claim no-JavaScript only for the pages', () => {
    const page = accessibility(lang);
    const explorer = /<li>[^<]*GraphQL[^<]*<\/li>/.exec(page)?.[0] ?? '';
    // English only, JavaScript, the axe failures (names of the editors, contrast), the way round.
    expect(explorer).toMatch(lang === 'sv' ? /bara på engelska/ : /in English only/);
    expect(explorer).toContain('JavaScript');
    expect(explorer).toMatch(lang === 'sv' ? /skärmläsare/ : /screen reader/);
    expect(explorer).toMatch(lang === 'sv' ? /kontrast/ : /contrast/);
    expect(explorer).toContain('/schema.gql');
    expect(page).not.toMatch(
      /Allt på webbplatsen fungerar utan JavaScript|Everything on the website works without JavaScript/,
    );
    expect(page).toMatch(
      lang === 'sv' ? /utom GraphQL-utforskaren/ : /except the GraphQL explorer/,
    );
  });

  it('give the retention of e-mail addresses, and the tile provider only when there is one', () => {
    expect(privacy(lang)).toContain('45');
    expect(privacy(lang)).not.toContain('tiles.example.org');
    expect(privacy(lang, { mapTileOrigin: 'https://tiles.example.org' })).toContain(
      'https://tiles.example.org',
    );
  });

  it('name the cookies as the browser gets them: with the __Host- prefix over https', () => {
    expect(privacy(lang)).toContain('<code>insyn_csrf</code>');
    expect(privacy(lang)).toContain('<code>insyn_sent</code>');
    const secure = privacy(lang, {}, 'https://insyn.stad.example.se');
    expect(secure).toContain('<code>__Host-insyn_csrf</code>');
    expect(secure).toContain('<code>__Host-insyn_sent</code>');
  });
});
