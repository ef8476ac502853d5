import fc from 'fast-check';
import { parse, print } from 'graphql';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { EntryKind, RelationType } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { ENTRY_CONTENT_FIELDS } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * A request reads of each entry's content only the parts its operation can show (ContentRoots,
 * entryContentRoots): whatever fields it selects, of a page's entries and of the entries their
 * relations lead to, each answers what it answers when the whole content is read, for every
 * reader (the public projection of a withheld field included).
 */

/** Every field of an entry, one top-level selection each (inline fragments per kind included). */
const FIELDS = (
  parse(`{
    ${ENTRY_CONTENT_FIELDS}
    id slug kind status version isPublishedVersion changeNote reviewOverdue
    createdAt updatedAt firstPublishedAt publishedAt retiredAt retirementReason
    department { slug }
  }`).definitions[0] as { selectionSet: { selections: readonly Parameters<typeof print>[0][] } }
).selectionSet.selections.map((selection) => print(selection));

/** Completeness looks at every field: with it, the whole content is read (the reference). */
const WHOLE = `${FIELDS.join(' ')} completeness { ready missing }`;

const page = (own: string, related: string) => `{
  entries(first: 20, orderBy: TITLE_ASC) {
    nodes { id ${own} relations { type direction entry { id ${related} } } }
  }
}`;

interface Node {
  id: string;
  relations: { entry: Record<string, unknown> }[];
  [field: string]: unknown;
}

const pick = (from: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, from[key]]));

describe('entries: only the parts of the content a query can show are read', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let ids: Record<'alfa' | 'beta' | 'gamma' | 'delta', string>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entry-content-roots');
    tokens = await createTestTokens(api.app.get(DataSource));
    const setup = new EntrySetup(api.app, tokens);
    const withheldDescription = {
      field: 'description',
      legalGround: 'OSL 18:8 (security)',
    };
    // Alfa: published in A with a field withheld, then a pending draft that changes it; Beta: a
    // dataset of B; Gamma: a deployment of A; Delta: a draft of B that only staff see.
    ids = {
      alfa: await setup.published(EntryKind.ALGORITHM, 'Alfa', 'A', {
        withheld: [withheldDescription],
      }),
      beta: await setup.published(EntryKind.DATASET, 'Beta', 'B'),
      gamma: await setup.published(EntryKind.IOT_DEPLOYMENT, 'Gamma', 'A'),
      delta: await setup.draft(EntryKind.ALGORITHM, 'Delta', 'B'),
    };
    await setup.edit(ids.alfa, EntryKind.ALGORITHM, {
      title: 'Alfa, utkast',
      description: 'A new description, not yet published.',
    });
    await setup.link(ids.alfa, ids.beta, RelationType.USES_DATASET);
    await setup.link(ids.alfa, ids.gamma, RelationType.FED_BY_DEPLOYMENT);
    await setup.link(ids.delta, ids.alfa, RelationType.PART_OF, 'B');
  });
  afterAll(() => api.stop());

  const readers: [string, () => GraphQLClient][] = [
    ['anonymous', () => api.graphql()],
    ['an editor of A', () => api.graphql(tokens.editorA)],
    ['an editor of B', () => api.graphql(tokens.editorB)],
    ['an auditor', () => api.graphql(tokens.auditor)],
  ];

  it.each(readers)(
    'for %s: any selection answers what the whole content answers (property)',
    async (_who, client) => {
      const whole = (await client().data<any>(page(WHOLE, WHOLE))).entries.nodes as Node[];
      // The register is what it should be: the draft's relation and the withheld field show.
      expect(whole.length).toBeGreaterThanOrEqual(3);
      expect(whole.some((node) => node.relations.length > 0)).toBe(true);
      await fc.assert(
        fc.asyncProperty(
          fc.subarray(FIELDS, { minLength: 1 }),
          fc.subarray(FIELDS),
          async (own, related) => {
            const nodes = (await client().data<any>(page(own.join(' '), related.join(' ')))).entries
              .nodes as Node[];
            expect(nodes.map((node) => node.id)).toEqual(whole.map((node) => node.id));
            nodes.forEach((node, i) => {
              const { relations, ...fields } = node;
              expect(fields).toEqual(pick(whole[i], Object.keys(fields)));
              expect(relations).toHaveLength(whole[i].relations.length);
              relations.forEach((relation, j) =>
                expect(relation.entry).toEqual(
                  pick(whole[i].relations[j].entry, Object.keys(relation.entry)),
                ),
              );
            });
          },
        ),
        { numRuns: 12 },
      );
    },
  );

  it("reads no more of the content than the auditor page's fields need", async () => {
    const query = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const { entries } = await api
        .graphql(tokens.auditor)
        .data<any>(page('title principles { rationale }', 'title department { slug }'));
      expect(entries.nodes.map((n: { title: string }) => n.title)).toContain('Alfa, utkast');
      // The page's statement and the relations' leave out every other root of the content.
      const narrowed = query.mock.calls.filter(([sql]) => /content"? - CAST\(/.test(String(sql)));
      expect(narrowed.length).toBeGreaterThanOrEqual(2);
      for (const [, parameters] of narrowed) {
        const omitted = (parameters as unknown[]).find(
          (p): p is string[] => Array.isArray(p) && p.includes('description'),
        );
        expect(omitted).toEqual(expect.arrayContaining(['summary', 'accountability', 'algorithm']));
        expect(omitted).not.toEqual(expect.arrayContaining(['title']));
        expect(omitted).not.toEqual(expect.arrayContaining(['principles']));
        expect(omitted).not.toEqual(expect.arrayContaining(['withheld']));
      }
    } finally {
      query.mockRestore();
    }
  });

  /**
   * A tracked concern's entry is the public's whoever asks, and so are the entries its relations
   * lead to, even when the same request read entries as the caller first.
   */
  it("keeps a concern's entry the public's when the request also reads as its staff", async () => {
    const { fileConcern } = await api
      .graphql()
      .data<any>(
        `mutation($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode } }`,
        {
          input: {
            entryId: ids.gamma,
            principleCodes: ['PRIVACY_AND_SECURITY'],
            category: 'PRIVACY',
            text: 'Who sees the counts?',
            consentToPublish: false,
          },
        },
      );
    const both = await api.graphql(tokens.editorA).data<any>(
      `query($id: ID!, $code: String!) {
        entry(id: $id) { relations { entry { title } } }
        concern(trackingCode: $code) { entry { relations { entry { title } } } }
      }`,
      { id: ids.gamma, code: fileConcern.trackingCode },
    );
    // The editor of A sees Alfa's draft; the concern's entry leads to what the public sees.
    expect(both.entry.relations.map((r: any) => r.entry.title)).toEqual(['Alfa, utkast']);
    expect(both.concern.entry.relations.map((r: any) => r.entry.title)).toEqual(['Alfa']);
  });
});
