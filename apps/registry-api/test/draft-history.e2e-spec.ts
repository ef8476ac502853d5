import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

const UPDATE = `mutation($id: ID!, $input: AlgorithmInput!) { updateAlgorithm(id: $id, input: $input) { id } }`;
const REVISIONS = `query($id: ID!) { entry(id: $id) { draftRevisions {
  revision versionNumber savedAt label personId personName changes { field before after }
} } }`;
const AUTHORS = `query($id: ID!) { entry(id: $id) { versions { number valueAuthors {
  field label personId personName revision
} } } }`;
const AUDIT = `query($id: ID!) { auditLog(filter: { entryId: $id, action: ENTRY_UPDATED }, first: 20) {
  nodes { entryVersion details }
} }`;
const FILE = `mutation($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode } }`;

/**
 * Draft history (issue 12): every saved revision kept, update events with before and after,
 * and who wrote each published value.
 */
describe('draft history (real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let client: Record<Who, GraphQLClient>;
  let setup: EntrySetup;
  let id: string;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('draft-history');
    tokens = await createTestTokens(api.app.get(DataSource));
    client = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);
    // Revision 1 (registered by editor A), 2 (editor A), then published as version 1.
    id = await setup.draft(EntryKind.ALGORITHM, 'Parking permits');
    await client.editorA.data(UPDATE, { id, input: { purpose: 'Fairer parking permits' } });
    await setup.publish(id);
    // A resident's concern with an e-mail address: it must never reach the entry's history.
    await client.anonymous.data(FILE, {
      input: {
        entryId: id,
        principleCodes: ['PRIVACY_AND_SECURITY'],
        category: 'PRIVACY',
        text: 'My neighbour Karin Svensson was refused.',
        contactEmail: 'karin.svensson@example.org',
        consentToPublish: false,
      },
    });
    // Revision 3 (the admin, on a new draft version 2), then published as version 2.
    await client.admin.data(UPDATE, {
      id,
      input: { summary: 'Who gets a permit, and why', purpose: 'Parking permits for residents' },
    });
    await setup.publish(id);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('keeps every saved draft revision, each with its changes before and after', async () => {
    const { entry } = await client.auditor.data(REVISIONS, { id });
    const revisions = entry.draftRevisions;
    expect(
      revisions.map((r: { revision: number; versionNumber: number; label: string }) => [
        r.revision,
        r.versionNumber,
        r.label,
      ]),
    ).toEqual([
      [1, 1, tokens.actors.editorA.label],
      [2, 1, tokens.actors.editorA.label],
      [3, 2, tokens.actors.admin.label],
    ]);
    expect(revisions[0].changes.length).toBeGreaterThan(10); // everything, from nothing
    expect(revisions[1].changes).toEqual([
      {
        field: 'purpose',
        before: expect.any(String),
        after: 'Fairer parking permits',
      },
    ]);
    // Version 2 started from what version 1 published.
    expect(revisions[2].changes.map((c: { field: string }) => c.field)).toEqual([
      'purpose',
      'summary',
    ]);
    expect(revisions[2].changes[0]).toMatchObject({
      before: 'Fairer parking permits',
      after: 'Parking permits for residents',
    });
    expect(revisions[2].personId).toBe(tokens.actors.admin.personId);
    expect(JSON.stringify(revisions)).not.toContain('karin');
  });

  it('records the changed paths with before and after in the audit event of an update', async () => {
    const { auditLog } = await client.auditor.data(AUDIT, { id });
    const byVersion = Object.fromEntries(
      auditLog.nodes.map((n: { entryVersion: number; details: object }) => [
        n.entryVersion,
        n.details,
      ]),
    );
    expect(byVersion[1].changes).toEqual([
      { field: 'purpose', before: expect.any(String), after: 'Fairer parking permits' },
    ]);
    expect(byVersion[2].changes).toEqual([
      {
        field: 'purpose',
        before: 'Fairer parking permits',
        after: 'Parking permits for residents',
      },
      { field: 'summary', before: expect.any(String), after: 'Who gets a permit, and why' },
    ]);
    expect(JSON.stringify(auditLog)).not.toMatch(/karin/i);
  });

  it('tells an auditor who wrote each published value', async () => {
    const { entry } = await client.auditor.data(AUTHORS, { id });
    const [v1, v2] = entry.versions;
    const author = (
      v: { valueAuthors: { field: string; label: string; revision: number }[] },
      f: string,
    ) => v.valueAuthors.find((a) => a.field === f);
    expect(author(v1, 'purpose')).toMatchObject({
      label: tokens.actors.editorA.label,
      revision: 2,
    });
    expect(author(v1, 'title')).toMatchObject({ label: tokens.actors.editorA.label, revision: 1 });
    expect(author(v2, 'purpose')).toMatchObject({ label: tokens.actors.admin.label, revision: 3 });
    expect(author(v2, 'summary')).toMatchObject({
      label: tokens.actors.admin.label,
      personId: tokens.actors.admin.personId,
    });
    // Unchanged since version 1: still editor A's.
    expect(author(v2, 'title')).toMatchObject({ label: tokens.actors.editorA.label, revision: 1 });
  });

  it.each(['anonymous', 'editorB'] as Who[])('%s sees no revisions and no authors', async (who) => {
    expect((await client[who].data(REVISIONS, { id })).entry.draftRevisions).toBeNull();
    const { entry } = await client[who].data(AUTHORS, { id });
    expect(entry.versions.map((v: { valueAuthors: unknown }) => v.valueAuthors)).toEqual([
      null,
      null,
    ]);
  });
});
