import { Client } from 'pg';
import { eventually, readHealth } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * An API of an older release still runs while a newer one migrates the database (README
 * "Upgrading"): /health must take it out of service rather than let it serve by older rules.
 */
describe('a running API when a newer release migrates the database under it', () => {
  let harness: RegistryApiHarness;

  beforeAll(async () => {
    harness = await RegistryApiHarness.start('newer-schema');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('answers 503 at /health with `schema` down, and refuses everything else, naming no migration', async () => {
    const before = await readHealth(harness.baseUrl);
    expect(before.httpStatus).toBe(200);
    expect(before.details.schema).toEqual({ status: 'up' });

    // What a newer release's `migrate` leaves: a migration this build does not have.
    const owner = new Client({ connectionString: harness.database.migrationUrl });
    await owner.connect();
    try {
      await owner.query('INSERT INTO schema_migration ("timestamp", name) VALUES ($1, $2)', [
        9_999_999_999_999,
        'AddSomethingNewer9999999999999',
      ]);
    } finally {
      await owner.end();
    }

    // Within SCHEMA_CHECK_MS (the answer of the last check is kept that long).
    const { value: after } = await eventually(
      () => readHealth(harness.baseUrl),
      (health) => health.httpStatus !== 200,
      { what: '/health to notice the newer schema' },
    );
    expect(after).toMatchObject({
      httpStatus: 503,
      status: 'error',
      details: {
        database: { status: 'up' },
        schema: {
          status: 'down',
          message:
            'the database was migrated by a newer release of Insyn: this process must be stopped',
        },
      },
    });
    expect(JSON.stringify(after)).not.toContain('AddSomethingNewer');

    // Nothing else is answered: reads would follow the older rules, writes what the newer
    // release no longer expects.
    const graphql = await fetch(`${harness.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entries(first: 1) { totalCount } }' }),
    });
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('retry-after')).toBe('30');
    const body = (await graphql.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify(body)).not.toContain('AddSomethingNewer');
    const page = await fetch(`${harness.baseUrl}/sv/entries`);
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/Insyn uppdateras/);
    const exported = await fetch(`${harness.baseUrl}/exports/entries.json`);
    expect(exported.status).toBe(503);
  });
});
