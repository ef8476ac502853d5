import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { seedDemoDataOnStart } from '../src/demo/demo-data.starter';
import { RegistryApiHarness, TEST_CONTACT_SECRET } from './registry-api.harness';

const COMMITTED_SCHEMA = readFileSync(join(__dirname, '..', '..', '..', 'schema.gql'), 'utf8');

const INTROSPECTION = {
  schema: '{ __schema { queryType { name } } }',
  type: '{ __type(name: "Principle") { fields { name } } }',
  // Hidden in a fragment, beside an ordinary field.
  fragment: '{ principles { code } ...Q } fragment Q on Query { __schema { types { name } } }',
};
/** A field name one letter off: graphql-js suggests the right one ("Did you mean …?"). */
const MISSPELT = '{ principles { cod } }';

describe('production defaults (NODE_ENV=production)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('production-defaults', { NODE_ENV: 'production' });
    tokens = await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses introspection to anonymous callers before anything runs', async () => {
    for (const query of Object.values(INTROSPECTION)) {
      const response = await api.graphql().request(query);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(
            /introspection is open to API tokens only.*\/graphql\/schema\.graphql/i,
          ),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ]);
    }
    // __typename is no introspection of the schema.
    expect(await api.graphql().data('{ __typename principles { __typename } }')).toMatchObject({
      __typename: 'Query',
    });
  });

  it('answers introspection to every token holder', async () => {
    for (const token of [tokens.editorA, tokens.auditor, tokens.admin]) {
      const client = api.graphql(token);
      expect(await client.data(INTROSPECTION.schema)).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      const type = await client.data<{ __type: { fields: { name: string }[] } }>(
        INTROSPECTION.type,
      );
      expect(type.__type.fields.map((f) => f.name)).toContain('code');
      const { __schema } = await client.data<{ __schema: { types: unknown[] } }>(
        INTROSPECTION.fragment,
      );
      expect(__schema.types.length).toBeGreaterThan(10);
    }
  });

  it('answers an unknown token UNAUTHENTICATED, not as anonymous', async () => {
    const response = await api.graphql('insyn_not-a-real-token').request(INTROSPECTION.schema);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.data ?? null).toBeNull();
  });

  it('suggests no field names to anonymous callers; token holders keep the suggestion', async () => {
    const anonymous = await api.graphql().request(MISSPELT);
    expect(anonymous.status).toBe(400);
    expect(anonymous.errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "cod" on type "Principle".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    const staff = await api.graphql(tokens.editorB).request(MISSPELT);
    expect(staff.errors?.[0].message).toMatch(/Did you mean "code"\?$/);
  });

  it('suggests no names to anonymous callers through variables either', async () => {
    const query = `query($f: EntryFilterInput, $l: Language) { entries(filter: $f) { totalCount } principles(language: $l) { code } }`;
    for (const variables of [{ f: { statuz: ['DRAFT'] } }, { l: 'EN' }]) {
      const anonymous = await api.graphql().request(query, variables);
      expect(anonymous.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(anonymous.errors?.[0].extensions?.fields).toHaveLength(1);
      // Neither in the message nor in the field's own (extensions.fields).
      expect(JSON.stringify(anonymous.errors)).not.toMatch(/Did you mean/);
      const staff = await api.graphql(tokens.editorB).request(query, variables);
      expect(staff.errors?.[0].message).toMatch(/Did you mean/);
      expect(JSON.stringify(staff.errors?.[0].extensions?.fields)).toMatch(/Did you mean/);
    }
  });

  it('suggests no names when several values are wrong at once, in variables or literals', async () => {
    // One error naming two fields: its message joins both problems, the first one mid-sentence.
    const query = `query($f: EntryFilterInput, $l: Language) { entries(filter: $f) { totalCount } principles(language: $l) { code } }`;
    const variables = { f: { statuz: ['DRAFT'] }, l: 'EN' };
    const anonymous = await api.graphql().request(query, variables);
    expect(anonymous.status).toBe(400);
    expect(anonymous.errors).toHaveLength(1);
    expect(anonymous.errors?.[0].extensions?.fields).toHaveLength(2);
    // Both problems stay in the message, less their suggestions.
    expect(anonymous.errors?.[0].message).toBe(
      'Invalid input: filter.statuz: Field "statuz" is not defined by type "EntryFilterInput".; language: Value "EN" does not exist in "Language" enum.',
    );
    expect(JSON.stringify(anonymous.errors)).not.toMatch(/Did you mean/);
    const staff = await api.graphql(tokens.editorB).request(query, variables);
    expect(staff.errors?.[0].message.match(/Did you mean/g)).toHaveLength(2);

    // Literals are refused while validating, each its own error with its field.
    const literals = `{ entries(filter: { statuz: [DRAFT] }) { totalCount } principles(language: EN) { code } }`;
    const refused = await api.graphql().request(literals);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(JSON.stringify(refused.errors)).not.toMatch(/Did you mean/);
    const told = await api.graphql(tokens.editorB).request(literals);
    expect(JSON.stringify(told.errors).match(/Did you mean/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('publishes the committed schema at GET /graphql/schema.graphql, for everyone', async () => {
    const response = await fetch(`${api.baseUrl}/graphql/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(COMMITTED_SCHEMA);
    expect(COMMITTED_SCHEMA).toContain('type Query {');
  });

  it('never seeds demo data, even into an empty database', async () => {
    const empty = await RegistryApiHarness.start('production-demo', { NODE_ENV: 'production' });
    try {
      const config = loadConfig({
        NODE_ENV: 'production',
        INSYN_ALLOW_EMBEDDED: 'true',
        INSYN_TOKEN_SECRET: 'test-token-secret-0123456789abcdef',
        INSYN_CONTACT_SECRET: TEST_CONTACT_SECRET,
        INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
      });
      expect(config.embedsDatabase).toBe(true);
      expect(await seedDemoDataOnStart(empty.app, config)).toEqual({ seeded: false });
      const counts = await empty.app
        .get(DataSource)
        .query<{ departments: number; tokens: number }[]>(
          'SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM api_token) AS tokens',
        );
      expect(counts).toEqual([{ departments: 0, tokens: 0 }]);
    } finally {
      await empty.stop();
    }
  });
});

describe('outside production', () => {
  let api: RegistryApiHarness;
  beforeAll(async () => {
    api = await RegistryApiHarness.start('development-defaults', { NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers introspection and suggestions to anyone, and publishes the schema too', async () => {
    expect(await api.graphql().data(INTROSPECTION.schema)).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const misspelt = await api.graphql().request(MISSPELT);
    expect(misspelt.errors?.[0].message).toMatch(/Did you mean "code"\?$/);
    const response = await fetch(`${api.baseUrl}/graphql/schema.graphql`);
    expect(await response.text()).toBe(COMMITTED_SCHEMA);
  });
});
