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
    const editor = api.graphql(tokens.editorA);
    return released(
      [id],
      inputs.map((input) => () => editor.request<any>(UPDATE, { id, input })),
    );
  }

  /**
   * Sends the requests while the entries' rows are locked, until each waits for the lock; then
   * lets them all go at once.
   */
  async function released<T>(ids: string[], requests: (() => Promise<T>)[]): Promise<T[]> {
    const blocker = new Client({ connectionString: api.database.migrationUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM entry WHERE id = ANY($1::uuid[]) FOR UPDATE', [ids]);
      const sent = requests.map((request) => request());
      const waiting = async () =>
        (
          await blocker.query(
            // Sessions waiting for a lock (pg_locks, unlike other roles' pg_stat_activity rows,
            // is readable by any role).
            'SELECT count(DISTINCT pid)::int AS n FROM pg_locks WHERE NOT granted',
          )
        ).rows[0].n as number;
      await eventually(waiting, (n) => n === requests.length);
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

  /** PostgreSQL's rollbacks of a transaction that collided with another, so far. */
  const deadlocks = async () =>
    Number(
      (
        await db.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')
      )[0].deadlocks,
    );

  it('links two entries to each other at the same moment, both links written (a deadlock is retried)', async () => {
    const [x, y] = [
      await setup.draft(EntryKind.DATASET, 'Berikad från den andra X'),
      await setup.draft(EntryKind.DATASET, 'Berikad från den andra Y'),
    ];
    const before = await deadlocks();
    const editor = api.graphql(tokens.editorA);
    const link = (fromId: string, toId: string) => () =>
      editor.request<any>(`mutation($i: LinkEntriesInput!) { linkEntries(input: $i) { id } }`, {
        i: { fromId, toId, type: 'USES_DATASET' },
      });
    // Both take their own entry's lock at once, then each waits for the other's.
    const results = await released([x, y], [link(x, y), link(y, x)]);
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(['ok', 'ok']);
    const links = await db.query(
      `SELECT from_entry_id AS "from", to_entry_id AS "to" FROM entry_relation
        WHERE from_entry_id = ANY($1::uuid[]) ORDER BY created_at`,
      [[x, y]],
    );
    expect(links).toHaveLength(2);
    // One audit row per link, none for the run that was rolled back.
    const events = await db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'ENTRIES_LINKED' AND entry_id = ANY($1::uuid[])`,
      [[x, y]],
    );
    expect(events[0].n).toBe(2);
    // The collision did happen: this test shows the retry, not a lucky order.
    expect(await deadlocks()).toBeGreaterThan(before);
  });

  it('publishes an entry whose slug a draft holds while that draft is being linked to it, in turn', async () => {
    const title = 'Samma titel två gånger';
    const holder = await setup.draft(EntryKind.ALGORITHM, title);
    const publishing = await setup.draft(EntryKind.ALGORITHM, title);
    await setup.submit(publishing);
    const before = await deadlocks();
    const results = await released(
      [holder, publishing],
      [
        () =>
          api
            .graphql(tokens.reviewer)
            .request<any>(
              `mutation($id: ID!) { publishEntry(id: $id, changeNote: "Ny") { slug } }`,
              {
                id: publishing,
              },
            ),
        () =>
          api
            .graphql(tokens.editorA)
            .request<any>(`mutation($i: LinkEntriesInput!) { linkEntries(input: $i) { id } }`, {
              i: { fromId: holder, toId: publishing, type: 'PART_OF' },
            }),
      ],
    );
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(['ok', 'ok']);
    expect(results[0].data.publishEntry.slug).toBe('samma-titel-tva-ganger');
    // Both take the PART_OF hierarchy's lock before any entry's row (a first publication checks
    // for cycles too): one waits for the other there, rather than each for the other's row (a
    // deadlock, which PostgreSQL broke and the transaction's retry mended before).
    expect(await deadlocks()).toBe(before);
  });
});
