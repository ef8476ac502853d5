import { DataSource } from 'typeorm';
import { AiActClass, EntryKind } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * Withheld values and drafts inferred from answers that are not the field itself: what the
 * public is told of an entry must follow from its public projection (and the withholding
 * notices) alone.
 */
describe('withheld values and drafts cannot be inferred from derived answers', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let anonymous: GraphQLClient;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('withheld-inference');
    tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    anonymous = api.graphql();
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('completeness of a published entry', () => {
    const READ = `query($id: ID!) { entry(id: $id) {
      completeness { ready missing problems { field } }
      versions { entry { completeness { ready missing } } } } }`;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const withheld = [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }];
      for (const aiActClass of [AiActClass.HIGH_RISK, AiActClass.LIMITED]) {
        const id = await setup.published(EntryKind.ALGORITHM, `Slutledning ${aiActClass}`, 'A', {
          withheld,
          algorithm: { ...fullAlgorithmInput().algorithm, aiActClass },
        });
        ids[aiActClass] = id;
      }
      // Published before a rule that its withheld value brings into play (the AI Act's
      // "state whether the deployer is a public body" for high-risk systems came later): the
      // stored version lacks what the rule asks for today.
      await api.app.get(DataSource).query(
        `UPDATE entry_version SET content = content #- '{algorithm,deployerIsPublicBody}'
            WHERE entry_id = ANY($1::uuid[])`,
        [Object.values(ids)],
      );
    });

    it('answers the same whatever the withheld value', async () => {
      const [high, limited] = await Promise.all(
        [ids[AiActClass.HIGH_RISK], ids[AiActClass.LIMITED]].map(async (id) =>
          JSON.stringify((await anonymous.data(READ, { id })).entry),
        ),
      );
      expect(high).toEqual(limited);
    });

    it('still tells the entry’s staff what the whole content lacks', async () => {
      const editor = api.graphql(tokens.editorA);
      const data = await editor.data(READ, { id: ids[AiActClass.HIGH_RISK] });
      expect(data.entry.completeness.missing).toEqual(['algorithm.deployerIsPublicBody']);
    });
  });

  describe('an entry’s time as a draft', () => {
    it('is not public: the public is told the entry was created when it was first published', async () => {
      const id = await setup.published(EntryKind.DATASET, 'Länge ett utkast', 'A');
      // Registered as a draft long before anyone published it.
      await api.app
        .get(DataSource)
        .query(`UPDATE entry SET created_at = created_at - interval '200 days' WHERE id = $1`, [
          id,
        ]);
      const READ = `query($id: ID!, $asOf: DateTime) {
        entry(id: $id) { createdAt firstPublishedAt versions { entry { createdAt } } }
        asOf: entry(id: $id, asOf: $asOf) { createdAt firstPublishedAt } }`;
      const { entry, asOf } = await anonymous.data(READ, { id, asOf: new Date().toISOString() });
      expect(entry.createdAt).toBe(entry.firstPublishedAt);
      expect(
        entry.versions.map((v: { entry: { createdAt: string } }) => v.entry.createdAt),
      ).toEqual([entry.firstPublishedAt]);
      expect(asOf.createdAt).toBe(asOf.firstPublishedAt);
      const staff = await api.graphql(tokens.editorA).data(READ, { id, asOf: null });
      expect(Date.parse(staff.entry.createdAt)).toBeLessThan(
        Date.parse(staff.entry.firstPublishedAt) - 199 * 86_400_000,
      );
    });
  });
});
