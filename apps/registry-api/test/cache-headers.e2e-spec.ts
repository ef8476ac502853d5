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
    for (const token of [undefined, tokens.editorA]) {
      const response = await fetch(`${api.baseUrl}/graphql`, {
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
});
