import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildSchema, GraphQLObjectType, OperationDefinitionNode, parse } from 'graphql';
import { ENTRY_FIELDS } from '@insyn/registry';
import { entryContentRoots } from './entry-content-roots';

/** The committed schema (schema.e2e-spec keeps it the one the API serves). */
const schema = buildSchema(readFileSync(join(__dirname, '../../../../schema.gql'), 'utf8'));

function rootsOf(query: string): string[] | undefined {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  const roots = entryContentRoots(schema, document, operation);
  return roots && [...roots].sort();
}

const ENTRY_TYPES = ['Algorithm', 'Dataset', 'IotDeployment'];
const entryFields = [
  ...new Set(
    ENTRY_TYPES.flatMap((type) =>
      Object.keys((schema.getType(type) as GraphQLObjectType).getFields()),
    ),
  ),
];

describe('entryContentRoots', () => {
  it("gives the roots of the auditor page's fields, its relations' entries' fields included", () => {
    expect(
      rootsOf(`query AuditorPage($first: Int!) {
        entries(first: $first, orderBy: TITLE_ASC) {
          nodes {
            id title
            department { slug name }
            principles { principle { code } rationale }
            relations { type entry { summary department { slug } } }
            versions { number }
          }
        }
      }`),
    ).toEqual(['principles', 'summary', 'title']);
  });

  it('follows fragments and inline fragments, and a field read under another name', () => {
    expect(
      rootsOf(`query {
        entries { edges { node { ...Kinds reviewOverdue } } }
      }
      fragment Kinds on RegistryEntry {
        ... on Algorithm { algorithm { riskClass } }
        ... on IotDeployment { iotDeployment { sensorType } ...Kinds }
      }`),
    ).toEqual(['algorithm', 'iotDeployment', 'reviewDueDate']);
  });

  it('reads the whole content for completeness, which looks at every field', () => {
    expect(rootsOf(`{ entries { nodes { title completeness { ready } } } }`)).toBeUndefined();
    expect(
      rootsOf(`{ entries { nodes { title relations { entry { completeness { missing } } } } } }`),
    ).toBeUndefined();
  });

  it('reads no root for fields of columns and other tables (withheld is always read)', () => {
    expect(
      rootsOf(
        `{ entries { nodes { id slug kind status version createdAt department { slug } } } }`,
      ),
    ).toEqual([]);
  });

  it('counts an entry field by its name wherever it stands, even under @skip', () => {
    // `title` of a concern's entry, `summary` under @skip: more is read, never less.
    expect(
      rootsOf(`query($no: Boolean = true) {
        myConcerns: concerns { nodes { entry { title } } }
        entries { nodes { summary @skip(if: $no) } }
      }`),
    ).toEqual(['summary', 'title']);
  });

  /**
   * Whatever entry fields an operation selects, each field that shows content is covered: its
   * root is read, or the whole content is. A field that reads its content under another root
   * (or several) must be named in ROOTS_OF_FIELD; a field not known to read only its own root
   * makes the whole content read.
   */
  it('covers every content field an operation selects (property)', () => {
    const roots = new Set(Object.keys(ENTRY_FIELDS));
    fc.assert(
      fc.property(
        fc.subarray(entryFields, { minLength: 1 }),
        fc.subarray(entryFields),
        (own, related) => {
          const leaf = (field: string) => {
            const type = (schema.getType('Algorithm') as GraphQLObjectType).getFields()[field]
              ?.type;
            const named = type && String(type).replace(/[[\]!]/g, '');
            const object = named && schema.getType(named);
            return object instanceof GraphQLObjectType ? `${field} { __typename }` : field;
          };
          // `relations` is selected below; a selection left empty asks for `__typename`.
          const select = (fields: string[]) =>
            `... on Algorithm { __typename ${fields
              .filter((f) => f !== 'relations')
              .map(leaf)
              .join(' ')} }`;
          const read = rootsOf(
            `{ entries { nodes { ${select(own)} relations { entry { ${select(['id', ...related])} } } } } }`,
          );
          if (read === undefined) return;
          for (const field of [...own, ...related])
            if (roots.has(field)) expect(read).toContain(field);
          // Read narrowly only when each selected field is known.
          expect([...own, ...related]).not.toContain('completeness');
        },
      ),
      // Only `relations` of the page's own fields: CI's seed 1399147186 found it left empty.
      { examples: [[['relations'], []]] },
    );
  });
});
