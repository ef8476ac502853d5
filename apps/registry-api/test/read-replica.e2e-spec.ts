import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import {
  PRIMARY_APPLICATION_NAME,
  REPLICA_APPLICATION_NAME,
  withoutLeadingComments,
} from '@insyn/database';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const ENTRIES = '{ entries(first: 5) { nodes { id } } }';
const REGISTER = `mutation($department: String!, $input: AlgorithmInput!) {
  registerAlgorithm(departmentSlug: $department, input: $input) { id }
}`;
const FILE = `mutation($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode } }`;

type Mode = 'master' | 'slave';

/**
 * Which pool served each statement on the entry tables while `act` ran (TypeORM's query runner
 * knows its replication mode: `slave` is the DATABASE_READ_URL pool).
 */
async function entryReadsDuring(act: () => Promise<unknown>): Promise<Mode[]> {
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    await act();
    return spy.mock.calls
      .map((call, i) => ({
        sql: String(call[0]),
        mode: (spy.mock.contexts[i] as { mode: Mode }).mode,
      }))
      .filter(
        ({ sql }) =>
          /\bentry(_version)?\b/.test(sql) && /^SELECT/i.test(withoutLeadingComments(sql)),
      )
      .map(({ mode }) => mode);
  } finally {
    spy.mockRestore();
  }
}

async function graphql(
  api: RegistryApiHarness,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const response = await fetch(`${api.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe('read replica (DATABASE_READ_URL)', () => {
  describe('pointed at the same server as another pool', () => {
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    let entryId: string;
    let slug: string;
    beforeAll(async () => {
      // The "replica" is the same database through a second pool (application_name
      // insyn-replica): the test sees which pool served what, not replication itself.
      api = await RegistryApiHarness.start('read-replica', {}, { databaseReadUrl: (url) => url });
      const db = api.app.get(DataSource);
      tokens = await createTestTokens(db);
      entryId = await new EntrySetup(api.app, tokens).published(EntryKind.ALGORITHM, 'Replika');
      [{ slug }] = await db.query('SELECT slug FROM entry WHERE id = $1', [entryId]);
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('serves anonymous GraphQL queries from the replica', async () => {
      const modes = await entryReadsDuring(() => graphql(api, ENTRIES));
      expect(modes.length).toBeGreaterThan(0);
      expect(new Set(modes)).toEqual(new Set(['slave']));
      // GraphQL answers at `/graphql/` too: so does the replica.
      const slashed = await entryReadsDuring(async () => {
        const response = await fetch(`${api.baseUrl}/graphql/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: ENTRIES }),
        });
        expect(((await response.json()) as { data?: unknown }).data).toBeDefined();
      });
      expect(slashed.length).toBeGreaterThan(0);
      expect(new Set(slashed)).toEqual(new Set(['slave']));
      const [{ n }] = await api.app.get(DataSource).query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE application_name = $1 AND datname = current_database() AND usename = current_user`,
        [REPLICA_APPLICATION_NAME],
      );
      expect(n).toBeGreaterThan(0);
    });

    it('serves public pages and exports from the replica', async () => {
      const page = await entryReadsDuring(async () => {
        const response = await fetch(`${api.baseUrl}/sv/entries/${slug}`);
        expect(response.status).toBe(200);
        await response.text();
      });
      expect(page.length).toBeGreaterThan(0);
      expect(new Set(page)).toEqual(new Set(['slave']));
      const { exports } = (await (await fetch(`${api.baseUrl}/exports`)).json()) as {
        exports: { file: string }[];
      };
      const exported = await entryReadsDuring(async () => {
        const response = await fetch(`${api.baseUrl}/exports/${exports[0].file}`);
        expect(response.status).toBe(200);
        await response.text();
      });
      expect(new Set(exported)).toEqual(new Set(['slave']));
    });

    it('serves token holders from the primary: staff read what they just wrote', async () => {
      const modes = await entryReadsDuring(() => graphql(api, ENTRIES, {}, tokens.editorA));
      expect(modes.length).toBeGreaterThan(0);
      expect(new Set(modes)).toEqual(new Set(['master']));
    });

    it('runs mutations, and every read in their request, on the primary (read-your-writes)', async () => {
      const registered = await entryReadsDuring(() =>
        graphql(
          api,
          REGISTER,
          { department: tokens.departmentA.slug, input: fullAlgorithmInput('Primär') },
          tokens.editorA,
        ),
      );
      expect(new Set(registered)).toEqual(new Set(['master']));
      // An anonymous mutation too: the resident's concern reads the entry on the primary.
      const filed = await entryReadsDuring(() =>
        graphql(api, FILE, {
          input: {
            entryId,
            principleCodes: ['PRIVACY_AND_SECURITY'],
            category: 'ACCURACY',
            text: 'A concern read on the primary',
            consentToPublish: false,
          },
        }),
      );
      expect(filed.length).toBeGreaterThan(0);
      expect(new Set(filed)).toEqual(new Set(['master']));
    });
  });

  describe('not set', () => {
    let api: RegistryApiHarness;
    beforeAll(async () => {
      api = await RegistryApiHarness.start('read-replica-none');
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('changes nothing: public reads use the one pool, named as before', async () => {
      await graphql(api, ENTRIES);
      const pools: { name: string }[] = await api.app.get(DataSource).query(
        `SELECT DISTINCT application_name AS name FROM pg_stat_activity
           WHERE datname = current_database() AND usename = current_user`,
      );
      expect(pools.map((p) => p.name)).toEqual([PRIMARY_APPLICATION_NAME]);
    });
  });
});
