import { DataSource } from 'typeorm';
import { AUDIT_CHAIN_LOCK } from '@insyn/audit';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

/**
 * One time per state change: a publication's or retirement's time, as `versions`, `retiredAt`
 * and `asOf` give it, a link's creation, as `relations` as of a moment reads it, and an edit's
 * time, as its staff see it (`updatedAt`, the draft revision's `savedAt`), is the time its audit
 * event gives it, to the millisecond both show. The
 * audit chain is held by another transaction while the step runs, so the step waits for it as it
 * would behind other writers: its event's time is then well after the step began.
 */
describe('history times agree with the audit log', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let as: Record<Who, GraphQLClient>;
  let setup: EntrySetup;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('history-times');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    as = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Runs the step while another transaction holds the audit chain's lock, released once the step waits for it. */
  async function behindHeldChain<T>(step: () => Promise<T>): Promise<T> {
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const running = step();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [{ n }] = (await holder.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )) as { n: number }[];
        if (n > 0) break;
        if (Date.now() > deadline) throw new Error('the step never waited for the audit chain');
      }
      // The step waits; let its wait outlast the millisecond both times are shown to.
      await holder.query('SELECT pg_sleep(0.02)');
      await holder.commitTransaction();
      return await running;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  }

  const auditEvent = async (entryId: string, action: string) => {
    const { auditLog } = await as.auditor.data<any>(
      `query($id: ID!, $action: AuditAction) {
        auditLog(first: 5, filter: { entryId: $id, action: $action }) { nodes { occurredAt occurredAtHashed } }
      }`,
      { id: entryId, action },
    );
    expect(auditLog.nodes).toHaveLength(1);
    return auditLog.nodes[0] as { occurredAt: string; occurredAtHashed: string };
  };
  const asOf = async (id: string, at: string) =>
    (
      await as.anonymous.data<any>(
        `query($id: ID!, $at: DateTime!) { entry(id: $id, asOf: $at) { status version } }`,
        { id, at },
      )
    ).entry;
  const before = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();
  /** The same moment written at +02:00. */
  const inPlusTwo = (iso: string) =>
    new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');

  it('a publication: versions, asOf and the audit event give one time', async () => {
    const id = await setup.draft(EntryKind.ALGORITHM, 'Timed publication');
    await setup.submit(id);
    await behindHeldChain(() =>
      as.reviewer.data(`mutation($id: ID!) { publishEntry(id: $id, changeNote: "First") { id } }`, {
        id,
      }),
    );
    const event = await auditEvent(id, 'ENTRY_PUBLISHED');
    const { entry } = await as.anonymous.data<any>(
      `query($id: ID!) { entry(id: $id) { publishedAt firstPublishedAt versions { number publishedAt } } }`,
      { id },
    );
    expect(entry.versions).toEqual([{ number: 1, publishedAt: event.occurredAt }]);
    expect(entry.publishedAt).toBe(event.occurredAt);
    expect(entry.firstPublishedAt).toBe(event.occurredAt);
    // The event's time as the hash covers it is the same moment.
    expect(Date.parse(event.occurredAtHashed)).toBe(Date.parse(event.occurredAt));

    expect(await asOf(id, before(event.occurredAt))).toBeNull();
    expect(await asOf(id, event.occurredAt)).toEqual({ status: 'PUBLISHED', version: 1 });
    expect(await asOf(id, event.occurredAtHashed)).toEqual({ status: 'PUBLISHED', version: 1 });
    expect(await asOf(id, inPlusTwo(event.occurredAt))).toEqual({
      status: 'PUBLISHED',
      version: 1,
    });
    expect(await asOf(id, inPlusTwo(before(event.occurredAt)))).toBeNull();
  });

  it('a retirement: retiredAt, asOf and the audit event give one time', async () => {
    const id = await setup.published(EntryKind.DATASET, 'Timed retirement');
    await behindHeldChain(() =>
      as.reviewer.data(`mutation($id: ID!) { retireEntry(id: $id, reason: "Gone") { id } }`, {
        id,
      }),
    );
    const event = await auditEvent(id, 'ENTRY_RETIRED');
    const { entry } = await as.anonymous.data<any>(
      `query($id: ID!) { entry(id: $id) { retiredAt } }`,
      { id },
    );
    expect(entry.retiredAt).toBe(event.occurredAt);
    expect(await asOf(id, before(event.occurredAt))).toEqual({ status: 'PUBLISHED', version: 1 });
    expect(await asOf(id, event.occurredAt)).toEqual({ status: 'RETIRED', version: 1 });
  });

  it('a link: its creation, as `relations` as of a moment reads it, is its audit event’s time', async () => {
    const from = await setup.published(EntryKind.ALGORITHM, 'Timed link from');
    const to = await setup.published(EntryKind.DATASET, 'Timed link to');
    await behindHeldChain(() =>
      as.editorA.data(
        `mutation($from: ID!, $to: ID!) { linkEntries(input: { fromId: $from, toId: $to, type: USES_DATASET }) { id } }`,
        { from, to },
      ),
    );
    const event = await auditEvent(from, 'ENTRIES_LINKED');
    const linksAsOf = async (at: string) =>
      (
        await as.anonymous.data<any>(
          `query($id: ID!, $at: DateTime!) { entry(id: $id, asOf: $at) { relations { type entry { id } } } }`,
          { id: from, at },
        )
      ).entry.relations;
    expect(await linksAsOf(before(event.occurredAt))).toEqual([]);
    expect(await linksAsOf(event.occurredAt)).toEqual([
      { type: 'USES_DATASET', entry: { id: to } },
    ]);
  });

  it('a link waits for the other entry before it takes the chain: no deadlock with a step holding that entry', async () => {
    const from = await setup.published(EntryKind.ALGORITHM, 'Waiting link from');
    const to = await setup.published(EntryKind.DATASET, 'Waiting link to');
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      // As a workflow step on the other entry does: its row locked, then the audit chain.
      await holder.query('SELECT 1 FROM entry WHERE id = $1 FOR UPDATE', [to]);
      const linking = as.editorA.request<any>(
        `mutation($from: ID!, $to: ID!) { linkEntries(input: { fromId: $from, toId: $to, type: USES_DATASET }) { id } }`,
        { from, to },
      );
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [{ n }] = (await holder.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.locktype IN ('transactionid', 'tuple')
              AND a.datname = current_database()`,
        )) as { n: number }[];
        if (n > 0) break;
        if (Date.now() > deadline) throw new Error('the link never waited for the other entry');
      }
      await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      await holder.commitTransaction();
      const linked = await linking;
      expect(linked.errors).toBeUndefined();
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await auditEvent(from, 'ENTRIES_LINKED')).occurredAt).toBeDefined();
  });

  it.each([
    ['a draft, edited in place', false],
    ['a published entry, given a new draft', true],
  ])(
    'an edit of %s: the updatedAt its staff see is its audit event’s time',
    async (_, published) => {
      const id = published
        ? await setup.published(EntryKind.DATASET, 'Timed edit of a published entry')
        : await setup.draft(EntryKind.DATASET, 'Timed edit of a draft');
      await behindHeldChain(() =>
        as.editorA.data(
          `mutation($id: ID!) { updateDataset(id: $id, input: { summary: "Edited behind the chain." }) { id } }`,
          { id },
        ),
      );
      const event = await auditEvent(id, 'ENTRY_UPDATED');
      const { entry } = await as.editorA.data<any>(
        `query($id: ID!) { entry(id: $id) { updatedAt draftRevisions { savedAt } } }`,
        { id },
      );
      expect(entry.updatedAt).toBe(event.occurredAt);
      expect(entry.draftRevisions.at(-1).savedAt).toBe(event.occurredAt);
    },
  );

  it('a submission: the time the withdrawal records is the submission event’s', async () => {
    const id = await setup.draft(EntryKind.IOT_DEPLOYMENT, 'Timed submission');
    await behindHeldChain(() =>
      as.editorA.data(`mutation($id: ID!) { submitEntryForReview(id: $id) { id } }`, { id }),
    );
    await as.editorA.data(`mutation($id: ID!) { withdrawSubmission(id: $id) { id } }`, { id });
    const submitted = await auditEvent(id, 'ENTRY_SUBMITTED');
    const { auditLog } = await as.auditor.data<any>(
      `query($id: ID!) { auditLog(first: 1, filter: { entryId: $id, action: ENTRY_SUBMISSION_WITHDRAWN }) { nodes { details } } }`,
      { id },
    );
    expect(auditLog.nodes[0].details.submittedAt).toBe(submitted.occurredAt);
  });

  it('a registration: createdAt, updatedAt and the first revision’s savedAt are its audit event’s time', async () => {
    const registered = await behindHeldChain(() =>
      as.editorA.data<any>(
        `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "Timed registration" }) {
          id createdAt updatedAt draftRevisions { revision savedAt } } }`,
      ),
    );
    const entry = registered.registerAlgorithm;
    const created = await auditEvent(entry.id, 'ENTRY_CREATED');
    expect([entry.createdAt, entry.updatedAt, entry.draftRevisions[0].savedAt]).toEqual([
      created.occurredAt,
      created.occurredAt,
      created.occurredAt,
    ]);
    // So an auditor's updatedSince at the event finds the entry.
    const { entries } = await as.auditor.data<any>(
      `query($at: DateTime!) { entries(filter: { updatedSince: $at, status: [DRAFT] }) { nodes { id } } }`,
      { at: created.occurredAt },
    );
    expect(entries.nodes.map((n: { id: string }) => n.id)).toContain(entry.id);
  });

  it('a submission, a return and a withdrawal leave updatedAt as the last edit left it', async () => {
    const id = await setup.draft(EntryKind.ALGORITHM, 'Timed review steps');
    const updatedAt = async () =>
      (await as.auditor.data<any>(`query($id: ID!) { entry(id: $id) { updatedAt } }`, { id })).entry
        .updatedAt;
    const edited = await updatedAt();
    await as.editorA.data(`mutation($id: ID!) { submitEntryForReview(id: $id) { id } }`, { id });
    expect(await updatedAt()).toBe(edited);
    await as.reviewer.data(
      `mutation($id: ID!) { returnEntryToDraft(id: $id, reason: "Fyll i syftet") { id } }`,
      { id },
    );
    expect(await updatedAt()).toBe(edited);
    await as.editorA.data(`mutation($id: ID!) { submitEntryForReview(id: $id) { id } }`, { id });
    await as.editorA.data(`mutation($id: ID!) { withdrawSubmission(id: $id) { id } }`, { id });
    expect(await updatedAt()).toBe(edited);
  });
});
