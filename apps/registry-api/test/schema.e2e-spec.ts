import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RegistryApiHarness } from './registry-api.harness';

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'schema.gql');
const HEADER =
  '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# ------------------------------------------------------\n\n';

/** The committed schema.gql is the public contract: every API change shows up in review. */
describe('committed GraphQL schema', () => {
  let api: RegistryApiHarness;
  beforeAll(async () => {
    api = await RegistryApiHarness.start('schema');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('matches the schema the code generates (run `npm run schema:update` after an API change)', () => {
    const generated =
      HEADER + printSchema(lexicographicSortSchema(api.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});
