import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/** The headers that make a CDN in front of several API processes safe (README "Running at scale"). */
describe('cache headers for shared caches', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  beforeAll(async () => {
    api = await RegistryApiHarness.start('cache-headers');
    tokens = await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.stop();
  });

  const get = (path: string, token?: string) =>
    fetch(`${api.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('never lets GraphQL answers be stored, says they vary by Authorization, and spends no ETag on them', async () => {
    for (const [path, token] of [
      ['/graphql', undefined],
      ['/graphql', tokens.editorA],
      // Apollo answers at a trailing slash too: the same answer, the same headers.
      ['/graphql/', undefined],
      ['/graphql//', undefined],
      // And at any path under it, as app.use mounts it.
      ['/graphql/x', undefined],
    ] as const) {
      const response = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: '{ principles { code } }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/no-store/);
      expect(response.headers.get('vary')).toMatch(/Authorization/);
      // Nothing revalidates an answer that is never stored: no hash of every answer.
      expect(response.headers.get('etag')).toBeNull();
    }
    // A GET query under /graphql, which a CDN with a default lifetime would otherwise keep.
    const query = await fetch(`${api.baseUrl}/graphql/x?query=%7B__typename%7D`, {
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    expect(query.headers.get('cache-control')).toBe('no-store');
    expect(query.headers.get('vary')).toMatch(/Authorization/);
    // What the site serves under /graphql is cached as the site's own: the published schema.
    const schema = await get('/graphql/schema.graphql');
    expect(schema.status).toBe(200);
    expect(schema.headers.get('cache-control')).toMatch(/^public/);
  });

  it('lets the public site and exports be cached publicly, but never an answer to a token holder', async () => {
    const { exports } = (await (await get('/exports')).json()) as { exports: { file: string }[] };
    for (const path of ['/sv', `/exports/${exports[0].file}`]) {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(200);
      expect(anonymous.headers.get('cache-control')).toMatch(/^public/);
      expect(anonymous.headers.get('etag')).toBeTruthy();
      const staff = await get(path, tokens.reviewer);
      expect(staff.status).toBe(200);
      expect(staff.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  /** The bytes as sent, undecoded (fetch would decode them and hide the encoding). */
  const raw = (path: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = httpRequest(`${api.baseUrl}${path}`, { method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        });
        req.on('error', reject);
        if (method === 'POST')
          req.end(
            JSON.stringify({
              query:
                '{ a: principles { code titleEn titleSv } b: principles { code titleEn titleSv } c: principles { code titleEn titleSv } d: principles { code titleEn titleSv } }',
            }),
          );
        else req.end();
      },
    );

  it('compresses what a shared cache may keep, for slow links: the same bytes, the same weak ETag', async () => {
    const { exports } = (await (await get('/exports')).json()) as { exports: { file: string }[] };
    const csv = exports.find((e) => e.file.endsWith('.csv'))!.file;
    for (const path of [
      '/sv/',
      '/en/search?q=data',
      '/assets/leaflet.js',
      '/schema.gql',
      `/exports/${csv}`,
    ]) {
      const plain = await raw(path, {});
      expect({ path, status: plain.status, encoding: plain.headers['content-encoding'] }).toEqual({
        path,
        status: 200,
        encoding: undefined,
      });
      for (const [encoding, decode] of [
        ['gzip', gunzipSync],
        ['br', brotliDecompressSync],
      ] as const) {
        const packed = await raw(path, { 'accept-encoding': encoding });
        expect({ path, encoding: packed.headers['content-encoding'] }).toEqual({ path, encoding });
        expect(packed.headers.vary).toMatch(/Accept-Encoding/i);
        expect(packed.body.length).toBeLessThan(plain.body.length / 2);
        expect(decode(packed.body).equals(plain.body)).toBe(true);
        // One weak tag for every encoding of the page (a strong one names one body's bytes).
        expect(packed.headers.etag).toMatch(/^W\/"[\w-]+"$/);
        expect(packed.headers.etag).toBe(plain.headers.etag);
        // Revalidated as ever: 304, no body.
        const again = await raw(path, {
          'accept-encoding': encoding,
          'if-none-match': packed.headers.etag!,
        });
        expect({ path, status: again.status, length: again.body.length }).toEqual({
          path,
          status: 304,
          length: 0,
        });
        expect(again.headers.etag).toBe(packed.headers.etag);
        // A copy kept under the strong tag of before still revalidates (weak comparison).
        const kept = await raw(path, {
          'accept-encoding': encoding,
          'if-none-match': packed.headers.etag!.slice(2),
        });
        expect({ path, status: kept.status }).toEqual({ path, status: 304 });
      }
    }
  });

  it('never compresses an answer that holds a secret beside text the caller chose (BREACH)', async () => {
    const gzip = { 'accept-encoding': 'gzip, br' };
    // The tracking form: its CSRF token, set as a cookie and in the page, no-store.
    const form = await raw('/en/concerns/track', gzip);
    expect(form.status).toBe(200);
    expect(form.headers['set-cookie']).toBeDefined();
    expect(form.headers['content-encoding']).toBeUndefined();
    // GraphQL, anonymous or with a token (a new token's secret is in such an answer).
    for (const token of [undefined, tokens.admin]) {
      const answer = await raw(
        '/graphql',
        {
          ...gzip,
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        'POST',
      );
      expect({
        token,
        status: answer.status,
        encoding: answer.headers['content-encoding'],
      }).toEqual({
        token,
        status: 200,
        encoding: undefined,
      });
      expect(answer.body.length).toBeGreaterThan(1024);
    }
    // A public page asked for with a token: private, so not compressed either.
    const staff = await raw('/sv/', { ...gzip, authorization: `Bearer ${tokens.reviewer}` });
    expect(staff.headers['cache-control']).toBe('private, no-store');
    expect(staff.headers['content-encoding']).toBeUndefined();
  });
});
