import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

const PUBLISH = `mutation($id: ID!) { publishEntry(id: $id, changeNote: "First publication") { status } }`;
const SUBMIT = `mutation($id: ID!) { submitEntryForReview(id: $id) { status } }`;
const RETURN = `mutation($id: ID!, $reason: String!) { returnEntryToDraft(id: $id, reason: $reason) { status } }`;
const UPDATE = `mutation($id: ID!, $input: AlgorithmInput!) { updateAlgorithm(id: $id, input: $input) { id } }`;
const COMPLETENESS = `query($id: ID!) { entry(id: $id) { completeness { ready missing problems { field message } } } }`;
const VERSIONS = `query($id: ID!) { entry(id: $id) { versions { number publishedBy workflow {
  submitted { label personId personName at reason }
  returned { label personId personName at reason }
  published { label personId personName at reason }
} } } }`;

/**
 * The EU AI Act rule for high-risk systems deployed by a public body (issue 12), and who
 * submitted, returned and published a version.
 */
describe('AI Act publication rule and the workflow in versions (real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let client: Record<Who, GraphQLClient>;
  let setup: EntrySetup;
  let id: string;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('ai-act-and-workflow');
    tokens = await createTestTokens(api.app.get(DataSource));
    client = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);
    const base = fullAlgorithmInput('Triage');
    // High risk, deployed by a public body, with only a DPIA and an EU database URL.
    id = await setup.draft(EntryKind.ALGORITHM, 'High-risk triage', 'A', {
      algorithm: { ...base.algorithm, deployerIsPublicBody: true },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses publication without a FRIA and an EU database registration number, in plain words', async () => {
    const { entry } = await client.editorA.data(COMPLETENESS, { id });
    expect(entry.completeness.ready).toBe(false);
    expect(entry.completeness.missing).toEqual([
      'impactAssessments.type',
      'algorithm.euDatabaseRegistrationNumber',
    ]);
    const messages = entry.completeness.problems.map((p: { message: string }) => p.message);
    expect(messages[0]).toMatch(/fundamental-rights impact assessment \(FRIA, AI Act Art\. 27\)/);
    expect(messages[1]).toMatch(/registration number, not only a link/);
    // In Swedish when asked; English stays the default.
    const both = await client.editorA.data(
      `query($id: ID!) { entry(id: $id) { completeness { problems {
         field sv: message(language: sv) en: message(language: en) } } } }`,
      { id },
    );
    expect(both.entry.completeness.problems).toEqual([
      {
        field: 'impactAssessments.type',
        sv: expect.stringMatching(
          /^Ett AI-system med hög risk .*konsekvensbedömning avseende grundläggande rättigheter \(FRIA, artikel 27 i AI-förordningen\)/,
        ),
        en: messages[0],
      },
      {
        field: 'algorithm.euDatabaseRegistrationNumber',
        sv: expect.stringMatching(/EU:s databas .*ange registreringsnumret, inte bara en länk$/),
        en: messages[1],
      },
    ]);

    await client.editorA.data(SUBMIT, { id });
    const refused = await client.reviewer.request(PUBLISH, { id });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/fundamental-rights impact assessment/);
    expect(refused.errors?.[0].message).toMatch(/EU database/);
    const fields = (refused.errors?.[0].extensions?.fields as { field: string }[]).map(
      (f) => f.field,
    );
    expect(fields).toEqual(['impactAssessments.type', 'algorithm.euDatabaseRegistrationNumber']);
  });

  it('asks a high-risk system to say whether its deployer is a public body', async () => {
    const other = await setup.draft(EntryKind.ALGORITHM, 'Unstated deployer', 'A', {
      algorithm: { ...fullAlgorithmInput('x').algorithm, deployerIsPublicBody: null },
    });
    const { entry } = await client.editorA.data(COMPLETENESS, { id: other });
    expect(entry.completeness.missing).toEqual(['algorithm.deployerIsPublicBody']);
  });

  it('publishes once both are given, and versions say who submitted, returned and published', async () => {
    await client.reviewer.data(RETURN, { id, reason: 'Add the FRIA and the registration number' });
    await client.editorA.data(UPDATE, {
      id,
      input: {
        impactAssessments: [
          { type: 'DPIA', date: '2024-01-10', summary: 'Privacy risks assessed.' },
          { type: 'FRIA', date: '2024-03-01', summary: 'Fundamental rights assessed.' },
        ],
        algorithm: { euDatabaseRegistrationNumber: 'EU-AI-2024-000123' },
      },
    });
    expect((await client.editorA.data(COMPLETENESS, { id })).entry.completeness).toEqual({
      ready: true,
      missing: [],
      problems: [],
    });
    await client.editorA.data(SUBMIT, { id });
    expect((await client.reviewer.data(PUBLISH, { id })).publishEntry.status).toBe('PUBLISHED');

    const [version] = (await client.auditor.data(VERSIONS, { id })).entry.versions;
    const { submitted, returned, published } = version.workflow;
    expect(submitted).toMatchObject({ label: tokens.actors.editorA.label, reason: null });
    expect(submitted.personId).toBe(tokens.actors.editorA.personId);
    expect(submitted.personName).toEqual(expect.any(String));
    expect(returned).toEqual([
      expect.objectContaining({
        label: tokens.actors.reviewer.label,
        personId: tokens.actors.reviewer.personId,
        reason: 'Add the FRIA and the registration number',
      }),
    ]);
    expect(published).toMatchObject({
      label: tokens.actors.reviewer.label,
      personId: tokens.actors.reviewer.personId,
    });
    expect(new Date(published.at).getTime()).toBeGreaterThan(new Date(returned[0].at).getTime());
  });

  it('gives a version only its own returns, not those of a discarded draft of the same number', async () => {
    await client.editorA.data(UPDATE, { id, input: { purpose: 'An idea thrown away' } });
    await client.editorA.data(SUBMIT, { id });
    await client.reviewer.data(RETURN, { id, reason: 'Not this idea' });
    await client.editorA.data(`mutation($id: ID!) { discardDraft(id: $id) { entryId } }`, { id });
    // The next draft is version 2 again.
    await client.editorA.data(UPDATE, { id, input: { summary: 'A different second version' } });
    await client.editorA.data(SUBMIT, { id });
    await client.reviewer.data(PUBLISH, { id });
    const versions = (await client.auditor.data(VERSIONS, { id })).entry.versions;
    expect(versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(versions[1].workflow.returned).toEqual([]);
    expect(versions[0].workflow.returned).toHaveLength(1);
  });

  it.each(['anonymous', 'editorB'] as Who[])('%s sees the versions but no persons', async (who) => {
    const [version] = (await client[who].data(VERSIONS, { id })).entry.versions;
    expect(version.publishedBy).toBeNull();
    expect(version.workflow).toBeNull();
  });
  it.each(['editorA', 'reviewer', 'auditor', 'admin'] as Who[])(
    '%s (staff of the entry) sees who did each step',
    async (who) => {
      const [version] = (await client[who].data(VERSIONS, { id })).entry.versions;
      expect(version.workflow.published.label).toBe(tokens.actors.reviewer.label);
    },
  );
});
