import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ConcernCategory, ConcernsService, ConcernStatus } from '@insyn/concerns';
import {
  ContentLanguage,
  EntriesRepository,
  EntryKind,
  RegistryClock,
  RelationType,
} from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { CSV_COLUMNS_PATH, EXPORT_FORMATS } from '@insyn/standards';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { PublicSiteReader } from '../src/site/public-site.reader';
import { en as enMessages } from '../src/site/i18n/en';
import { sv as svMessages } from '../src/site/i18n/sv';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * The public website over HTTP: languages, every page type, escaping, validation messages,
 * caching headers and the CSP. Browser journeys and accessibility are in site-browser.e2e-spec.ts.
 */
describe('public site', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let ids: Record<string, string>;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers, redirect: 'manual' });
  const html = async (path: string, status = 200) => {
    const response = await get(path);
    const body = await response.text();
    expect({ path, status: response.status }).toEqual({ path, status });
    return body;
  };

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-pages',
      {
        INSYN_ACCESSIBILITY_FEEDBACK_URL: 'https://stad.example.se/synpunkter',
        INSYN_PRIVACY_CONTACT_URL: 'mailto:dataskyddsombud@stad.example.se',
      },
      { rateLimit: { limit: 100_000 } },
    );
    const db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    ids = {
      algorithm: await setup.published(
        EntryKind.ALGORITHM,
        'Prioritering av <script>alert(1)</script> ärenden',
        'A',
        {
          translations: [
            { language: ContentLanguage.en, title: 'Prioritising cases', summary: 'Sorts them.' },
          ],
        },
      ),
      dataset: await setup.published(EntryKind.DATASET, 'Ansökningar om bistånd', 'B'),
      iot: await setup.published(EntryKind.IOT_DEPLOYMENT, 'Fotgängarräknare Götgatan'),
      draft: await setup.draft(EntryKind.ALGORITHM, 'Hemligt utkast'),
    };
    await setup.link(ids.algorithm, ids.dataset, RelationType.USES_DATASET);
    await setup.link(ids.algorithm, ids.draft, RelationType.PART_OF);
    await setup.edit(ids.algorithm, EntryKind.ALGORITHM, {
      summary: 'Andra versionen.',
      translations: [
        { language: ContentLanguage.en, title: 'Prioritising cases', summary: 'Sorts cases.' },
      ],
    });
    await setup.publish(ids.algorithm);
    await new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 }).drain(60_000);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('sends / to the language the browser prefers, varying only there', async () => {
    const en = await get('/', { 'Accept-Language': 'en-GB,en;q=0.9,sv;q=0.5' });
    expect(en.status).toBe(302);
    expect(en.headers.get('location')).toBe('/en/');
    expect(en.headers.get('vary')).toBe('Accept-Language');
    expect((await get('/', { 'Accept-Language': 'de' })).headers.get('location')).toBe('/sv/');
    expect((await get('/')).headers.get('location')).toBe('/sv/');
    // A language's page varies by no language (only by the encoding it is compressed in).
    const page = await get('/sv/');
    expect(page.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('renders the home page in both languages, with a switch to the other', async () => {
    const sv = await html('/sv/');
    expect(sv).toContain('<html lang="sv">');
    expect(sv).toContain('href="/en/"');
    expect(sv).toContain('Hoppa till innehållet');
    const en = await html('/en/');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Prioritising cases');
    // The counts are the search's (retired entries included), the department's list is not: each
    // says what it counts, so the two numbers can be told apart.
    expect(en).toContain('Published entries, retired ones included.');
    expect(sv).toContain('Publicerade poster, även de som har avvecklats.');
    expect(await html('/en/departments/department-a')).toContain(
      'Entries the department has published and not retired',
    );
    expect(await html('/en/principles/PRIVACY_AND_SECURITY')).toContain(
      'retired entries are not listed',
    );
  });

  it('gives each page its canonical address and its address in every language, absolute', async () => {
    const links = (page: string) =>
      [
        ...page.matchAll(
          /<link rel="(canonical|alternate)"(?: hreflang="([^"]+)")? href="([^"]+)"/g,
        ),
      ]
        .filter((m) => m[1] === 'canonical' || m[2])
        .map((m) => [m[1], m[2] ?? null, m[3]]);
    const entry = await html('/en/entries/ansokningar-om-bistand');
    const base = /<link rel="canonical" href="(https?:\/\/[^"/]+)/.exec(entry)![1];
    expect(links(entry)).toEqual([
      ['canonical', null, `${base}/en/entries/ansokningar-om-bistand`],
      ['alternate', 'sv', `${base}/sv/entries/ansokningar-om-bistand`],
      ['alternate', 'en', `${base}/en/entries/ansokningar-om-bistand`],
      // For any other language, the entry's own address that chooses by Accept-Language.
      ['alternate', 'x-default', `${base}/entries/ansokningar-om-bistand`],
    ]);
    expect(links(await html('/sv/departments')).at(-1)).toEqual([
      'alternate',
      'x-default',
      `${base}/`,
    ]);
    // A search keeps its query; an error page has none (its address is not the page's).
    expect(links(await html('/sv/search?q=bist%C3%A5nd'))[0]).toEqual([
      'canonical',
      null,
      `${base}/sv/search?q=bist%C3%A5nd`,
    ]);
    const missing = await html('/sv/entries/nope?x=1', 404);
    expect(links(missing)).toEqual([]);
    // Its language switch leads to the same address in English (its 404 there), not home.
    expect(missing).toMatch(/<a href="\/en\/entries\/nope\?x=1" lang="en"/);
    // Only the query a page understands, normalised: not a tracking parameter, junk, a repeated
    // value the page ignored, nor text anyone could have put into the address.
    for (const [path, own] of [
      ['/sv/?utm_source=x', '/sv/'],
      ['/sv/departments?a=1', '/sv/departments'],
      [
        '/sv/entries/ansokningar-om-bistand?x=%3Cb%3EKommunen+ljuger',
        '/sv/entries/ansokningar-om-bistand',
      ],
      ['/sv/search?page=1&page=2&utm_source=x', '/sv/search'],
      ['/sv/search?sort=relevance&q=bist%C3%A5nd&x=1', '/sv/search?q=bist%C3%A5nd'],
      ['/sv/search?q=%zz', '/sv/search?q=%25zz'],
      // Words of characters that do not show (a zero-width space copied along) are none.
      ['/sv/search?q=%E2%80%8B', '/sv/search'],
    ]) {
      const page = await html(path);
      const named = links(page);
      expect({ path, canonical: named[0][2] }).toEqual({ path, canonical: `${base}${own}` });
      expect(named[2][2]).toBe(`${base}${own.replace(/^\/sv\//, '/en/')}`);
      expect(page).toContain(`<meta property="og:url" content="${base}${own}"/>`);
    }
  });

  it("describes a dataset's page as a schema.org Dataset in its language, and no other kind's", async () => {
    const markup = (page: string) =>
      [...page.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map(
        (m) => JSON.parse(m[1]) as Record<string, any>,
      );
    const heading = (page: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(page)![1];
    for (const lang of ['sv', 'en']) {
      const page = await html(`/${lang}/entries/ansokningar-om-bistand`);
      const base = /<link rel="canonical" href="(https?:\/\/[^"/]+)/.exec(page)![1];
      const [dataset, ...more] = markup(page);
      expect(more).toEqual([]);
      expect(dataset).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'Dataset',
        '@id': `${base}/entries/ansokningar-om-bistand#dataset`,
        name: heading(page),
        url: `${base}/${lang}/entries/ansokningar-om-bistand`,
        identifier: ids.dataset,
        creator: { '@type': 'Organization', url: `${base}/${lang}/departments/department-b` },
        includedInDataCatalog: { '@type': 'DataCatalog', url: `${base}/${lang}/open-data` },
      });
      expect(dataset.description).toEqual(expect.any(String));
      expect(dataset.distribution[0]).toMatchObject({ '@type': 'DataDownload' });
      // The same dataset the DCAT-AP export lists, by the same IRI.
      const dcat = (await (await get('/exports/dcat-ap.jsonld')).json()) as {
        dataset: { '@id': string }[];
      };
      expect(dcat.dataset.map((d) => d['@id'])).toContain(dataset['@id']);
    }
    expect(markup(await html('/en/entries/prioritering-av-script-alert-1-script-arenden'))).toEqual(
      [],
    );
  });

  it('describes each page for search results and link previews, in its language', async () => {
    const metas = (page: string) =>
      [...page.matchAll(/<meta (name|property)="([^"]+)" content="([^"]*)"/g)].map(
        (m) => [m[2], m[3]] as [string, string],
      );
    const canonical = (page: string) => /<link rel="canonical" href="([^"]+)"/.exec(page)![1];
    const entry = await html('/en/entries/prioritering-av-script-alert-1-script-arenden');
    expect(metas(entry).filter(([name]) => name !== 'viewport')).toEqual([
      // The summary in the page's language (the English translation), escaped as all text is.
      ['description', 'Sorts cases.'],
      ['og:type', 'website'],
      ['og:site_name', 'Insyn'],
      ['og:title', 'Prioritising cases'],
      ['og:description', 'Sorts cases.'],
      ['og:url', canonical(entry)],
      ['og:locale', 'en_GB'],
      ['og:locale:alternate', 'sv_SE'],
      ['twitter:card', 'summary'],
    ]);
    const sv = metas(await html('/sv/entries/prioritering-av-script-alert-1-script-arenden'));
    // The title as an attribute value: escaped, no element can start in it.
    expect(sv).toContainEqual([
      'og:title',
      'Prioritering av &lt;script>alert(1)&lt;/script> ärenden',
    ]);
    expect(sv).toContainEqual(['description', 'Andra versionen.']);
    expect(sv).toContainEqual(['og:locale', 'sv_SE']);
    // The home page says what the register is; other pages say what the site is.
    expect(metas(await html('/en/'))).toContainEqual([
      'description',
      'Read about the systems the city uses. Each entry says what the system does, why, what data it uses and who is responsible.',
    ]);
    expect(metas(await html('/sv/departments'))).toContainEqual([
      'og:description',
      'Insyn visar vilka algoritmer, datamängder och sensorer staden använder, varför, och vem som ansvarar.',
    ]);
    // An error page describes nothing: its address is not the page's.
    expect(metas(await html('/en/no-such/page', 404)).map(([name]) => name)).toEqual(['viewport']);
  });

  it('marks the navigation link of the page it is, and none on an error page', async () => {
    const current = (page: string) =>
      [...page.matchAll(/<a href="([^"]+)" aria-current="page"/g)].map((m) => m[1]);
    expect(current(await html('/en/'))).toEqual(['/en/']);
    expect(current(await html('/sv/search?q=x'))).toEqual(['/sv/search']);
    for (const [path, status] of [
      ['/en/nope', 404],
      ['/en/entries/does-not-exist', 404],
    ] as const)
      expect({ path, current: current(await html(path, status)) }).toEqual({ path, current: [] });
    // The search page with what to correct is still the search page; its title says so first.
    const corrected = await html('/sv/search?page=abc', 400);
    expect(current(corrected)).toEqual(['/sv/search']);
    expect(corrected).toContain('<title>Det här behöver rättas: Sök i registret');
    expect(await html('/en/search?q=x')).toContain('<title>Search');
  });

  it('shows an entry with its sections, escaped, and hides drafts', async () => {
    const page = await html('/sv/entries/prioritering-av-script-alert-1-script-arenden');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script>alert(1)&lt;/script>');
    for (const id of [
      'about',
      'responsible',
      'legal',
      'data',
      'oversight',
      'nonDiscrimination',
      'risks',
      'principles',
      'related',
      'withheld',
      'review',
      'history',
    ])
      expect(page).toContain(`id="${id}"`);
    expect(page).toContain('OSL 31:16');
    expect(page).toContain('Ansökningar om bistånd');
    expect(page).not.toContain('Hemligt utkast');
    // A section's only field named as the section is not named again on screen ("Rättslig
    // grund" › "Rättslig grund"), only for screen readers; no label is its value's twin.
    expect(page).toContain(
      '<h2 id="legal-title">Rättslig grund</h2><dl class="fields"><div class="row unlabelled"><dt class="visually-hidden">Rättslig grund</dt>',
    );
    expect(page).toContain('<dt>Uppgifter om personer</dt><dd>Personuppgifter</dd>');
    expect(page).toContain('<dt>Hittade bedömningen problem?</dt>');
    expect(page).not.toContain('Problem hittades');
    // Two versions: the hint to compare them, beside the form that does.
    expect(page).toContain('Välj två versioner för att se vad som ändrats.');
    expect(page).toContain('class="compare"');
    // One version: nothing to compare, and no word of comparing.
    const single = await html('/sv/entries/ansokningar-om-bistand');
    expect(single).toContain('Varje publicerad version sparas.');
    expect(single).not.toContain('Välj två versioner');
    expect(single).not.toContain('class="compare"');
    const en = await html('/en/entries/prioritering-av-script-alert-1-script-arenden');
    expect(en).toContain('<h1>Prioritising cases</h1>');
    expect(en).toContain('<dt class="visually-hidden">Legal basis</dt>');
    expect(en).toContain('<dt>Information about people</dt><dd>Personal data</dd>');
    expect(en).toContain('<dt>Did the assessment find problems?</dt>');
    expect(await html('/en/entries/ansokningar-om-bistand')).not.toContain('Choose two versions');
    expect(en).toMatch(/<span class="text" lang="sv">/);
    await html('/sv/entries/hemligt-utkast', 404);
    const byId = await get(`/en/entries/${ids.algorithm}`);
    expect(byId.status).toBe(301);
    expect(byId.headers.get('location')).toBe(
      '/en/entries/prioritering-av-script-alert-1-script-arenden',
    );
  });

  it('says the summary once: the lead in the page’s language, and the original below only where the lead is a translation', async () => {
    const count = (page: string, text: string) => page.split(text).length - 1;
    const sv = await html('/sv/entries/prioritering-av-script-alert-1-script-arenden');
    // The Swedish page's lead is the summary itself: the section does not repeat it.
    expect(sv).toContain('<p class="lead">Andra versionen.</p>');
    expect(
      count(sv.slice(sv.indexOf('id="about"'), sv.indexOf('id="responsible"')), 'Andra versionen.'),
    ).toBe(0);
    expect(sv).not.toContain('Sammanfattning på svenska');
    // The English page's lead is the translation; the Swedish original follows, labelled so.
    const en = await html('/en/entries/prioritering-av-script-alert-1-script-arenden');
    expect(en).toContain('<p class="lead">Sorts cases.</p>');
    expect(en).toMatch(
      /<dt>Summary in Swedish<\/dt><dd><span class="text" lang="sv">Andra versionen\.<\/span>/,
    );
    expect(en).not.toMatch(/<dt>Summary<\/dt><dd><span class="text" lang="sv">Andra versionen/);
    // Without a translation the English page's lead is the original: said once.
    const dataset = await html('/en/entries/ansokningar-om-bistand');
    expect(dataset).toMatch(/<p class="lead" lang="sv">/);
    expect(dataset).not.toContain('Summary in Swedish');
  });

  it('shows the public answers and rejections of concerns, with the text only by consent', async () => {
    const concerns = api.app.get(ConcernsService);
    const editor = tokens.actors.editorB;
    const file = (text: string, consentToPublish: boolean) =>
      concerns.file({
        entryId: ids.dataset,
        principleCodes: ['PRIVACY_AND_SECURITY'],
        category: ConcernCategory.PRIVACY,
        text,
        consentToPublish,
      });
    const before = await html('/sv/entries/ansokningar-om-bistand');
    expect(before).toContain('Inga besvarade frågor ännu.');
    const asked = await file('Sparas mina uppgifter? <script>alert(2)</script>', true);
    const hidden = await file('Privat fråga som inte ska synas', false);
    const open = await file('Obesvarad fråga', true);
    await concerns.respond(editor, {
      id: asked.concern.id,
      answer: 'I fem år <b>högst</b>.\n\nSedan gallras de.',
      textPublishable: true,
    });
    await concerns.respond(editor, {
      id: hidden.concern.id,
      status: ConcernStatus.REJECTED,
      reason: 'Gäller en annan förvaltning.',
    });
    const sv = await html('/sv/entries/ansokningar-om-bistand');
    expect(sv).toContain('Sparas mina uppgifter? &lt;script>alert(2)&lt;/script>');
    expect(sv).not.toContain('<script>alert(2)');
    // Its paragraphs kept (white-space: pre-line), as an entry's texts are.
    expect(sv).toMatch(
      /<span class="text"[^>]*>I fem år &lt;b>högst&lt;\/b>\.\n\nSedan gallras de\.<\/span>/,
    );
    // Each part labelled: the resident's question, the department's answer, when it came.
    expect(sv).toMatch(/<strong>Fråga: <\/strong><span class="text"[^>]*>Sparas mina uppgifter\?/);
    expect(sv).toMatch(/<strong>Svar: <\/strong><span class="text"[^>]*>I fem år/);
    expect(sv).toMatch(
      /<strong>Avvisad: <\/strong><span class="text"[^>]*>Gäller en annan förvaltning\./,
    );
    expect(sv).toContain('Besvarad <time');
    // The tracking form as a browser sends it: with its CSRF cookie and token.
    const form = await fetch(`${api.baseUrl}/sv/concerns/track`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]);
    const tracked = await (
      await fetch(`${api.baseUrl}/sv/concerns/track`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookie.join('; '),
        },
        body: new URLSearchParams({ csrf, code: asked.trackingCode }).toString(),
      })
    ).text();
    expect(tracked).toMatch(
      /<dd class="text"[^>]*>I fem år &lt;b>högst&lt;\/b>\.\n\nSedan gallras de\.<\/dd>/,
    );
    expect(sv).toContain('Avvisad:');
    expect(sv).toContain('Gäller en annan förvaltning.');
    expect(sv).toContain('Frågan publiceras inte.');
    // As the GraphQL concernCounts gives them: the rejection is neither open nor answered.
    expect(sv).toContain('Öppna frågor: 1. Besvarade: 1.');
    expect(sv).not.toContain('Privat fråga');
    expect(sv).not.toContain('Obesvarad fråga');
    expect(sv).not.toContain(open.trackingCode);
    expect(sv).not.toContain(asked.trackingCode);
    const en = await html('/en/entries/ansokningar-om-bistand');
    expect(en).toContain('Rejected:');
    expect(en).toContain('The question is not published.');
    expect(en).toContain('Open questions: 1. Answered: 1.');
  });

  it('diffs two versions, and explains bad version numbers', async () => {
    const diff = await html(
      '/en/entries/prioritering-av-script-alert-1-script-arenden/changes?from=1&to=2',
    );
    expect(diff).toContain('Andra versionen.');
    // Which versions, said once (the table's caption).
    expect(diff.match(/From version 1 to version 2/g)).toHaveLength(1);
    expect(diff).toContain('<caption>From version 1 to version 2</caption>');
    const same = await html(
      '/en/entries/prioritering-av-script-alert-1-script-arenden/changes?from=2&to=2',
    );
    expect(same.match(/From version 2 to version 2/g)).toHaveLength(1);
    // One address per diff: the numbers as the page read them, in its canonical link.
    const padded = await html(
      '/en/entries/prioritering-av-script-alert-1-script-arenden/changes?to=02&from=001&utm_source=x',
    );
    expect(padded).toContain('<caption>From version 1 to version 2</caption>');
    expect(/<link rel="canonical" href="[^"]+"/.exec(padded)![0]).toMatch(
      /\/en\/entries\/prioritering-av-script-alert-1-script-arenden\/changes\?from=1&amp;to=2"$/,
    );
    const bad = await html(
      '/en/entries/prioritering-av-script-alert-1-script-arenden/changes?from=x&to=2',
      400,
    );
    expect(bad).toContain('Choose two versions that exist');
  });

  it("marks a translation's texts in the diff with the translation's language, on either page", async () => {
    const path = '/entries/prioritering-av-script-alert-1-script-arenden/changes?from=1&to=2';
    // On the Swedish page the English texts say so; on the English page they are in the page's
    // language, so they inherit its lang="en" (and are never marked Swedish).
    const sv = await html(`/sv${path}`);
    expect(sv).toContain('<span class="text" lang="en">Sorts them.</span>');
    expect(sv).toContain('<span class="text" lang="en">Sorts cases.</span>');
    expect(sv).toContain('<span class="text" lang="en">Prioritising cases</span>');
    expect(sv).toContain('<span class="text">Andra versionen.</span>');
    const en = await html(`/en${path}`);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<span class="text">Sorts them.</span>');
    expect(en).toContain('<span class="text">Sorts cases.</span>');
    expect(en).not.toMatch(/lang="sv">(Sorts|Prioritising)/);
    expect(en).toContain('<span class="text" lang="sv">Andra versionen.</span>');
  });

  it('searches with facets, a date range, sort and pagination in the URL, and explains bad input', async () => {
    const page = await html('/en/search?q=bistand&kind=DATASET');
    expect(page).toContain('Ansökningar om');
    expect(page).toContain('<mark>');
    // The chosen value's link takes the choice away, and says so (not "current").
    const chosen = /<a href="[^"]*" class="on">[\s\S]*?<\/a>/.exec(page)?.[0];
    expect(chosen).toContain(
      '<span class="visually-hidden"> (selected: follow the link to remove it)</span>',
    );
    expect(chosen).not.toContain('kind=DATASET');
    expect(page).not.toContain('aria-current="true"');
    const bad = await html('/en/search?kind=NOPE&from=2025-13-01&page=0', 400);
    expect(bad).toContain('there is no such value');
    expect(bad).toContain('2025-13-01 is not a date: there is no month 13.');
    expect(bad).toContain('The page number must be a whole number, 1 or more.');
    // Searched anyway, without what was refused: the summary says so, not "could not be made".
    expect(bad).toContain('We searched without what is wrong below');
    expect(await html('/sv/search?page=abc', 400)).toContain('Vi sökte utan det som är fel nedan');
    // Dates the wrong way round: said with the fields' own names.
    const range = await html('/sv/search?from=2026-12-10&to=2026-12-01', 400);
    expect(range).toContain(
      '<p class="field-error" id="to-error">”Publicerad till” måste vara samma dag som ”Publicerad från” eller senare.</p>',
    );
    expect(await html('/en/search?from=2026-12-10&to=2026-12-01', 400)).toContain(
      '“Published until” must be the same day as “Published from” or later.',
    );
    // Past the last page, however far: where the results end, not a fault of the reader's.
    for (const far of [4, 52, 999_999]) {
      const past = await html(`/en/search?q=bistand&page=${far}`);
      expect(past).toMatch(/The results end on page \d+\./);
    }
    // Each refused field says why beside it and names that message (as the concern forms do).
    const fields = await html('/sv/search?q=a%01b&from=2020-13-45&to=2020-01-01x&sort=weird', 400);
    for (const id of ['q', 'from', 'to', 'sort']) {
      const control = new RegExp(`<(?:input|select)[^>]* id="${id}"[^>]*>`).exec(fields)?.[0];
      expect(control).toContain(`aria-describedby="${id}-error"`);
      expect(control).toContain('aria-invalid="true"');
      expect(fields).toMatch(new RegExp(`<p class="field-error" id="${id}-error">[^<]+</p>`));
    }
    expect(fields).toContain(
      '<p class="field-error" id="from-error">Publicerad från (ÅÅÅÅ-MM-DD): 2020-13-45 är inget datum: det finns ingen månad 13.</p>',
    );
    expect(fields).toContain(
      '<p class="field-error" id="to-error">Publicerad till (ÅÅÅÅ-MM-DD): skriv datumet som',
    );
    expect(fields).toContain(
      '<p class="field-error" id="sort-error">Sorteringen finns inte. Välj ett av alternativen.</p>',
    );
    // A field with nothing wrong is neither marked nor described.
    const one = await html('/sv/search?from=2020-13-45', 400);
    expect(one).not.toMatch(/id="to"[^>]*aria-(invalid|describedby)/);
    expect(one).not.toContain('id="to-error"');
    // A department that does not exist is a value that does not, not a choice with none in it.
    const nope = await html('/en/search?department=nope', 400);
    expect(nope).toContain('there is no such value');
    expect(nope).not.toContain('nope (0)');
    expect(nope).not.toMatch(/>nope</);
    await html('/en/search?department=department-a');
    // A filter written as a list of another framework is said, not ignored.
    for (const path of ['/en/search?kind[]=ALGORITHM', '/en/search?kind%5B0%5D=ALGORITHM'])
      expect(await html(path, 400)).toContain('Kind: there is no such value');
  });

  it('offers no empty "narrow down" when nothing was found and nothing chosen, and says what to try', async () => {
    const none = await html('/en/search?q=zzzzqqqxx');
    expect(none).toContain('No entries match the search. Use fewer or other words.</p>');
    expect(none).not.toContain('id="filters"');
    expect(none).not.toContain('href="#filters"');
    // With a filter chosen, it stays there to be taken away, and the advice says so.
    const filtered = await html('/en/search?q=zzzzqqqxx&kind=DATASET');
    expect(filtered).toContain('Use fewer or other words or remove a filter.</p>');
    expect(filtered).toContain('id="filters"');
    const sv = await html('/sv/search?q=zzzzqqqxx');
    expect(sv).toContain('Inga poster matchar sökningen. Skriv färre eller andra ord.</p>');
    // Nothing found for the dates alone: no words to blame, the dates named instead.
    const dated = await html('/sv/search?from=2099-12-10');
    expect(dated).toContain('Inga poster matchar sökningen. Vidga datumintervallet.</p>');
    expect(await html('/en/search?kind=DATASET&to=2000-01-01')).toContain(
      'No entries match the search. Remove a filter or widen the date range.</p>',
    );
    expect(await html('/sv/search?q=zzzzqqqxx&kind=DATASET&from=2099-01-01')).toContain(
      'Skriv färre eller andra ord, ta bort en avgränsning eller vidga datumintervallet.</p>',
    );
  });

  it('keeps offering the other values of a chosen facet, with what each would add', async () => {
    const count = (page: string, href: string) =>
      Number(
        new RegExp(`<a href="${href}"[^>]*>[^<]*<span class="count">\\((\\d+)\\)</span>`).exec(
          page,
        )?.[1],
      );
    const all = await html('/en/search');
    const datasets = await html('/en/search?kind=DATASET');
    expect(count(all, '/en/search\\?kind=ALGORITHM')).toBeGreaterThan(0);
    // Algorithms can be added to the chosen datasets: the link says how many there are.
    expect(count(datasets, '/en/search\\?kind=DATASET&amp;kind=ALGORITHM')).toBe(
      count(all, '/en/search\\?kind=ALGORITHM'),
    );
    // The chosen value's link takes it away again.
    expect(count(datasets, '/en/search')).toBe(count(all, '/en/search\\?kind=DATASET'));
  });

  it('lists departments and principles, with Atom feeds', async () => {
    expect(await html('/sv/departments/department-a')).toContain('Prioritering av');
    expect(await html('/en/principles/PRIVACY_AND_SECURITY')).toContain('Processes personal data.');
    const feed = await get('/en/feeds/entries.atom');
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).not.toContain('Hemligt utkast');
    await html('/sv/departments/no-such/feed.atom', 404);
  });

  it('lists the departments by the names it shows, as the page’s language sorts them', async () => {
    // Å comes last in Swedish; "Adalen" first in English.
    await api.app
      .get(DataSource)
      .query(
        `INSERT INTO department (slug, name_sv, name_en) VALUES ('adalen', 'Ådalens förvaltning', 'Adalen Department')`,
      );
    const order = (page: string, names: string[]) =>
      names
        .map((name) => page.indexOf(`>${name}</a>`))
        .every((at, i, all) => at > (all[i - 1] ?? -1) && at >= 0);
    expect(
      order(await html('/sv/departments'), [
        'Förvaltning A',
        'Förvaltning B',
        'Ådalens förvaltning',
      ]),
    ).toBe(true);
    expect(
      order(await html('/en/departments'), ['Adalen Department', 'Department A', 'Department B']),
    ).toBe(true);
  });

  it('draws the map as SVG and offers the GeoJSON', async () => {
    const page = await html('/sv/map');
    expect(page).toContain('<svg');
    expect(page).toContain('<circle');
    // One place is one (the text alternative counts in each language's singular and plural).
    expect(page).toMatch(/<desc[^>]*>Kartan visar 1 plats och 1 område\./);
    expect(page).toContain(
      '<figcaption>Platser som omfattas av sekretess visas inte.</figcaption>',
    );
    const en = await html('/en/map');
    expect(en).toMatch(/<desc[^>]*>The map shows 1 place and 1 area\./);
    expect(en).toContain('<figcaption>Places covered by secrecy are not shown.</figcaption>');
    const geo = await get('/sv/map/iot-deployments.geojson');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const body = (await geo.json()) as { features: { geometry: { type: string } }[] };
    expect(body.features.map((f) => f.geometry.type)).toEqual(expect.arrayContaining(['Point']));
  });

  it('renders each page from a handful of SQL statements, whatever the entry holds', async () => {
    const query = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const count = async (path: string) => {
        await html(path); // warm-up: the principles catalogue is read once per process
        query.mockClear();
        await html(path);
        return query.mock.calls.length;
      };
      // Entry, department, relations with the entries they lead to (one), published versions
      // (2), public answers (and, in one more, their earlier answers), concern counts.
      expect(
        await count('/sv/entries/prioritering-av-script-alert-1-script-arenden'),
      ).toBeLessThanOrEqual(7);
      expect(await count('/sv/')).toBeLessThanOrEqual(2);
      expect(await count('/sv/search?q=bistand')).toBeLessThanOrEqual(1);
      expect(await count('/sv/departments/department-a')).toBeLessThanOrEqual(2);
      expect(await count('/sv/map')).toBeLessThanOrEqual(1);
      // Entries, departments, and the audit chain's head of the day.
      expect(await count('/sv/feeds/entries.atom')).toBeLessThanOrEqual(3);
    } finally {
      query.mockRestore();
    }
  });

  it('answers with ETags, 304s, caching and a CSP without inline scripts', async () => {
    const first = await get('/sv/open-data');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toContain('public');
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await get('/sv/open-data', { 'If-None-Match': etag })).status).toBe(304);
    await html('/de/open-data', 404);
    expect(await html('/en/no-such/page', 404)).toContain('Page not found');
    expect((await get('/graphql', { Accept: 'text/html' })).status).not.toBe(404);
    expect((await get('/health')).status).toBe(200);
    const schema = await get('/schema.gql');
    expect(await schema.text()).toContain('type Query');
  });

  it('names its icon on every page, and sends /favicon.ico there rather than answering 404', async () => {
    const icons = (page: string) =>
      [...page.matchAll(/<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/g)].map(
        (m) => m[1],
      );
    const [icon] = icons(await html('/sv/'));
    expect(icon).toMatch(/^\/assets\/icon\.svg\?v=[0-9a-f]{16}$/);
    for (const path of ['/en/entries/ansokningar-om-bistand', '/sv/search?q=x', '/en/map'])
      expect(icons(await html(path))).toEqual([icon]);
    expect(icons(await html('/sv/nope', 404))).toEqual([icon]);
    const favicon = await get('/favicon.ico');
    expect(favicon.status).toBe(301);
    expect(favicon.headers.get('location')).toBe(icon);
    const svg = await get(icon);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toContain('immutable');
    expect(await svg.text()).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>\n$/,
    );
  });
  it('has an accessibility statement and a privacy page in each language, linked from every page', async () => {
    const slug = 'ansokningar-om-bistand';
    for (const lang of ['sv', 'en']) {
      for (const path of ['/', '/search?q=bistånd', `/entries/${slug}`, '/departments']) {
        const page = await html(`/${lang}${path}`);
        expect({ path, footer: page.includes(`href="/${lang}/accessibility"`) }).toEqual({
          path,
          footer: true,
        });
        expect({ path, footer: page.includes(`href="/${lang}/privacy"`) }).toEqual({
          path,
          footer: true,
        });
      }
      // The concern form says, where the e-mail address is asked for, how it is handled.
      expect(await html(`/${lang}/entries/${slug}/concerns/new`)).toContain(
        `href="/${lang}/privacy"`,
      );
      const statement = await html(`/${lang}/accessibility`);
      expect(statement).toContain(`<html lang="${lang}">`);
      expect(statement).toContain('Stockholms stad');
      expect(statement).toContain('href="https://stad.example.se/synpunkter"');
      expect(statement).toContain('href="https://www.digg.se/tdosanmalan"');
      expect(statement).toMatch(/2026/);
      // Some entries lack English (not "no entry is in English").
      expect(statement).toContain(
        lang === 'sv' ? 'Vissa poster finns bara på svenska.' : 'Some entries are in Swedish only.',
      );
      // The footer's link to the GraphQL explorer says it leads to English (GraphiQL is so).
      expect(statement).toContain(
        lang === 'sv'
          ? '<a href="/graphql" hreflang="en">GraphQL-API för utvecklare (på engelska)</a>'
          : '<a href="/graphql" hreflang="en">GraphQL API for developers</a>',
      );
      const privacy = await html(`/${lang}/privacy`);
      expect(privacy).toContain(
        '<a href="mailto:dataskyddsombud@stad.example.se">dataskyddsombud@stad.example.se</a>',
      );
      expect(privacy).toContain('href="https://www.imy.se/"');
      expect(privacy).toContain(`href="/${lang}/concerns/erase"`);
      expect(privacy).toMatch(/\b30\b/);
    }
    // Cached and revalidated like every page; no page in a language the site has not.
    const first = await get('/en/privacy');
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=60\b/);
    expect((await get('/en/privacy', { 'If-None-Match': etag })).status).toBe(304);
    await html('/de/accessibility', 404);
    // No security.txt without INSYN_SECURITY_CONTACT_URL: a file with no contact says nothing.
    expect((await get('/.well-known/security.txt')).status).toBe(404);
  });

  it('links the exports on the open-data page and says, in each language, how the CSV defuses formulas', async () => {
    const sv = await html('/sv/open-data');
    expect(sv).toContain('href="/exports/entries.csv"');
    expect(sv).toContain('href="/exports"');
    expect(sv).toContain(
      'I entries.csv får en text som börjar med =, +, -, @ eller ett tabbtecken',
    );
    expect(sv).toContain('en apostrof först');
    expect(sv).not.toContain('kommer snart');
    const en = await html('/en/open-data');
    expect(en).toContain('href="/exports/entries.csv"');
    expect(en).toContain('In entries.csv, a text that begins with =, +, -, @ or a tab');
    expect(en).toContain('starts with an apostrophe');
    // Every file, each said in the page's language, and what the CSV's columns hold.
    for (const format of EXPORT_FORMATS) {
      expect(sv).toContain(`href="/exports/${format.file}"`);
      expect(sv).toContain(svMessages.openData.exportFiles[format.name]);
      expect(en).toContain(enMessages.openData.exportFiles[format.name]);
    }
    expect(sv).toContain(`href="${CSV_COLUMNS_PATH}"`);
    const columns = await get(CSV_COLUMNS_PATH);
    expect(columns.status).toBe(200);
    expect(columns.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(columns.headers.get('access-control-allow-origin')).toBe('*');
    expect(await columns.text()).toMatch(/^# Open-data columns \(`entries\.csv`\)\n/);
    const { exports } = (await (await get('/exports')).json()) as {
      exports: { file: string; description: string }[];
    };
    expect(exports.find((e) => e.file === 'entries.csv')?.description).toContain(CSV_COLUMNS_PATH);
  });

  it('publishes the audit chain head of the day’s start on the open-data page and in the feed', async () => {
    // The live head (an auditor's): tomorrow's checkpoint.
    const { auditChainHead: current } = await api
      .graphql(tokens.auditor)
      .data<{ auditChainHead: { eventId: string; hash: string } }>(
        '{ auditChainHead { eventId hash } }',
      );
    expect(current.hash).toMatch(/^[0-9a-f]{64}$/);
    // Today every event of this file is newer than the day's start: no head yet for today.
    const today = new Date().toISOString().slice(0, 10);
    const todays = await html('/en/open-data');
    // The day as running text writes it, never ISO; and with no head, no sentence about one.
    const longDay = (lang: string, d: string) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(d));
    expect(todays).toContain(
      `Nothing had been recorded in the log when the day of ${longDay('en-GB', today)} began (UTC).`,
    );
    expect(todays).not.toContain('This was the newest hash');
    expect(todays).not.toContain(` ${today} `);
    expect(todays).not.toContain(current.hash);
    expect(await (await get('/en/feeds/entries.atom')).text()).toContain(
      `<insyn:auditChainHead day="${today}" algorithm="SHA-256"/>`,
    );

    // Tomorrow, the head as it stood at midnight is today's newest event, on both.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = tomorrow.toISOString().slice(0, 10);
    const clock = jest.spyOn(api.app.get(RegistryClock), 'now').mockReturnValue(tomorrow);
    try {
      const page = await html('/sv/open-data');
      expect(page).toContain('Granskningsloggens kedjehuvud');
      expect(page).toContain(
        `Det här var den senaste hashen när dygnet ${longDay('sv-SE', day)} började (UTC).`,
      );
      // When the event occurred: to the second, in words, the exact value machine-readable.
      expect(page).toMatch(
        /<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} [a-z]+ \d{4} kl\. \d\d:\d\d:\d\d \(UTC\)<\/time>/,
      );
      expect(page).toContain(current.hash);
      expect(page).toContain(current.eventId);
      expect(page).toContain('href="/open-data/audit-chain-head.json"');
      // GraphQL and the open data give the public the same checkpoint.
      expect(
        (await api.graphql().data(`{ auditChainHead { eventId hash checkpointDay } }`))
          .auditChainHead,
      ).toEqual({ eventId: current.eventId, hash: current.hash, checkpointDay: day });
      const xml = await (await get('/sv/departments/department-a/feed.atom')).text();
      expect(xml).toContain('xmlns:insyn="urn:insyn:atom:1.0"');
      expect(xml).toMatch(
        new RegExp(
          `<insyn:auditChainHead day="${day}" eventId="${current.eventId}" occurredAt="[^"]+" algorithm="SHA-256">${current.hash}</insyn:auditChainHead>`,
        ),
      );
    } finally {
      clock.mockRestore();
    }
  });

  it('dates a feed of no entries by the latest change it could have had, not 1970, the same on every request', async () => {
    const db = api.app.get(DataSource);
    // An old department with nothing public: the register changed after it was made.
    const [old] = await db.query(
      `INSERT INTO department (slug, name_sv, name_en, created_at)
       VALUES ('tom-forvaltning', 'Tom förvaltning', 'Empty Department', '2020-01-01T00:00:00Z')
       RETURNING created_at`,
    );
    const updatedOf = async (path: string) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(xml).not.toContain('<entry>');
      return {
        updated: /^ {2}<updated>([^<]+)<\/updated>$/m.exec(xml)?.[1],
        etag: response.headers.get('etag'),
      };
    };
    const first = await updatedOf('/sv/departments/tom-forvaltning/feed.atom');
    const { lastModified } = await api.app.get(EntriesRepository).publicFreshness();
    expect(lastModified!.getTime()).toBeGreaterThan(new Date(old.created_at).getTime());
    expect(first.updated).toBe(lastModified!.toISOString());
    expect(await updatedOf('/sv/departments/tom-forvaltning/feed.atom')).toEqual(first);

    // A department made after the register's last change: the feed did not exist before it.
    const [young] = await db.query(
      `INSERT INTO department (slug, name_sv, name_en, created_at)
       VALUES ('ny-forvaltning', 'Ny förvaltning', 'New Department', now() + interval '1 minute')
       RETURNING created_at`,
    );
    const fresh = await updatedOf('/en/departments/ny-forvaltning/feed.atom');
    expect(fresh.updated).toBe(new Date(young.created_at).toISOString());
    expect(await updatedOf('/en/departments/ny-forvaltning/feed.atom')).toEqual(fresh);
    expect(fresh.updated).not.toMatch(/^1970/);
  });

  it('tells a retirement in the feeds and on the home page, as they say they do', async () => {
    const id = await setup.published(EntryKind.DATASET, 'Nedlagd mätning', 'B');
    await setup.retire(id);
    for (const path of ['/en/feeds/entries.atom', '/en/departments/department-b/feed.atom']) {
      const xml = await (await get(path)).text();
      expect({ path, has: xml.includes(`<id>urn:uuid:${id}</id>`) }).toEqual({ path, has: true });
      // The English word, the Swedish title (it has no English one): each tagged with its own.
      expect(xml).toContain(
        '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Retired: <span xml:lang="sv">Nedlagd mätning</span></div></title>',
      );
    }
    const swedish = await (await get('/sv/feeds/entries.atom')).text();
    expect(swedish).toContain('<title xml:lang="sv">Avvecklad: Nedlagd mätning</title>');
    // "Recently changed": the retirement is the latest change, shown as one.
    const home = await html('/en/');
    const changed = home.slice(home.indexOf('id="changed-title"'));
    const first = changed.slice(
      0,
      changed.indexOf('<li class="card"', changed.indexOf('<li class="card"') + 1),
    );
    expect(first).toContain('Nedlagd mätning');
    expect(first).toContain('Retired');
    // Its page: the status line in running case, and its answers said to be on that very page.
    const page = await html('/sv/entries/nedlagd-matning');
    expect(page).toContain('Avvecklad, version 1');
    expect(page).not.toContain(', Version');
    // Its fields (a stage "in use" among them) are said to be as they stood then.
    expect(page).toContain('Uppgifterna nedan är som de var när posten avvecklades.');
    expect(page).toContain('Svar på tidigare frågor finns kvar nedan.');
    expect(page).not.toContain('finns kvar på postens sida');
    const en = await html('/en/entries/nedlagd-matning');
    expect(en).toContain('Retired, version 1');
    expect(en).toContain('The details below are as they stood when the entry was retired.');
    expect(en).toContain('Answers to earlier questions are below.');
  });
  it('says when the map and its GeoJSON stop at the limit, and links the full export', async () => {
    await setup.published(EntryKind.IOT_DEPLOYMENT, 'Luftkvalitetsgivare Hornsgatan');
    const reader = api.app.get(PublicSiteReader);
    const limit = reader.mapLimit;
    reader.mapLimit = 1;
    try {
      const geo = (await (await get('/en/map/iot-deployments.geojson')).json()) as {
        truncated: boolean;
        limit: number;
        fullExport: string;
        features: { properties: { title: string } }[];
      };
      expect(geo.truncated).toBe(true);
      expect(geo.limit).toBe(1);
      expect(geo.fullExport).toMatch(/^https?:\/\/[^/]+\/exports\/iot-deployments\.geojson$/);
      expect(new Set(geo.features.map((f) => f.properties.title)).size).toBe(1);
      const sv = await html('/sv/map');
      expect(sv).toContain('Kartan visar bara de första 1 sensorerna');
      expect(sv).toContain('href="/exports/iot-deployments.geojson"');
      expect(await html('/en/map')).toContain('The map shows only the first 1 sensors');
    } finally {
      reader.mapLimit = limit;
    }
    const all = (await (await get('/en/map/iot-deployments.geojson')).json()) as {
      truncated: boolean;
      fullExport?: string;
    };
    expect(all.truncated).toBe(false);
    expect(all.fullExport).toBeUndefined();
    expect(await html('/en/map')).not.toContain('The map shows only the first');
  });

  it('leads /entries/<id> to the entry with that id, whatever another entry is titled or was slugged', async () => {
    // Another department's editor titles an entry with this entry's id.
    const impostor = await setup.published(EntryKind.ALGORITHM, ids.dataset, 'A');
    const db = api.app.get(DataSource);
    const slugOf = async (id: string) =>
      ((await db.query('SELECT slug FROM entry WHERE id = $1', [id])) as { slug: string }[])[0]
        .slug;
    expect(await slugOf(impostor)).toBe(`entry-${ids.dataset}`);
    const byId = await get(`/sv/entries/${ids.dataset}`);
    expect(byId.status).toBe(301);
    expect(byId.headers.get('location')).toBe('/sv/entries/ansokningar-om-bistand');
    expect(await html(`/sv/entries/entry-${ids.dataset}`)).toContain(`<h1>${ids.dataset}</h1>`);
    // A slug of an id's shape stored before slugify refused them: the id still wins; a slug that
    // is no entry's id still finds its entry.
    await db.query('UPDATE entry SET slug = $1 WHERE id = $2', [ids.dataset, impostor]);
    expect((await get(`/sv/entries/${ids.dataset}`)).headers.get('location')).toBe(
      '/sv/entries/ansokningar-om-bistand',
    );
    const unused = '00000000-0000-4000-8000-000000000001';
    await db.query('UPDATE entry SET slug = $1 WHERE id = $2', [unused, impostor]);
    expect(await html(`/sv/entries/${unused}`)).toContain(`<h1>${ids.dataset}</h1>`);
  });

  it('orders a facet’s values of one count by their labels, as the page’s language sorts them', async () => {
    const db = api.app.get(DataSource);
    const principles = async (lang: string) => {
      const page = await html(`/${lang}/search`);
      const facet = /<h3 id="facet-principle">[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';
      return [
        ...facet.matchAll(/principle=(\w+)"[^>]*>([^<>]+) <span class="count">\((\d+)\)<\/span>/g),
      ].map(([, code, label, count]) => ({ code, label, count: Number(count) }));
    };
    // As many entries under "Öppna och etiska standarder" as under "Transparens, …" (every
    // entry so far): a tie whose codes (OPEN_… before TRANSPARENCY_…) and a collation other than
    // Swedish (Ö as O) order one way, and Swedish (Ö after Z) the other.
    const drain = () =>
      new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 }).drain(60_000);
    // Counted with what earlier tests published.
    await drain();
    const before = await principles('sv');
    const countOf = (code: string) => before.find((p) => p.code === code)?.count ?? 0;
    const more = countOf('TRANSPARENCY_AND_NON_DISCRIMINATION') - countOf('OPEN_ETHICAL_STANDARDS');
    for (let i = 0; i < more; i++)
      await setup.published(EntryKind.DATASET, `Öppen standard ${i}`, 'B', {
        principles: [
          { code: 'OPEN_ETHICAL_STANDARDS', rationale: 'Öppna format.' },
          { code: 'PRIVACY_AND_SECURITY', rationale: 'Inga personuppgifter.' },
        ],
      });
    await drain();
    const sv = await principles('sv');
    expect(sv.map((p) => p.code)).toEqual([
      'PRIVACY_AND_SECURITY',
      'TRANSPARENCY_AND_NON_DISCRIMINATION',
      'OPEN_ETHICAL_STANDARDS',
    ]);
    expect(sv[1].count).toBe(sv[2].count);
    expect(sv[2].label).toBe('Öppna och etiska standarder för digitala tjänster');
    // In English, "Open …" before "Transparency …".
    expect((await principles('en')).map((p) => p.code)).toEqual([
      'PRIVACY_AND_SECURITY',
      'OPEN_ETHICAL_STANDARDS',
      'TRANSPARENCY_AND_NON_DISCRIMINATION',
    ]);
  });
});
