import { DataSource } from 'typeorm';
import { createPublishedEntry, LogCapture, publishNewVersion } from '@insyn/testing';
import { MAX_GROWING_LIST_ITEMS } from '../src/graphql/list-item-budget';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * What one request resolves of the lists that grow with the register (versions, relations) is
 * bounded however many the register holds: the cost estimate prices them at a nominal length,
 * and an entry published every week for years has more.
 */
describe('lists that grow with the register', () => {
  let api: RegistryApiHarness;
  let id: string;
  let weekly: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'growing-lists',
      { LOG_LEVEL: 'info' },
      { logStream: logs },
    );
    const dataSource = api.app.get(DataSource);
    ({
      entry: { id },
    } = await createPublishedEntry(dataSource, { content: { title: 'Publicerad varje vecka' } }));
    // 101 published versions: 101 + 101 × 101 items two levels deep, past the budget.
    for (let i = 2; i <= 101; i++)
      await publishNewVersion(dataSource, id, { summary: `Version ${i}` }, { enqueue: false });
    // 25: 25 + 625 + 15,625 three levels deep, past the budget only at the third.
    ({
      entry: { id: weekly },
    } = await createPublishedEntry(dataSource, { content: { title: 'Publicerad ofta' } }));
    for (let i = 2; i <= 25; i++)
      await publishNewVersion(dataSource, weekly, { summary: `Version ${i}` }, { enqueue: false });
  }, 120_000);
  afterAll(() => api?.stop());

  const versionsOfVersions = `query($id: ID!) { entry(id: $id) { versions { number entry { versions { number } } } } }`;

  it('answers what fits the budget', async () => {
    const result = await api
      .graphql()
      .request<{ entry: { versions: unknown[] } }>(
        `query($id: ID!) { entry(id: $id) { versions { number entry { title } } } }`,
        {
          id,
        },
      );
    expect(result.errors).toBeUndefined();
    expect(result.data?.entry.versions).toHaveLength(101);
  });

  it('refuses, with QUERY_TOO_COMPLEX and at info, a query whose versions of versions pass the budget', async () => {
    expect(101 + 101 * 101).toBeGreaterThan(MAX_GROWING_LIST_ITEMS);
    const result = await api.graphql().request(versionsOfVersions, { id });
    expect(result.data?.entry ?? null).toBeNull();
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) {
      expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(error.message).toMatch(
        /reads more than 10,000 versions and relations in all \(at versions\)/,
      );
      expect(JSON.stringify(error)).not.toMatch(/stack|\.ts:\d/);
    }
    // A refusal, not a fault: nothing at error level.
    expect(
      logs.lines.map((l) => JSON.parse(l) as { level: number }).filter((l) => l.level >= 50),
    ).toEqual([]);
    // Three levels deep, as an outside probe sent it (it had answered 52 MB over 33 versions, and
    // four levels ran the process out of memory): refused at the third, the answer small.
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($id: ID!) { entry(id: $id) { ${'versions { number entry { '.repeat(3)}title${' } }'.repeat(3)} } }`,
        variables: { id: weekly },
      }),
    });
    const text = await response.text();
    expect(text.length).toBeLessThan(2_000_000);
    const deep = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    expect(deep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // The next request has its own budget.
    expect(
      (
        await api
          .graphql()
          .request(`query($id: ID!) { entry(id: $id) { versions { number } } }`, { id })
      ).errors,
    ).toBeUndefined();
  });
});
