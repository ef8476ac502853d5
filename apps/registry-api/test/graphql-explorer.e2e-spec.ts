import {
  buildClientSchema,
  buildSchema,
  extendSchema,
  IntrospectionQuery,
  introspectionFromSchema,
  parse,
  printSchema,
} from 'graphql';
import { Browser, Page, Route } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';
import { chromiumAvailable, launchChromium } from './site-browser';

/** GET /graphql as a browser asks for it. */
const explorerPage = (api: RegistryApiHarness) =>
  fetch(`${api.baseUrl}/graphql`, {
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  });

/** The versioned URL of the schema's introspection JSON that the page hands its script. */
function schemaUrl(html: string): string {
  const match = /\bdata-schema="([^"]+)"/.exec(html);
  if (!match) throw new Error('the explorer page names no schema.json');
  return match[1];
}

/** The URLs of the page's scripts and style sheets. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * The GraphQL explorer (GraphiQL) is served by the registry with its assets, in development and
 * in production, under a CSP that allows this origin only: no CDN, no inline script or style.
 */
describe('GraphQL explorer', () => {
  describe.each(['development', 'production'])('with NODE_ENV=%s', (nodeEnv) => {
    let api: RegistryApiHarness;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(`explorer-${nodeEnv}`, { NODE_ENV: nodeEnv });
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('serves the page under a CSP of this origin only, with every asset from here', async () => {
      const response = await explorerPage(api);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      // The site's one policy: this origin only, nothing inline, no eval.
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe|https?:|\*/);
      expect(response.headers.get('vary')).toMatch(/accept/i);
      const html = await response.text();
      // No inline script or style: every script has a src, no style element or attribute.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style|\sstyle=/);
      expect(html).toContain('href="/schema.gql"');

      const urls = assetUrls(html).filter((url) => url !== '/schema.gql');
      expect(urls).toHaveLength(6);
      for (const url of urls) {
        expect(url).toMatch(/^\/graphql\/explorer\/[a-z-]+\.(js|css)\?v=[0-9a-f]{16}$/);
        const asset = await fetch(`${api.baseUrl}${url}`);
        expect(asset.status).toBe(200);
        expect(asset.headers.get('content-type')).toMatch(
          url.includes('.js?') ? /^text\/javascript/ : /^text\/css/,
        );
        expect(asset.headers.get('cache-control')).toContain('immutable');
        expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
        expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(500);
      }
      for (const name of ['..%2Fpackage.json', 'zq%3Cb%3Ex']) {
        const missing = await fetch(`${api.baseUrl}/graphql/explorer/${name}`);
        expect(missing.status).toBe(404);
        // The name asked for is not said back.
        expect(await missing.text()).toBe('No such explorer file');
      }
    });

    it('serves the published schema as introspection JSON, cached like its other files', async () => {
      const html = await (await explorerPage(api)).text();
      const url = schemaUrl(html);
      expect(url).toMatch(/^\/graphql\/explorer\/schema\.json\?v=[0-9a-f]{16}$/);
      const response = await fetch(`${api.baseUrl}${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      const introspection = (await response.json()) as IntrospectionQuery;

      // The same schema as the SDL the page links to, descriptions and deprecations included.
      const sdl = await fetch(`${api.baseUrl}/schema.gql`);
      expect(sdl.status).toBe(200);
      const published = buildSchema(await sdl.text());
      const explored = buildClientSchema(introspection);
      expect(Object.keys(explored.getTypeMap()).sort()).toEqual(
        Object.keys(published.getTypeMap()).sort(),
      );
      expect(printSchema(explored)).toBe(printSchema(published));

      // Revalidated by its ETag; without its version, kept for minutes only.
      const again = await fetch(`${api.baseUrl}${url}`, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      const unversioned = await fetch(`${api.baseUrl}/graphql/explorer/schema.json`);
      expect(unversioned.status).toBe(200);
      expect(unversioned.headers.get('cache-control')).toBe('public, max-age=300');
      expect(unversioned.headers.get('etag')).toBe(etag);
    });

    it('leaves GraphQL to API clients on the same path', async () => {
      const principles = await api
        .graphql()
        .data<{ principles: unknown[] }>('{ principles { code } }');
      expect(principles.principles).toHaveLength(5);
      const get = await fetch(
        `${api.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`,
        {
          headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
        },
      );
      expect(get.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });

  const available = chromiumAvailable();
  // The one skip the project allows: no chromium on a developer's machine (never on CI).
  const describeInBrowser = available ? describe : describe.skip;

  describeInBrowser('in a browser with no network beyond this machine', () => {
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    let browser: Browser;
    beforeAll(async () => {
      [api, browser] = await Promise.all([
        RegistryApiHarness.start('explorer-browser', { NODE_ENV: 'production' }),
        launchChromium(),
      ]);
      tokens = await createTestTokens(api.app.get(DataSource));
    });
    afterAll(async () => {
      await browser?.close();
      await api?.stop();
    });

    /**
     * Opens the explorer; every request off this machine is refused and recorded, and so are the
     * page's console errors, the HTTP errors it met and the GraphQL queries it sent. `before`
     * runs before the page is opened (to route its requests).
     */
    async function openExplorer(before?: (page: Page) => Promise<void>) {
      const context = await browser.newContext({ baseURL: api.baseUrl });
      const page = await context.newPage();
      await before?.(page);
      const outside: string[] = [];
      const served: string[] = [];
      const problems: string[] = [];
      const queries: string[] = [];
      await context.route('**/*', (route) => {
        const request = route.request();
        const { hostname, pathname } = new URL(request.url());
        if (hostname === '127.0.0.1' || hostname === 'localhost') {
          served.push(pathname);
          if (pathname === '/graphql' && request.method() === 'POST')
            queries.push(String((request.postDataJSON() as { query?: unknown }).query));
          return route.continue();
        }
        outside.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
      });
      await page.goto('/graphql');
      await page.locator('.graphiql-container').waitFor();
      // The route sees the page's requests (GraphiQL's bundle among them).
      expect(served).toContain('/graphql/explorer/graphiql.js');
      return { context, page, outside, problems, queries };
    }

    /** Opens GraphiQL's Docs pane and waits for the root query type's fields in it. */
    async function openDocs(page: Page) {
      await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
      const docs = page.locator('.graphiql-doc-explorer');
      await docs.getByRole('link', { name: 'Query' }).first().click();
      await docs.getByText('principles', { exact: true }).first().waitFor();
      return docs;
    }

    /** Replaces the text of one of GraphiQL's editors, as typing would. */
    async function setEditor(page: Page, selector: string, text: string) {
      await page.locator(`${selector} .CodeMirror`).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.insertText(text);
    }

    /** Clicks GraphiQL's ↻ and waits for the fetch it starts to end. */
    async function refetchSchema(page: Page) {
      const refetch = page.getByRole('button', { name: 'Re-fetch GraphQL schema' });
      await expect(refetch.isEnabled()).resolves.toBe(true);
      await refetch.click();
      await page.waitForFunction(
        () =>
          !document
            .querySelector('[aria-label="Re-fetch GraphQL schema"]')
            ?.hasAttribute('disabled'),
      );
    }

    /** Waits for a field in the Docs pane, open at Query (which GraphiQL rebuilds on ↻). */
    const docsField = (page: Page, field: string) =>
      page.locator('.graphiql-doc-explorer').getByText(field, { exact: true }).first().waitFor();

    /** The published schema with one more field on Query, as SDL. */
    async function changedSdl(field: string): Promise<string> {
      const published = buildSchema(await (await fetch(`${api.baseUrl}/schema.gql`)).text());
      return printSchema(
        extendSchema(published, parse(`extend type Query { "${field}." ${field}: String }`)),
      );
    }

    /** Records the URLs a route sees, then answers with `answer`. */
    function answering(seen: string[], answer: (route: Route) => Promise<void>) {
      return (route: Route) => {
        const { pathname, search } = new URL(route.request().url());
        seen.push(pathname + search);
        return answer(route);
      };
    }
    const unavailable = (route: Route) => route.fulfill({ status: 503, body: 'Unavailable' });

    const note = (page: Page) => page.getByText('The schema could not be loaded');
    const response = (page: Page) => page.locator('.graphiql-response');
    const run = (page: Page) => page.getByRole('button', { name: /Execute query/ }).click();

    it('runs the default query and shows the answer, with nothing fetched from elsewhere', async () => {
      const { context, page, outside, problems } = await openExplorer();
      try {
        await run(page);
        await expect(
          response(page).getByText('PRIVACY_AND_SECURITY').waitFor(),
        ).resolves.toBeUndefined();
        expect(await response(page).innerText()).toContain('Privacy, data protection and security');
        expect(outside).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('shows an anonymous visitor the docs and completes fields, with no introspection sent', async () => {
      const { context, page, outside, problems, queries } = await openExplorer();
      try {
        // The default query names the address where the SDL is, and that address serves it.
        const editor = page.locator('.graphiql-query-editor');
        await editor.getByText('/schema.gql').waitFor();
        const sdl = await page.request.get('/schema.gql');
        expect(sdl.status()).toBe(200);
        expect(await sdl.text()).toContain('type Query');

        // Production refuses anonymous introspection; the Docs pane has the schema all the same.
        const docs = await openDocs(page);
        await docs.getByText('principles', { exact: true }).first().click();
        await docs.getByText('language', { exact: true }).first().waitFor();
        await expect(page.locator('.graphiql-doc-explorer-error').count()).resolves.toBe(0);

        // Completion knows the schema's fields too.
        await setEditor(page, '.graphiql-query-editor', '{ ');
        // Typed key by key: GraphiQL offers completions as keys go up.
        await page.keyboard.type('princ');
        await page.locator('.CodeMirror-hints').getByText('principles').first().waitFor();

        expect(queries.filter((query) => /__schema|__type\b/.test(query))).toEqual([]);
        expect(outside).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('re-fetches a changed schema.json with ↻, and shows the new schema', async () => {
      const { context, page, outside, problems, queries } = await openExplorer();
      try {
        await openDocs(page);
        const docs = page.locator('.graphiql-doc-explorer');
        await expect(docs.getByText('refetchedField').count()).resolves.toBe(0);

        // A deployment changed the schema since the page was loaded.
        const sdl = await changedSdl('refetchedField');
        const seen: string[] = [];
        await page.route(
          '**/graphql/explorer/schema.json*',
          answering(seen, (route) =>
            route.fulfill({ json: introspectionFromSchema(buildSchema(sdl)) }),
          ),
        );
        await refetchSchema(page);
        await docsField(page, 'refetchedField');
        // The current file, not the versioned one the browser keeps for a year.
        expect(seen).toEqual(['/graphql/explorer/schema.json']);
        expect(queries.filter((query) => /__schema|__type\b/.test(query))).toEqual([]);
        expect(outside).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('builds the schema from the published SDL when schema.json fails', async () => {
      const { context, page, outside, problems, queries } = await openExplorer();
      try {
        await openDocs(page);
        const sdl = await changedSdl('fromSdl');
        const seen: string[] = [];
        await page.route('**/graphql/explorer/schema.json*', answering(seen, unavailable));
        await page.route(
          '**/schema.gql',
          answering(seen, (route) => route.fulfill({ contentType: 'text/plain', body: sdl })),
        );
        await refetchSchema(page);
        await docsField(page, 'fromSdl');
        expect(seen).toEqual(['/graphql/explorer/schema.json', '/schema.gql']);
        await expect(note(page).isVisible()).resolves.toBe(false);
        expect(queries.filter((query) => /__schema|__type\b/.test(query))).toEqual([]);
        expect(outside).toEqual([]);
        // The refusal routed, and chromium's console line for it; nothing else.
        expect(problems).toEqual([
          `HTTP 503 ${api.baseUrl}/graphql/explorer/schema.json`,
          'Failed to load resource: the server responded with a status of 503 (Service Unavailable)',
        ]);
      } finally {
        await context.close();
      }
    });

    it('says the schema could not be loaded when neither file loads, until ↻ loads it', async () => {
      const { context, page, outside, problems, queries } = await openExplorer(async (page) => {
        await page.route('**/graphql/explorer/schema.json*', unavailable);
        await page.route('**/schema.gql', unavailable);
      });
      try {
        // GraphiQL introspected as a last resort, which production refuses an anonymous visitor.
        await note(page).waitFor();
        expect(queries.filter((query) => /__schema/.test(query)).length).toBeGreaterThan(0);
        expect(problems).toContain(`HTTP 503 ${api.baseUrl}/schema.gql`);
        expect(problems).toContain(`HTTP 400 ${api.baseUrl}/graphql`);
        // The note is above GraphiQL, in a status region.
        const [noteBox, graphiqlBox] = await Promise.all([
          note(page).boundingBox(),
          page.locator('.graphiql-container').boundingBox(),
        ]);
        expect(noteBox!.y + noteBox!.height).toBeLessThanOrEqual(graphiqlBox!.y);
        await expect(
          page.getByRole('status').getByText('The schema could not be loaded').isVisible(),
        ).resolves.toBe(true);

        await page.unrouteAll();
        await refetchSchema(page);
        await note(page).waitFor({ state: 'hidden' });
        await openDocs(page);
        expect(outside).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("clears GraphiQL's data from its settings, and only GraphiQL's", async () => {
      const { context, page, problems } = await openExplorer();
      try {
        // When GraphiQL last wrote to its storage (see below).
        await page.evaluate(() => {
          const setItem = Storage.prototype.setItem;
          Storage.prototype.setItem = function (key: string, value: string) {
            (window as unknown as { lastStorageWrite?: number }).lastStorageWrite = Date.now();
            return setItem.call(this, key, value);
          };
        });
        await page.evaluate(() => window.localStorage.setItem('site:preference', 'kept'));
        await setEditor(page, '.graphiql-query-editor', '{ principles { code } }');
        await run(page);
        await response(page).getByText('PRIVACY_AND_SECURITY').waitFor();
        const keys = () => page.evaluate(() => Object.keys(window.localStorage).sort());
        // GraphiQL saves the query, its tabs and its history 500 ms after a change (debounced):
        // on a busy machine later than the response shows, so a save is waited for, not looked
        // for at once. Which of its keys comes first varies (the history's did not come within
        // 10 s once, on CI): any of them is GraphiQL's data to clear.
        await page.waitForFunction(
          () =>
            Object.keys(window.localStorage).some(
              (key) => key.startsWith('graphiql:') && key !== 'graphiql:theme',
            ),
          undefined,
          { polling: 100, timeout: 10_000 },
        );
        const saved = await keys();
        expect(saved).toContain('site:preference');
        expect(saved.filter((key) => key.startsWith('graphiql:')).length).toBeGreaterThan(0);
        // GraphiQL saves its tabs 500 ms after each change (debounced, the response's too): the
        // clearing waits until its storage has been quiet longer than that, so that no save
        // lands after it (as one did on a busy machine).
        await page.waitForFunction(
          () => {
            const last = (window as unknown as { lastStorageWrite?: number }).lastStorageWrite;
            return last !== undefined && Date.now() - last > 800;
          },
          undefined,
          { polling: 100 },
        );

        await page.getByRole('button', { name: 'Open settings dialog' }).click();
        await page.getByRole('button', { name: 'Clear data' }).click();
        await page.getByRole('button', { name: 'Cleared data' }).waitFor();
        await expect(keys()).resolves.toEqual(['site:preference']);
        // GraphiQL's dialogs (Radix) add a scroll-lock <style>, which the CSP refuses: harmless,
        // as GraphiQL fills the page and nothing scrolls behind a dialog. Nothing else went wrong.
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^Applying inline style violates .*'style-src 'self''/);
      } finally {
        await context.close();
      }
    });

    it('sends the Authorization header a token holder enters', async () => {
      const { context, page, outside, problems } = await openExplorer();
      try {
        await setEditor(page, '.graphiql-query-editor', '{ persons { name } }');
        await run(page);
        await response(page)
          .getByText('FORBIDDEN')
          .or(response(page).getByText('UNAUTHENTICATED'))
          .first()
          .waitFor();
        expect(await response(page).innerText()).not.toContain('test auditor');

        await page.getByRole('button', { name: 'Headers' }).click();
        await setEditor(
          page,
          '.graphiql-editor-tool .graphiql-editor:not(.hidden)',
          JSON.stringify({ Authorization: `Bearer ${tokens.auditor}` }),
        );
        await run(page);
        await response(page).getByText('test auditor').waitFor();
        // The documentation explorer knows the schema, which is the same with a token.
        await openDocs(page);
        expect(outside).toEqual([]);
        // The refusal before the token came is a GraphQL answer (HTTP 200), no page error.
        expect(problems).toEqual([]);
        // The token stays in this tab: nothing the browser keeps holds it (GraphiQL's query
        // history had saved each run's headers), while the history itself is kept.
        const saved = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
        expect(saved).toContain('persons');
        expect(saved).not.toContain(tokens.auditor);
        expect(saved).not.toContain('Bearer');
      } finally {
        await context.close();
      }
    });

    it('cleans a token an earlier visit saved in the history', async () => {
      const { context, page } = await openExplorer();
      try {
        const item = {
          query: '{ persons { name } }',
          headers: `{"Authorization":"Bearer ${tokens.auditor}"}`,
        };
        await page.evaluate(
          (value) => window.localStorage.setItem('graphiql:queries', value),
          JSON.stringify({ queries: [item] }),
        );
        await page.reload();
        await page.locator('.graphiql-container').waitFor();
        const saved = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
        expect(saved).toContain('persons');
        expect(saved).not.toContain(tokens.auditor);
      } finally {
        await context.close();
      }
    });
  });
});
