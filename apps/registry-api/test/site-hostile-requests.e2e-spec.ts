import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { createTestTokens, eventually, LogCapture } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

type LogLine = { level: number; msg?: string; [key: string]: unknown };
const ERROR = 50;
const PUBLIC_URL = 'https://insyn.example.org';

/**
 * What an outside probe of the public surfaces found, kept found: the addresses that exports,
 * signs and e-mail print lead somewhere; hostile paths, headers and cookies get clean refusals
 * (never a 500, never an error-level log line); links never follow a Host the client chose; a
 * planted CSRF cookie or a post from a sibling site is refused; a retired entry says it takes no
 * concerns instead of failing the form silently.
 */
describe('public site: hostile and careless requests', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  const logs = new LogCapture();
  const lines = (): LogLine[] =>
    logs.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  const entries = { published: '', retired: '' };

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers, redirect: 'manual' });
  const errorLines = () => lines().filter((l) => l.level >= ERROR);
  const concerns = async () => Number((await db.query('SELECT count(*) FROM concern'))[0].count);

  /** The concern form over "https" (the harness trusts loopback's X-Forwarded-Proto). */
  const openForm = async (slug: string, headers: Record<string, string> = {}) => {
    const response = await get(`/sv/entries/${slug}/concerns/new`, headers);
    const html = await response.text();
    const cookies = response.headers.getSetCookie();
    return {
      response,
      html,
      cookies,
      cookie: cookies.map((c) => c.split(';')[0]).find((c) => c.includes('insyn_csrf=')) ?? '',
      token: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
    };
  };
  const file = (slug: string, token: string, headers: Record<string, string>) =>
    fetch(`${api.baseUrl}/sv/entries/${slug}/concerns`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams([
        ['csrf', token],
        ['principleCodes', 'PRIVACY_AND_SECURITY'],
        ['category', 'PRIVACY'],
        ['text', 'Hur länge sparas bilderna?'],
        ['contactEmail', ''],
        ['language', 'sv'],
      ]).toString(),
    });

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-hostile',
      {
        LOG_LEVEL: 'info',
        INSYN_PUBLIC_URL: PUBLIC_URL,
        INSYN_SECURITY_CONTACT_URL: 'mailto:cert@stad.example.se',
      },
      { logStream: logs, rateLimit: { limit: 100_000 } },
    );
    db = api.app.get(DataSource);
    const setup = new EntrySetup(api.app, await createTestTokens(db));
    await setup.published(EntryKind.IOT_DEPLOYMENT, 'Luftkvalitetsgivare Hornsgatan', 'A');
    const retired = await setup.published(EntryKind.ALGORITHM, 'Gammal sorteringsregel', 'A');
    await setup.retire(retired);
    entries.published = 'luftkvalitetsgivare-hornsgatan';
    entries.retired = 'gammal-sorteringsregel';
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('property: no query string or form on a public page gets a 5xx, a stack trace or SQL, or an error log line', async () => {
    // Raw bytes as a careless client or a fuzzer sends them: percent-encoded text of any
    // character (NUL and lone surrogates included), broken escapes, huge and impossible values.
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }).map((text) => {
        try {
          return encodeURIComponent(text);
        } catch {
          return '%ED%A0%80'; // a lone surrogate, as UTF-8 would have it
        }
      }),
      fc.constantFrom(
        '%00',
        '%FF',
        '%C0%AF',
        '%ED%A0%80',
        '%',
        '%%2',
        '%E2%80%AE',
        '2026-02-30',
        '0000-01-01',
        '9999-12-31',
        '-1',
        '1e309',
        'NaN',
        '__proto__',
        'x'.repeat(3000),
      ),
    );
    const params = [
      'q',
      'kind',
      'department',
      'theme',
      'principle',
      'from',
      'to',
      'sort',
      'page',
      'status',
      'after',
      'code',
      'shown',
    ];
    const paths = [
      '/sv/',
      '/sv/search',
      '/en/search',
      `/sv/entries/${entries.published}`,
      `/en/entries/${entries.published}/changes`,
      `/sv/entries/${entries.retired}/concerns/new`,
      '/sv/departments/department-a',
      '/en/principles/PRIVACY_AND_SECURITY',
      '/sv/map',
      '/en/concerns/track',
      '/sv/concerns/erase',
      '/en/feeds/entries.atom',
      '/exports/entries.csv',
      '/map/iot-deployments.geojson',
    ];
    const before = errorLines().length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(fc.constantFrom(...params), value), { maxLength: 4 }),
        fc.constantFrom('GET', 'HEAD', 'POST'),
        fc.constantFrom('text/html', 'application/json', '*/*'),
        async (path, query, method, accept) => {
          const search = query.map(([name, text]) => `${name}=${text}`).join('&');
          const response = await fetch(`${api.baseUrl}${path}${search ? `?${search}` : ''}`, {
            method,
            redirect: 'manual',
            headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
            body: method === 'POST' ? search : undefined,
          });
          const body = await response.text();
          expect({ path, search, method, server: response.status >= 500 }).toEqual({
            path,
            search,
            method,
            server: false,
          });
          expect(body).not.toMatch(/\bat \S+ \(|QueryFailedError|node_modules|\bSELECT\b/);
        },
      ),
      { numRuns: 150, seed: 51 },
    );
    expect(errorLines().slice(before)).toEqual([]);
  });

  it('leads every exported entry address to its page, in the reader’s language', async () => {
    const doc = (await (await get('/exports/entries.json')).json()) as {
      entries: { url: string; slug: string }[];
    };
    expect(doc.entries.length).toBeGreaterThanOrEqual(2);
    for (const { url, slug } of doc.entries) {
      expect(url).toBe(`${PUBLIC_URL}/entries/${slug}`);
      const path = url.slice(PUBLIC_URL.length);
      const sv = await get(path);
      expect({ path, status: sv.status, location: sv.headers.get('location') }).toEqual({
        path,
        status: 302,
        location: `/sv/entries/${slug}`,
      });
      expect(sv.headers.get('vary')).toBe('Accept-Language');
      const en = await get(path, { 'Accept-Language': 'en' });
      expect(en.headers.get('location')).toBe(`/en/entries/${slug}`);
      expect((await get(`/sv/entries/${slug}`)).status).toBe(200);
    }
    // The sign's QR code and printed address are the same entry address.
    const sign = await (await get(`/signs/${entries.published}.svg`)).text();
    expect(sign).toContain(`${PUBLIC_URL}/entries/${entries.published}`);
    // Any well-formed slug is sent on alike (the page answers 404): nothing about which exist.
    expect((await get('/entries/finns-inte')).headers.get('location')).toBe(
      '/sv/entries/finns-inte',
    );
    for (const bad of ['/entries/%00', '/entries/a..b'])
      expect({ bad, status: (await get(bad)).status }).toEqual({ bad, status: 404 });
    // Typed from a sign: on to the slug it would be, as the language's entry page does.
    expect((await get('/entries/A%20B')).headers.get('location')).toBe('/sv/entries/a-b');
  });

  it('sends an old tracking link to the tracking page without its code, which no log keeps', async () => {
    const code = 'ABCDE-FGHJK-MNPQR-STVWX-YZ012';
    const response = await get(`/concerns/track?code=${code}`, { 'Accept-Language': 'en' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/en/concerns/track');
    expect((await get('/sv/concerns/track')).status).toBe(200);
    expect(logs.text).not.toContain(code);
    expect(logs.text).toContain('/concerns/track?code=[redacted]');
  });

  it('answers 404, not 500, for a NUL byte or other impossible slug on every entry route', async () => {
    const before = errorLines().length;
    for (const path of [
      '/sv/entries/%00',
      '/sv/entries/a%00b',
      '/en/entries/%00/changes?from=1&to=1',
      '/sv/entries/%00/concerns/new',
      `/sv/entries/${'a'.repeat(300)}`,
    ]) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toMatch(/QueryFailedError|invalid byte sequence|SELECT/);
    }
    const form = await openForm(entries.published);
    const post = await file('%00', form.token, { Cookie: form.cookie });
    expect(post.status).toBe(404);
    expect(errorLines().length).toBe(before);
  });

  it('serves the pages alike whatever Authorization header a browser or proxy adds', async () => {
    const before = errorLines().length;
    const plain = await (await get('/sv/')).text();
    for (const authorization of [
      'Basic Zm9vOmJhcg==',
      `Bearer insyn_${'B'.repeat(43)}`,
      'Bearer',
      'garbage',
    ]) {
      for (const path of ['/sv/', `/sv/entries/${entries.published}`, '/sv/search?q=luft']) {
        const response = await get(path, { Authorization: authorization });
        expect({ authorization, path, status: response.status }).toEqual({
          authorization,
          path,
          status: 200,
        });
        if (path === '/sv/') expect(await response.text()).toBe(plain);
      }
      const form = await openForm(entries.published, { Authorization: authorization });
      expect(form.response.status).toBe(200);
    }
    // The API's own routes still say that the token is wrong.
    const health = await get('/health', { Authorization: `Bearer insyn_${'B'.repeat(43)}` });
    expect(health.status).toBe(401);
    expect(errorLines().length).toBe(before);
  });

  it('refuses an undecodable address with a plain 400 that echoes nothing (a browser on the site: a page in its language)', async () => {
    const before = errorLines().length;
    for (const path of [
      '/sv/entries/%ED%A0%80',
      '/sv/departments/%E0',
      '/signs/%ZZ.svg',
      '/exports/%E0',
      '/sv/search?q=%ED%A0%80',
      '/en/search?q=ok&department=%E0',
      '/graphql?query=%FF',
    ]) {
      const response = await get(path);
      const body = await response.text();
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(body).not.toMatch(/%E|%Z|Failed to decode/);
    }
    expect(errorLines().length).toBe(before);
    // A browser on a site page gets a short page in the path's language, with a way home.
    for (const [path, title] of [
      ['/sv/search?q=%ff', 'Adressen är inte giltig'],
      ['/en/entries/%E0', 'The address is not valid'],
    ]) {
      const page = await get(path, { Accept: 'text/html' });
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain(`lang="${path.slice(1, 3)}"`);
      expect(html).toContain(title);
      expect(html).toContain(`href="/${path.slice(1, 3)}/"`);
      expect(html).not.toMatch(/%E|%f/);
    }
    // A `%` that starts no escape is a character the reader typed, searched for as it is.
    const percent = await get('/sv/search?q=100%');
    expect(percent.status).toBe(200);
    // The words as their own direction (isolates), inside the page's quotes.
    expect(await percent.text()).toContain('”\u2068100%\u2069”');
  });

  it('says why it refuses an address or headers too long to read, where Node would send no body', async () => {
    const before = errorLines().length;
    for (const [path, headers] of [
      [`/sv/search?q=${'a'.repeat(17_000)}`, {}],
      ['/graphql', { 'Accept-Language': 'sv,'.repeat(6_000) }],
    ] as const) {
      const response = await get(path, headers);
      expect(response.status).toBe(431);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toContain('Request header fields too large');
    }
    // The server still serves.
    expect((await get('/sv/')).status).toBe(200);
    expect(errorLines().length).toBe(before);
  });

  it('answers a list page’s bad cursor 400, whatever is wrong with it: the page exists', async () => {
    expect((await get('/sv/departments/department-a')).status).toBe(200);
    for (const after of ['zzz', 'A'.repeat(700), '%3Cscript%3E']) {
      const response = await get(`/sv/departments/department-a?after=${after}`);
      expect({ after, status: response.status }).toEqual({ after, status: 400 });
      expect(await response.text()).not.toContain('<script>');
    }
  });

  it('builds feed and map links from INSYN_PUBLIC_URL, never from Host or X-Forwarded-Proto', async () => {
    const hostile = { Host: 'evil.example', 'X-Forwarded-Proto': 'javascript' };
    for (const path of ['/sv/feeds/entries.atom', '/en/map/iot-deployments.geojson']) {
      const response = await get(path, hostile);
      const body = await response.text();
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(body).toContain(`${PUBLIC_URL}/`);
      expect(body).not.toMatch(/evil\.example|javascript:/);
    }
    // security.txt (RFC 9116) too: its canonical address is the public one.
    const security = await get('/.well-known/security.txt', hostile);
    expect(security.status).toBe(200);
    expect(security.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = (await security.text()).split('\n');
    expect(lines).toContain('Contact: mailto:cert@stad.example.se');
    expect(lines).toContain(`Canonical: ${PUBLIC_URL}/.well-known/security.txt`);
    const expires = Date.parse(lines.find((l) => l.startsWith('Expires: '))!.slice(9));
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThan(Date.now() + 365 * 86_400_000);
  });

  it('refuses search words with control characters, and years the API refuses, explaining', async () => {
    // NUL, and a right-to-left override (U+202E, as UTF-8).
    for (const [q, char] of [
      ['a%00b', '\u0000'],
      ['a%E2%80%AEb', '\u202e'],
      // A noncharacter (U+FFFF) is refused the same way.
      ['a%EF%BF%BFb', '\uffff'],
    ]) {
      const refused = await get(`/sv/search?q=${q}`);
      expect(refused.status).toBe(400);
      const page = await refused.text();
      // Said in plain words, without code points (the box shows where, as �).
      expect(page).toContain('Sökorden innehåller ett osynligt tecken som inte får förekomma');
      expect(page).not.toContain('U+');
      expect(page).not.toContain(char);
      // The words stay in the box to be mended, the refused character marked.
      expect(page).toMatch(/<input type="search" id="q" name="q" dir="auto" value="a\ufffdb"/);
    }
    const long = await get(`/en/search?q=kamera+${'x'.repeat(200)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain(`value="kamera ${'x'.repeat(200)}"`);
    expect((await get('/sv/search?from=0000-01-01')).status).toBe(400);
    expect((await get('/sv/search?from=0001-01-01')).status).toBe(200);
  });

  it('over https, keeps the CSRF value in a __Host- cookie, so a planted one is never signed', async () => {
    const https = { 'X-Forwarded-Proto': 'https' };
    const planted = 'A'.repeat(43);
    const form = await openForm(entries.published, { ...https, Cookie: `insyn_csrf=${planted}` });
    expect(form.cookies.join('\n')).toMatch(
      /^__Host-insyn_csrf=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/m,
    );
    expect(form.cookie).not.toContain(planted);
    const before = await concerns();
    // The token was made for the server's new value, not for the planted one.
    const withPlanted = await file(entries.published, form.token, {
      ...https,
      Cookie: `insyn_csrf=${planted}`,
    });
    expect(withPlanted.status).toBe(403);
    expect(await concerns()).toBe(before);
    const own = await file(entries.published, form.token, { ...https, Cookie: form.cookie });
    expect(own.status).toBe(200);
    expect(await concerns()).toBe(before + 1);
    // The submission sent is remembered the same way: a sibling host cannot plant one over https.
    expect(own.headers.getSetCookie().join('\n')).toMatch(
      /^__Host-insyn_sent=[\w-]{22}; Path=\/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure$/m,
    );
    const plantedSent = await openForm(entries.published, {
      ...https,
      Cookie: `${form.cookie}; insyn_sent=${'B'.repeat(22)}`,
    });
    expect(plantedSent.html).not.toContain('B'.repeat(22));
  });

  it('refuses a post that the browser says came from another origin, token or not', async () => {
    const form = await openForm(entries.published);
    const before = await concerns();
    for (const site of ['same-site', 'cross-site']) {
      const response = await file(entries.published, form.token, {
        Cookie: form.cookie,
        'Sec-Fetch-Site': site,
      });
      expect({ site, status: response.status }).toEqual({ site, status: 403 });
    }
    expect(await concerns()).toBe(before);
    const same = await file(entries.published, form.token, {
      Cookie: form.cookie,
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(same.status).toBe(200);
  });

  it('without Fetch Metadata, refuses a post whose Origin is another (an older browser)', async () => {
    const form = await openForm(entries.published);
    const before = await concerns();
    for (const origin of ['https://evil.example', 'null', `${api.baseUrl}.evil.example`]) {
      const response = await file(entries.published, form.token, {
        Cookie: form.cookie,
        Origin: origin,
      });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
    }
    expect(await concerns()).toBe(before);
    // Its own origin (the address posted to, here the public address's stand-in) is accepted.
    const own = await file(entries.published, form.token, {
      Cookie: form.cookie,
      Origin: new URL(api.baseUrl).origin,
    });
    expect(own.status).toBe(200);
    expect(await concerns()).toBe(before + 1);
  });

  it('offers no concern form for a retired entry, and says why when one is posted', async () => {
    const page = await (await get(`/sv/entries/${entries.retired}`)).text();
    expect(page).not.toContain(`/sv/entries/${entries.retired}/concerns/new`);
    // Its page says so (not that questions are coming), and still leads to following one.
    expect(page).toContain('Posten är avvecklad och tar inte längre emot nya frågor.');
    expect(page).not.toContain('Snart kan du');
    expect(page).toContain('href="/sv/concerns/track"');
    const en = await (await get(`/en/entries/${entries.retired}`)).text();
    expect(en).toContain('The entry is retired and no longer takes new questions.');
    const form = await openForm(entries.retired);
    expect(form.response.status).toBe(404);
    expect(form.html).toContain('Posten tar inte emot frågor');
    const open = await openForm(entries.published);
    const before = await concerns();
    const posted = await file(entries.retired, open.token, { Cookie: open.cookie });
    expect(posted.status).toBe(409);
    expect(await posted.text()).toContain('Posten är avvecklad');
    expect(await concerns()).toBe(before);
  });

  it('leads a department count on the home page to the search that gave it, retired entries included', async () => {
    await new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 }).drain(60_000);
    const home = await (await get('/sv/')).text();
    const link = /<a href="(\/sv\/search\?department=department-a)">[^<]*: (\d+)<\/a>/.exec(home);
    expect(link?.[1]).toBe('/sv/search?department=department-a');
    const { search } = await api
      .graphql()
      .data<{ search: { estimatedTotalHits: number } }>(
        `{ search(filter: { department: ["department-a"] }) { estimatedTotalHits } }`,
      );
    // The published entry and the retired one.
    expect(search.estimatedTotalHits).toBe(2);
    expect(Number(link?.[2])).toBe(search.estimatedTotalHits);
  });

  it('says where the results end on a search page past the last, instead of "21–20 of 2"', async () => {
    const page = await (await get('/en/search?page=2')).text();
    expect(page).toContain('The results end on page 1.');
    expect(page).toMatch(/<a href="\/en\/search">Go to page 1<\/a>/);
    expect(page).not.toMatch(/Showing \d+–\d+ of/);
  });

  it('ignores an If-Modified-Since that is no HTTP-date or lies in the future', async () => {
    for (const since of ['2100', 'Fri, 01 Jan 2100 00:00:00 GMT']) {
      const response = await get('/exports/entries.json', { 'If-Modified-Since': since });
      expect({ since, status: response.status }).toEqual({ since, status: 200 });
    }
    // Last-Modified is given once the last change's second is over (exports.e2e-spec.ts).
    const { value: lastModified } = await eventually(
      async () => (await get('/exports/entries.json')).headers.get('last-modified'),
      (header) => header !== null,
      { what: 'Last-Modified on the export' },
    );
    expect(
      (await get('/exports/entries.json', { 'If-Modified-Since': lastModified! })).status,
    ).toBe(304);
  });
  it('reads a page or file asked for by GET or HEAD whatever body came with it (a broken form, bad JSON, 3 MB)', async () => {
    // fetch sends no body with GET: node:http does, as a careless client or proxy might.
    const send = (method: string, path: string, type: string, body: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${api.baseUrl}${path}`,
          { method, headers: { 'content-type': type, 'content-length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    for (const [method, path, type, body] of [
      ['GET', '/sv/search?q=trafik', 'application/json', Buffer.from('{"a":')],
      ['GET', '/sv/search', 'application/x-www-form-urlencoded', Buffer.from('q=a%ED%A0%80b')],
      ['HEAD', '/exports/entries.json', 'application/json', Buffer.from('{bad')],
      ['GET', '/sv/', 'application/json', Buffer.alloc(3_000_000, 97)],
    ] as const)
      expect({ method, path, status: await send(method, path, type, body) }).toEqual({
        method,
        path,
        status: 200,
      });
    // A form's POST still reads (and refuses) its body.
    expect(
      await send(
        'POST',
        '/sv/concerns/track',
        'application/x-www-form-urlencoded',
        Buffer.from('code=a%ED%A0%80b'),
      ),
    ).toBe(400);
  });

  it('answers another method on a site or API address 405 with Allow, a page for a browser', async () => {
    const before = errorLines().length;
    const send = (method: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${api.baseUrl}${path}`, { method, headers, redirect: 'manual' });
    for (const [method, path, allow] of [
      ['PUT', '/sv/', 'GET, HEAD'],
      ['DELETE', `/en/entries/${entries.published}`, 'GET, HEAD'],
      ['PATCH', '/sv/map/iot-deployments.geojson', 'GET, HEAD'],
      ['POST', '/sv/map', 'GET, HEAD'],
      ['DELETE', `/sv/entries/${entries.published}/concerns`, 'GET, HEAD, POST'],
      ['PUT', '/en/concerns/track', 'GET, HEAD, POST'],
      ['DELETE', '/sv/concerns/receipt', 'GET, HEAD, POST'],
      ['DELETE', '/', 'GET, HEAD'],
      ['PATCH', '/concerns/erase', 'GET, HEAD'],
    ]) {
      const response = await send(method, path, { 'Content-Type': 'application/json' });
      const body = (await response.json()) as { statusCode: number };
      expect({
        method,
        path,
        status: response.status,
        allow: response.headers.get('allow'),
      }).toEqual({ method, path, status: 405, allow });
      expect(body.statusCode).toBe(405);
    }
    // A browser gets the site's plain page, in the path's language.
    const page = await send('DELETE', '/en/map', { Accept: 'text/html' });
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('GET, HEAD');
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('This address cannot be used that way.');
    const sv = await send('PUT', '/sv/entries/x/concerns/new', { Accept: 'text/html' });
    expect([sv.status, sv.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    const svPage = await sv.text();
    expect(svPage).toContain('<html lang="sv">');
    expect(svPage).toContain('Det här går inte att göra på den här adressen.');
    // The methods the site takes still work.
    expect((await send('HEAD', '/sv/map')).status).toBe(200);
    expect((await send('OPTIONS', '/sv/map')).status).not.toBe(405);
    // The API's own addresses say the same, with the methods their routes take.
    for (const [method, path] of [
      ['DELETE', '/health'],
      ['POST', '/health'],
      ['PUT', '/exports/entries.csv'],
      ['POST', '/exports/entries.csv'],
      ['DELETE', '/signs/x.svg'],
      ['POST', '/schema.gql'],
    ]) {
      const response = await send(method, path);
      const body = await response.json();
      // The exports answer a CORS preflight too.
      const allow = path.startsWith('/exports/') ? 'GET, HEAD, OPTIONS' : 'GET, HEAD';
      expect({
        method,
        path,
        status: response.status,
        allow: response.headers.get('allow'),
        message: body.message,
      }).toEqual({
        method,
        path,
        status: 405,
        allow,
        message: `${method} is not allowed here; this address takes ${allow}`,
      });
    }
    // An address no route has is still not found, whatever the method; GraphQL keeps its own.
    for (const [method, path] of [
      ['DELETE', '/no-such-address'],
      ['POST', '/exports/a/b/c'],
    ])
      expect([method, path, (await send(method, path)).status]).toEqual([method, path, 404]);
    expect((await send('GET', '/health')).status).toBe(200);
    expect((await send('HEAD', '/exports/entries.csv')).status).toBe(200);
    expect((await send('OPTIONS', '/health')).status).not.toBe(405);
    expect((await send('PUT', '/graphql')).headers.get('allow')).not.toBe('GET, HEAD');
    // GraphQL with a trailing slash still runs the query; in other capitals it is no address.
    for (const [path, status] of [
      ['/graphql/', 200],
      ['/GraphQL', 404],
      ['/GRAPHQL/', 404],
    ] as const)
      expect({
        path,
        status: (
          await fetch(`${api.baseUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ __typename }' }),
          })
        ).status,
      }).toEqual({ path, status });
    expect(lines().some((l) => l.msg === 'site request refused: method not allowed')).toBe(true);
    expect(lines().some((l) => l.msg === 'request refused: method not allowed')).toBe(true);
    expect(errorLines().length).toBe(before);
  });
});
