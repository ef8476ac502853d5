import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, eventually, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const UPDATE = `mutation($id: ID!, $input: DatasetInput!) {
  updateDataset(id: $id, input: $input) { id summary description status version } }`;
const READ = `query($id: ID!) { entry(id: $id) { summary description status version } }`;

/**
 * Two edits of one entry at the same moment: the second waits for the first and starts from what
 * the first committed, whether the first changed the draft or opened the entry's next version.
 * (The second used to start from the content it had read before waiting, undoing the first, or,
 * when the first opened a new version, found no entry at all: NOT_FOUND.)
 */
describe('concurrent edits of one entry', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-concurrent-edits');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
  });
  afterAll(async () => {
    await api?.stop();
  });

  /**
   * Holds the entry's row lock in a transaction of its own while both edits are sent, until both
   * wait for it; then lets them go, one after the other.
   */
  async function race(id: string, inputs: Record<string, unknown>[]) {
    const blocker = new Client({ connectionString: api.database.migrationUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM entry WHERE id = $1 FOR UPDATE', [id]);
      const editor = api.graphql(tokens.editorA);
      const sent = inputs.map((input) => editor.request<any>(UPDATE, { id, input }));
      const waiting = async () =>
        (
          await blocker.query(
            // Sessions waiting for a lock (pg_locks, unlike other roles' pg_stat_activity rows,
            // is readable by any role).
            'SELECT count(DISTINCT pid)::int AS n FROM pg_locks WHERE NOT granted',
          )
        ).rows[0].n as number;
      await eventually(waiting, (n) => n === inputs.length);
      await blocker.query('COMMIT');
      return await Promise.all(sent);
    } finally {
      await blocker.end();
    }
  }

  it('keeps both changes of a draft edited twice at once', async () => {
    const id = await setup.draft(EntryKind.DATASET, 'Samtidigt redigerat utkast');
    const results = await race(id, [{ summary: 'Sammanfattning' }, { description: 'Beskrivning' }]);
    for (const result of results) expect(result.errors).toBeUndefined();
    const { entry } = await api.graphql(tokens.editorA).data<any>(READ, { id });
    expect(entry).toMatchObject({
      summary: 'Sammanfattning',
      description: 'Beskrivning',
      version: 1,
    });
    // Two revisions, each changing only its own field.
    const revisions = await db.query(
      `SELECT r.revision FROM entry_draft_revision r JOIN entry_version v ON v.id = r.version_id
        WHERE v.entry_id = $1 ORDER BY r.revision`,
      [id],
    );
    expect(revisions.length).toBeGreaterThanOrEqual(3);
  });

  it('lets the second edit of a published entry find the version the first one opened', async () => {
    const id = await setup.published(EntryKind.DATASET, 'Samtidigt redigerad publicerad post');
    const results = await race(id, [{ summary: 'Ny sammanfattning' }, { description: 'Ny text' }]);
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(['ok', 'ok']);
    const { entry } = await api.graphql(tokens.editorA).data<any>(READ, { id });
    expect(entry).toMatchObject({
      summary: 'Ny sammanfattning',
      description: 'Ny text',
      version: 2,
    });
    const versions = await db.query('SELECT number FROM entry_version WHERE entry_id = $1', [id]);
    expect(versions.map((v: { number: number }) => v.number).sort()).toEqual([1, 2]);
  });
});
