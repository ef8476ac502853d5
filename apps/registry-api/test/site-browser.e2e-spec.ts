import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page, ViewportSize as Viewport } from 'playwright-core';
import { DataSource } from 'typeorm';
import { axeViolations, chromiumAvailable, launchChromium } from './site-browser';
import { SiteFixture, startSiteFixture } from './site-fixture';

/**
 * The public site in a real browser (Debian's chromium through playwright-core): the journeys a
 * journalist takes, with JavaScript and without; axe-core on every page type in both languages;
 * keyboard focus and the skip link. One browser and one API for the file.
 */
const available = chromiumAvailable();
// The one skip the project allows: no chromium on a developer's machine (never on CI).
const describeInBrowser = available ? describe : describe.skip;

describeInBrowser('public site in a browser', () => {
  let site: SiteFixture;
  let browser: Browser;

  beforeAll(async () => {
    [site, browser] = await Promise.all([startSiteFixture('site-browser'), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.api.stop();
  });

  async function withPage<T>(
    javaScript: boolean,
    work: (page: Page, context: BrowserContext) => Promise<T>,
    viewport?: Viewport,
  ) {
    const context = await browser.newContext({
      javaScriptEnabled: javaScript,
      acceptDownloads: true,
      baseURL: site.api.baseUrl,
      locale: 'en-GB',
      ...(viewport ? { viewport } : {}),
    });
    try {
      return await work(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  describe.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])('journeys %s', (_label, javaScript) => {
    it('search with a typo and a facet, open an entry, read its disclosures, switch language', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto('/');
        expect(page.url()).toMatch(/\/en\/$/);
        await page.getByLabel('Search the register').fill('ekonomsikt');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(/\/en\/search\?q=ekonomsikt/);
        const facet = page.locator('#filters').getByRole('link', { name: /^Algorithm/ });
        await facet.click();
        await page.waitForURL(/kind=ALGORITHM/);
        const results = page.locator('ol.cards > li');
        await expect(results.count()).resolves.toBe(1);
        await results.first().getByRole('link').click();
        await page.waitForURL(new RegExp(`/en/entries/${site.slugs.algorithm}$`));
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'Prioritising applications for financial assistance',
        );
        const oversight = page.locator('#oversight');
        await expect(oversight.getByRole('heading').textContent()).resolves.toBe(
          'Human oversight and how to object',
        );
        await expect(oversight.textContent()).resolves.toContain(
          'A case worker reviews every recommendation.',
        );
        await expect(page.locator('#withheld').textContent()).resolves.toContain('OSL 31:16');
        await page.getByRole('link', { name: 'Läs på svenska' }).click();
        await page.waitForURL(new RegExp(`/sv/entries/${site.slugs.algorithm}$`));
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'Prioritering av ansökningar om ekonomiskt bistånd',
        );
      });
    });

    it('open a version diff', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto(`/en/entries/${site.slugs.algorithm}`);
        await page.getByLabel('From version').selectOption('1');
        await page.getByLabel('To version').selectOption('2');
        await page.getByRole('button', { name: 'Show changes' }).click();
        await page.waitForURL(/\/changes\?from=1&to=2/);
        const table = page.locator('table.diff');
        await expect(table.textContent()).resolves.toContain('Sorterar nya ansökningar');
      });
    });

    it('open the map and download the GeoJSON', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto('/en/');
        await page.getByRole('link', { name: 'Map of sensors' }).click();
        await page.waitForURL(/\/en\/map$/);
        if (javaScript) await page.locator('.leaflet-container').waitFor();
        else await expect(page.locator('svg.map-svg circle').count()).resolves.toBeGreaterThan(0);
        await expect(page.locator('.places').textContent()).resolves.toContain('Götgatan 1');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download as GeoJSON' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('iot-deployments.geojson');
        const geojson = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
          type: string;
          features: { geometry: { type: string } }[];
        };
        expect(geojson.type).toBe('FeatureCollection');
        expect(geojson.features.map((f) => f.geometry.type)).toEqual(
          expect.arrayContaining(['Point']),
        );
        if (!javaScript) return;
        // Leaflet's controls speak the page's language: on the Swedish page, Swedish names.
        await page.goto('/sv/map');
        await page.locator('.leaflet-container').waitFor();
        const zoomIn = page.locator('.leaflet-control-zoom-in');
        const zoomOut = page.locator('.leaflet-control-zoom-out');
        await expect(zoomIn.getAttribute('aria-label')).resolves.toBe('Zooma in');
        await expect(zoomIn.getAttribute('title')).resolves.toBe('Zooma in');
        await expect(zoomOut.getAttribute('aria-label')).resolves.toBe('Zooma ut');
        await expect(page.getByRole('button', { name: 'Zooma in' }).count()).resolves.toBe(1);
        const credit = page.locator('.leaflet-control-attribution a').first();
        await expect(credit.getAttribute('title')).resolves.toBeNull();
        await expect(page.locator('.leaflet-container').innerHTML()).resolves.not.toMatch(
          /Zoom in|Zoom out|A JavaScript library/,
        );
        // Animated as Leaflet's default; with reduced motion asked for, not (its fade shows it).
        const fades = () =>
          page
            .locator('.leaflet-container')
            .evaluate((el) => el.classList.contains('leaflet-fade-anim'));
        await expect(fades()).resolves.toBe(true);
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await page.reload();
        await page.locator('.leaflet-container').waitFor();
        await expect(fades()).resolves.toBe(false);
      });
    });

    it('file a concern about an entry, then follow it with the tracking code', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto(`/en/entries/${site.slugs.algorithm}`);
        await page.getByRole('link', { name: 'Ask a question or object to this entry' }).click();
        await page.waitForURL(new RegExp(`/en/entries/${site.slugs.algorithm}/concerns/new$`));
        await page.getByLabel('What is it about?').selectOption('ACCURACY');
        await page
          .getByLabel('Your question or objection', { exact: true })
          .fill('Why was my application ranked <b>low</b>?');
        // No principle chosen: the mistake is shown next to the field and at the top.
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(page.locator('#principleCodes-error').textContent()).resolves.toBe(
          'Choose at least one and at most five principles.',
        );
        // The summary has the focus, and its link leads to the first box of the group.
        await expect(
          page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
        ).resolves.toBe(true);
        await expect(page.locator('.error-summary a').getAttribute('href')).resolves.toBe(
          '#principle-ACCESS_AND_LITERACY',
        );
        await page.locator('.error-summary a').click();
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
          'principle-ACCESS_AND_LITERACY',
        );
        await expect(
          page.getByLabel('Your question or objection', { exact: true }).inputValue(),
        ).resolves.toBe('Why was my application ranked <b>low</b>?');
        await page.locator('input[value="TRANSPARENCY_AND_NON_DISCRIMINATION"]').check();
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        const code = (await page.locator('#tracking-code').textContent()) ?? '';
        expect(code).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
        await expect(page.locator('#erasure-code').textContent()).resolves.toMatch(
          /^[0-9A-Z-]{29}$/,
        );
        await page.getByRole('link', { name: 'Follow a question you have sent' }).click();
        await page.waitForURL(/\/en\/concerns\/track$/);
        await page.getByLabel('Code', { exact: true }).fill(code);
        await page.getByRole('button', { name: 'Show', exact: true }).click();
        await expect(page.locator('#concern-status').textContent()).resolves.toBe(
          'Status: Received',
        );
        await expect(page.locator('main').textContent()).resolves.toContain(
          'Prioritising applications for financial assistance',
        );
      });
    });

    it('switch language on a half-filled concern form: what was typed stays, and Send files one concern', async () => {
      const db = site.api.app.get(DataSource);
      const concerns = async () =>
        Number((await db.query('SELECT count(*) FROM concern'))[0].count);
      // Two lines, markup and an ampersand: all must come back exactly as typed.
      const typed = 'Varför rankades min ansökan lågt?\nRad två & <b>fet</b>';
      await withPage(javaScript, async (page) => {
        const before = await concerns();
        await page.goto(`/sv/entries/${site.slugs.algorithm}/concerns/new`);
        await page.locator('input[value="TRANSPARENCY_AND_NON_DISCRIMINATION"]').check();
        await page.getByLabel('Vad gäller det?').selectOption('ACCURACY');
        await page.getByLabel('Din fråga eller invändning', { exact: true }).fill(typed);
        await page.getByLabel('E-post (frivilligt)').fill('boende@example.org');
        await page.locator('#consentToPublish').check();
        await page.getByRole('button', { name: 'Read in English' }).click();
        await page.waitForURL(new RegExp(`/en/entries/${site.slugs.algorithm}/concerns/new$`));
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'Question or objection about Prioritising applications for financial assistance',
        );
        // Filled in, in the other language, with no mistakes marked: nothing was sent yet.
        await expect(page.locator('.error-summary').count()).resolves.toBe(0);
        await expect(page.locator('[aria-invalid="true"]').count()).resolves.toBe(0);
        await expect(
          page.getByLabel('Your question or objection', { exact: true }).inputValue(),
        ).resolves.toBe(typed);
        await expect(page.getByLabel('What is it about?').inputValue()).resolves.toBe('ACCURACY');
        await expect(page.getByLabel('E-mail (optional)').inputValue()).resolves.toBe(
          'boende@example.org',
        );
        await expect(
          page.locator('input[value="TRANSPARENCY_AND_NON_DISCRIMINATION"]').isChecked(),
        ).resolves.toBe(true);
        await expect(page.locator('#consentToPublish').isChecked()).resolves.toBe(true);
        expect(await concerns()).toBe(before);
        // axe-core runs as a script in the page: with JavaScript only (the same page both ways).
        if (javaScript) {
          expect(await axeViolations(page)).toEqual([]);
        }
        // And back: still there.
        await page.getByRole('button', { name: 'Läs på svenska' }).click();
        await page.waitForURL(new RegExp(`/sv/entries/${site.slugs.algorithm}/concerns/new$`));
        await expect(
          page.getByLabel('Din fråga eller invändning', { exact: true }).inputValue(),
        ).resolves.toBe(typed);
        // Enter in a field sends the form, as before the switch was a button of it.
        await page.getByLabel('E-post (frivilligt)').press('Enter');
        await expect(page.locator('#tracking-code').textContent()).resolves.toMatch(
          /^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/,
        );
        expect(await concerns()).toBe(before + 1);
        const [row] = (await db.query(
          `SELECT text, category, had_contact, consent_to_publish, language
           FROM concern ORDER BY filed_at DESC LIMIT 1`,
        )) as unknown[];
        expect(row).toEqual({
          text: typed,
          category: 'ACCURACY',
          had_contact: true,
          consent_to_publish: true,
          language: 'sv',
        });
      });
    });

    it('switch language on the tracking page with a code typed: the code stays, and Enter looks it up', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto('/en/concerns/track');
        await page.getByLabel('Code', { exact: true }).fill('ABCDE-FGHJK-ABCDE-FGHJK-ABCDE');
        await page.getByRole('button', { name: 'Läs på svenska' }).click();
        await page.waitForURL(/\/sv\/concerns\/track$/);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
        const code = page.locator('#code');
        await expect(code.inputValue()).resolves.toBe('ABCDE-FGHJK-ABCDE-FGHJK-ABCDE');
        await expect(page.locator('.error-summary').count()).resolves.toBe(0);
        await code.press('Enter');
        await expect(page.locator('#code-error').textContent()).resolves.toContain(
          'Det finns ingen fråga med den koden',
        );
      });
    });

    it('press Back after Send and send the form again: the same codes, one concern', async () => {
      const db = site.api.app.get(DataSource);
      const concerns = async () =>
        Number((await db.query('SELECT count(*) FROM concern'))[0].count);
      await withPage(javaScript, async (page) => {
        const before = await concerns();
        await page.goto(`/en/entries/${site.slugs.algorithm}/concerns/new`);
        await page.locator('input[value="TRANSPARENCY_AND_NON_DISCRIMINATION"]').check();
        await page.getByLabel('What is it about?').selectOption('OTHER');
        const text = page.getByLabel('Your question or objection', { exact: true });
        await text.fill('Did my question arrive?');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        const code = await page.locator('#tracking-code').textContent();
        expect(code).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
        // Unsure whether it went, the resident goes back: the browser fills the form in again.
        await page.goBack();
        await page.waitForURL(/\/concerns\/new$/);
        await expect(text.inputValue()).resolves.toBe('Did my question arrive?');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(page.locator('#tracking-code').textContent()).resolves.toBe(code);
        expect(await concerns()).toBe(before + 1);
        // A different question from the same browser is a concern of its own.
        await page.goBack();
        await page.waitForURL(/\/concerns\/new$/);
        await text.fill('And another question.');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(page.locator('#tracking-code').textContent()).resolves.not.toBe(code);
        expect(await concerns()).toBe(before + 2);
      });
    });

    it('erase the concern in another tab, go Back to the form and Send it again: nothing filed, nothing of it shown', async () => {
      const db = site.api.app.get(DataSource);
      const concerns = async () =>
        Number((await db.query('SELECT count(*) FROM concern'))[0].count);
      await withPage(javaScript, async (page, context) => {
        const before = await concerns();
        await page.goto(`/en/entries/${site.slugs.algorithm}/concerns/new`);
        await page.locator('input[value="PRIVACY_AND_SECURITY"]').check();
        await page.getByLabel('What is it about?').selectOption('OTHER');
        const text = page.getByLabel('Your question or objection', { exact: true });
        await text.fill('Please forget this question.');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        const tracking = (await page.locator('#tracking-code').textContent())!;
        const erasure = (await page.locator('#erasure-code').textContent())!;
        // Erased in another tab (the receipt's link, opened beside it).
        const other = await context.newPage();
        await other.goto('/en/concerns/erase');
        await other.getByLabel('Code to erase the question', { exact: true }).fill(erasure);
        await other.getByRole('button', { name: 'Erase', exact: true }).click();
        await expect(other.locator('#erased').count()).resolves.toBe(1);
        await other.close();
        // Back to the form, which the browser fills in again, and Send.
        await page.goBack();
        await page.waitForURL(/\/concerns\/new$/);
        await expect(text.inputValue()).resolves.toBe('Please forget this question.');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'This question was erased at your request',
        );
        const html = await page.content();
        for (const secret of [tracking, erasure, 'Please forget this question.'])
          expect(html).not.toContain(secret);
        expect(await concerns()).toBe(before + 1);
        // To ask it anew: a new form, empty.
        await page.getByRole('link', { name: 'Write a new question about the entry' }).click();
        await page.waitForURL(/\/concerns\/new$/);
        await expect(text.inputValue()).resolves.toBe('');
      });
    });

    it('follow an Atom feed link', async () => {
      await withPage(javaScript, async (page) => {
        await page.goto('/en/');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/en/feeds/entries.atom')),
          page.getByRole('link', { name: 'Subscribe to changes (Atom feed)' }).click(),
        ]);
        expect(response.headers()['content-type']).toContain('application/atom+xml');
        expect(await response.text()).toContain(
          'Prioritising applications for financial assistance',
        );
      });
    });
  });

  const pageTypes = (slugs: SiteFixture['slugs']) => [
    '/',
    '/search?q=ekonomiskt&kind=ALGORITHM',
    `/entries/${slugs.algorithm}`,
    `/entries/${slugs.iot}`,
    `/entries/${slugs.algorithm}/changes?from=1&to=2`,
    '/departments',
    '/departments/department-a',
    '/principles/PRIVACY_AND_SECURITY',
    '/map',
    '/open-data',
    '/accessibility',
    '/privacy',
    `/entries/${slugs.algorithm}/concerns/new`,
    '/concerns/track',
    '/concerns/erase',
    '/no-such-page',
  ];

  it("reads a dataset page's structured data under the site's CSP, which it does not break", async () => {
    await withPage(true, async (page) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          console.error(`CSP violation: ${event.violatedDirective}`),
        ),
      );
      await page.goto(`/en/entries/${site.slugs.dataset}`);
      const markup = await page.locator('script[type="application/ld+json"]').textContent();
      expect(JSON.parse(markup!)).toMatchObject({
        '@type': 'Dataset',
        name: await page.getByRole('heading', { level: 1 }).textContent(),
      });
      // Scripts of the page ran (the CSP let them), and nothing was refused.
      await expect(page.evaluate(() => document.readyState)).resolves.toBe('complete');
      expect(errors).toEqual([]);
    });
  });

  it('the map’s places are reached by keyboard: Enter opens one’s popup on its entry’s link, Escape goes back', async () => {
    await withPage(true, async (page) => {
      await page.goto('/sv/map');
      await page.locator('#map.enhanced').waitFor();
      const places = page.locator('.leaflet-overlay-pane [role="button"][tabindex="0"]');
      await expect(places.count()).resolves.toBeGreaterThan(0);
      const place = places.first();
      const name = (await place.getAttribute('aria-label'))!;
      expect(name.length).toBeGreaterThan(0);
      await place.focus();
      await page.keyboard.press('Enter');
      const link = page.locator('.leaflet-popup a[href*="/entries/"]');
      await link.waitFor();
      await expect(link.textContent()).resolves.toBe(name);
      await expect(
        page.evaluate(() => document.activeElement?.closest('.leaflet-popup') !== null),
      ).resolves.toBe(true);
      // Its close button speaks the page's language.
      await expect(
        page.locator('.leaflet-popup-close-button').getAttribute('aria-label'),
      ).resolves.toBe('Stäng');
      await page.keyboard.press('Escape');
      // Gone once it has faded out.
      await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
      await expect(
        page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null),
      ).resolves.toBe(name);
      // Enter again, then Enter on the link: the browser asks for the entry's page (at the
      // site's public address, which this test's server is not).
      await page.keyboard.press('Enter');
      await link.waitFor();
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(/\/sv\/entries\/[^/]+$/);
      await Promise.all([
        page.waitForRequest((request) => request.url() === href),
        page.keyboard.press('Enter'),
      ]);
    });
  });

  it('axe-core finds no violations on the short pages for addresses outside the languages', async () => {
    await withPage(true, async (page) => {
      for (const path of ['/SV/', '/de/x', '/sv/%ff']) {
        const response = await page.goto(path);
        expect([path, response?.status()]).toEqual([path, path === '/sv/%ff' ? 400 : 404]);
        // Styled as the site is, with the way to the accessibility statement every page has.
        expect(await page.locator('link[rel="stylesheet"]').count()).toBe(1);
        expect(await page.locator('footer a[href$="/accessibility"]').count()).toBe(1);
        expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      }
    });
  });

  it('the axe-core check finds violations where there are some', async () => {
    await withPage(true, async (page) => {
      await page.goto('/en/no-such-page');
      await page.evaluate(() => {
        document.documentElement.removeAttribute('lang');
        document.body.insertAdjacentHTML('beforeend', '<img id="unnamed" src="/favicon.ico">');
      });
      await expect(axeViolations(page)).resolves.toEqual(
        expect.arrayContaining(['html-has-lang: html', 'image-alt: #unnamed']),
      );
    });
  });

  it.each(['sv', 'en'])(
    'axe-core finds no violations on any page type (%s)',
    async (lang) => {
      await withPage(true, async (page) => {
        for (const path of pageTypes(site.slugs)) {
          await page.goto(`/${lang}${path}`);
          if (path === '/map') await page.locator('.leaflet-container').waitFor();
          expect({ path, violations: await axeViolations(page) }).toEqual({
            path,
            violations: [],
          });
        }
      });
      // Sixteen pages, each analysed whole: minutes on a busy two-core machine.
    },
    240_000,
  );

  it('reflows at 320 CSS pixels (WCAG 1.4.10): no page scrolls sideways, long words and the concern form included', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: site.api.baseUrl,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      for (const path of [
        '/sv/',
        '/en/search?q=realtidstrafikinformationsinsamlingssystemsunderhållsavtalsförhandlingar',
        '/sv/search?q=ans%C3%B6kningar',
        `/en/entries/${site.slugs.longWords}`,
        `/sv/entries/${site.slugs.algorithm}`,
        `/sv/entries/${site.slugs.algorithm}/concerns/new`,
        `/en/entries/${site.slugs.algorithm}/concerns/new`,
        '/sv/departments/department-b',
        '/en/map',
        '/sv/accessibility',
        '/en/privacy',
      ]) {
        const response = await page.goto(path);
        expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          window: window.innerWidth,
        }));
        expect({ path, scrolls: widths.page > widths.window, widths }).toEqual({
          path,
          scrolls: false,
          widths,
        });
      }
    } finally {
      await context.close();
    }
  });

  const PHONE: Viewport = { width: 360, height: 740 };
  const WIDE: Viewport = { width: 1280, height: 800 };

  it.each([
    ['a phone', PHONE],
    ['a wide screen', WIDE],
  ])(
    'search on %s: Tab from the top reaches the first result before any filter, the filters follow the results on screen too, and a link leads to them',
    async (_label, viewport) => {
      await withPage(
        false,
        async (page) => {
          await page.goto('/en/search?q=ans%C3%B6kningar');
          const results = page.locator('#results ol.cards > li');
          await expect(results.count()).resolves.toBeGreaterThan(1);
          // Tab from the top until focus is in the results or the filters (at most 30 stops:
          // the page has a dozen controls before either).
          const stops: string[] = [];
          for (let i = 0; i < 30 && !['result', 'filter'].includes(stops.at(-1) ?? ''); i++) {
            await page.keyboard.press('Tab');
            stops.push(
              await page.evaluate(() => {
                const focused = document.activeElement;
                if (focused?.closest('#results ol.cards')) return 'result';
                if (focused?.closest('#filters')) return 'filter';
                if (focused?.closest('.to-filters')) return 'to-filters';
                return focused?.tagName ?? 'none';
              }),
            );
          }
          expect(stops.slice(-2)).toEqual(['to-filters', 'result']);
          await expect(
            results
              .first()
              .getByRole('link')
              .evaluate((el) => el === document.activeElement),
          ).resolves.toBe(true);
          // What is read first is seen first: the filters are below the results on a phone,
          // to their right on a wide screen.
          const resultsBox = (await page.locator('#results').boundingBox())!;
          const filtersBox = (await page.locator('#filters').boundingBox())!;
          if (viewport === PHONE) {
            expect(filtersBox.y).toBeGreaterThanOrEqual(resultsBox.y + resultsBox.height);
          } else {
            expect(filtersBox.x).toBeGreaterThanOrEqual(resultsBox.x + resultsBox.width);
            expect(filtersBox.y).toBe(resultsBox.y);
          }
          // The link above the results leads past them: the next Tab is the first filter.
          await page.getByRole('link', { name: 'Narrow down the results' }).press('Enter');
          await page.waitForURL(/#filters$/);
          await page.keyboard.press('Tab');
          await expect(
            page.evaluate(() => document.activeElement?.closest('#filters .facet a') !== null),
          ).resolves.toBe(true);
        },
        viewport,
      );
    },
  );

  it("on a phone, the withheld and changes tables show each value under its column's heading, and stay tables to screen readers", async () => {
    const tables = (lang: string) => [
      { path: `/${lang}/entries/${site.slugs.algorithm}`, table: '#withheld table' },
      { path: `/${lang}/entries/${site.slugs.algorithm}/changes?from=1&to=2`, table: 'table.diff' },
    ];
    await withPage(
      false,
      async (page, context) => {
        for (const { path, table } of [...tables('sv'), ...tables('en')]) {
          await page.goto(path);
          const shown = await page.locator(table).evaluate((element) => {
            const headings = Array.from(
              element.querySelectorAll('thead th'),
              (th) => th.textContent,
            );
            const cells = Array.from(element.querySelectorAll('tbody tr')).flatMap((row) =>
              Array.from(row.children, (cell, column) => {
                const label = getComputedStyle(cell, '::before');
                const box = cell.getBoundingClientRect();
                return {
                  heading: headings[column],
                  label: cell.getAttribute('data-label'),
                  // Chrome gives the content as written: the label, then its empty alternative.
                  labelShown:
                    label.display === 'block' &&
                    label.content === `${JSON.stringify(headings[column])} / ""` &&
                    parseFloat(label.height) > 0,
                  onScreen: box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
                };
              }),
            );
            return {
              headings,
              cells,
              scrolls: document.documentElement.scrollWidth > window.innerWidth,
            };
          });
          expect({ path, headings: shown.headings.length, scrolls: shown.scrolls }).toEqual({
            path,
            headings: 3,
            scrolls: false,
          });
          expect(shown.cells.length).toBeGreaterThanOrEqual(3);
          for (const cell of shown.cells)
            expect({ path, ...cell }).toEqual({
              path,
              heading: cell.heading,
              label: cell.heading,
              labelShown: true,
              onScreen: true,
            });
          // Chrome's accessibility tree, which screen readers read: a table with its column and
          // row headers and cells, and no cell named with its label a second time.
          const cdp = await context.newCDPSession(page);
          const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
          const read = async (selector: string) => {
            const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
              nodeId: root.nodeId,
              selector,
            });
            return Promise.all(
              nodeIds.map(async (nodeId) => {
                const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
                  nodeId,
                  fetchRelatives: false,
                });
                return { role: nodes[0].role?.value, name: String(nodes[0].name?.value ?? '') };
              }),
            );
          };
          const roles = async (selector: string) => [
            ...new Set((await read(selector)).map((node) => node.role)),
          ];
          expect({ path, roles: await roles(table) }).toEqual({ path, roles: ['table'] });
          expect({ path, headers: await read(`${table} thead th`) }).toEqual({
            path,
            headers: shown.headings.map((name) => ({ role: 'columnheader', name })),
          });
          expect({ path, roles: await roles(`${table} tbody th`) }).toEqual({
            path,
            roles: ['rowheader'],
          });
          expect({ path, roles: await roles(`${table} tbody td`) }).toEqual({
            path,
            roles: ['cell'],
          });
          for (const { name } of await read(`${table} tbody td`))
            expect(shown.headings.some((heading) => name.startsWith(heading!))).toBe(false);
          await cdp.detach();
        }
      },
      PHONE,
    );
    // On a wide screen they are plain tables: the header row shows, the labels do not.
    await withPage(
      false,
      async (page) => {
        for (const { path, table } of tables('en')) {
          await page.goto(path);
          const wide = await page.locator(table).evaluate((element) => ({
            headerHeights: Array.from(
              element.querySelectorAll('thead th'),
              (th) => th.getBoundingClientRect().height,
            ),
            labels: Array.from(
              element.querySelectorAll('tbody [data-label]'),
              (cell) => getComputedStyle(cell, '::before').content,
            ),
          }));
          expect(wide.headerHeights.every((height) => height > 10)).toBe(true);
          expect(new Set(wide.labels)).toEqual(new Set(['none']));
        }
      },
      WIDE,
    );
  });

  it.each(['sv', 'en'])(
    'axe-core finds no violations on a phone (360×740) on the search, entry and changes pages (%s)',
    async (lang) => {
      await withPage(
        true,
        async (page) => {
          for (const path of [
            '/search?q=ans%C3%B6kningar',
            '/search?q=ekonomiskt&kind=ALGORITHM',
            `/entries/${site.slugs.algorithm}`,
            `/entries/${site.slugs.algorithm}/changes?from=1&to=2`,
          ]) {
            await page.goto(`/${lang}${path}`);
            expect({ path, violations: await axeViolations(page) }).toEqual({
              path,
              violations: [],
            });
          }
        },
        PHONE,
      );
    },
    120_000,
  );

  it('starts with a visible skip link to the content, and shows keyboard focus', async () => {
    await withPage(false, async (page) => {
      await page.goto(`/en/entries/${site.slugs.algorithm}`);
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      const box = await skip.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0).toBe(true);
      await expect(skip.evaluate((el) => getComputedStyle(el).outlineStyle)).resolves.not.toBe(
        'none',
      );
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
      });
      expect(focused.tag).toBe('A');
      expect(focused.outline).not.toBe('none');
    });
  });
});
