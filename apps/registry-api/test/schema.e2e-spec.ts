import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost, TypeMetadataStorage } from '@nestjs/graphql';
import { getMetadataStorage } from 'class-validator';
import {
  getNamedType,
  getNullableType,
  GraphQLInputType,
  isInputObjectType,
  isListType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
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

  /** The upper limit a class-validator constraint enforces, by the constraint's name. */
  const LIMIT_OF: Record<string, (constraints: number[]) => number> = {
    maxLength: ([max]) => max,
    isLength: ([, max]) => max,
    arrayMaxSize: ([max]) => max,
    max: ([max]) => max,
  };

  it('states every limit the validation enforces in the description of its field or argument', () => {
    const problems: string[] = [];
    const classes = [
      ...TypeMetadataStorage.getInputTypesMetadata(),
      ...TypeMetadataStorage.getArgumentsMetadata(),
    ];
    expect(classes.length).toBeGreaterThan(30);
    for (const type of classes) {
      const validations = getMetadataStorage()
        .getTargetValidationMetadatas(type.target, '', true, false)
        .filter((v) => v.target === type.target && v.name && v.name in LIMIT_OF);
      for (const v of validations) {
        const limit = LIMIT_OF[v.name!](v.constraints as number[]).toLocaleString('en-US');
        const description =
          type.properties?.find((p) => p.name === v.propertyName)?.description ?? '';
        if (!new RegExp(`\\b${limit}\\b`).test(description))
          problems.push(`${type.name}.${v.propertyName}: ${v.name} ${limit} in "${description}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every text field of every input its length limit', () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const silent = Object.values(schema.getTypeMap())
      .filter(isInputObjectType)
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((f) => getNamedType(f.type).name === 'String')
          .filter((f) => !/\d characters\./.test(f.description ?? ''))
          .map((f) => `${type.name}.${f.name}`),
      );
    expect(silent).toEqual([]);
  });

  it('gives every list of every input and argument its most items, as the check before coercion reads it', () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const isList = (type: GraphQLInputType) => isListType(getNullableType(type));
    const stated = (field: {
      extensions?: Record<string, unknown> | null;
      description?: string | null;
    }) => {
      const max = field.extensions?.maxItems;
      return (
        typeof max === 'number' &&
        (field.description ?? '').includes(`${max.toLocaleString('en-US')}`)
      );
    };
    const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
    const inputFields = types
      .filter(isInputObjectType)
      .flatMap((type) =>
        Object.values(type.getFields()).map((f) => ({ where: `${type.name}.${f.name}`, f })),
      );
    const argumentsOf = types
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields()).flatMap((field) =>
          field.args.map((a) => ({ where: `${type.name}.${field.name}(${a.name})`, f: a })),
        ),
      );
    const lists = [...inputFields, ...argumentsOf].filter(({ f }) => isList(f.type));
    expect(lists.length).toBeGreaterThan(30);
    expect(lists.filter(({ f }) => !stated(f)).map(({ where }) => where)).toEqual([]);
  });
});
