import { RegistryApiHarness } from './registry-api.harness';

/** The interactive GraphQL sandbox is served outside production only. */
describe('GraphQL sandbox', () => {
  const landingPage = (api: RegistryApiHarness) =>
    fetch(`${api.baseUrl}/graphql`, { headers: { accept: 'text/html' } });

  it('is offered in development', async () => {
    const api = await RegistryApiHarness.start('sandbox-dev', { NODE_ENV: 'development' });
    try {
      const response = await landingPage(api);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/<html/i);
    } finally {
      await api.stop();
    }
  });

  it('is not offered in production, where GraphQL still answers', async () => {
    const api = await RegistryApiHarness.start('sandbox-prod', { NODE_ENV: 'production' });
    try {
      const response = await landingPage(api);
      expect(await response.text()).not.toMatch(/<html/i);
      const principles = await api
        .graphql()
        .data<{ principles: unknown[] }>('{ principles { code } }');
      expect(principles.principles).toHaveLength(5);
    } finally {
      await api.stop();
    }
  });
});
