import { DataSource } from 'typeorm';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import {
  ENTRY_CONTENT_FIELDS,
  expectedReadBack,
  fullAlgorithmInput,
  fullDatasetInput,
  fullIotInput,
} from './entry-fixtures';
import { RegistryApiHarness, Who } from './registry-api.harness';

/** Updates that don't lose data, discarding drafts, withdrawing submissions, and history that tells the truth. */
describe('editing drafts (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let as: Record<Who, GraphQLClient>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-drafts');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    as = api.clients(tokens);
  });
  afterAll(async () => {
    await api.stop();
  });

  const KIND_INPUT = {
    Algorithm: fullAlgorithmInput,
    Dataset: fullDatasetInput,
    IotDeployment: fullIotInput,
  } as const;
  type Kind = keyof typeof KIND_INPUT;

  const register = async (kind: Kind, title: string, c = as.editorA): Promise<string> =>
    (
      await c.data<any>(
        `mutation($input: ${kind}Input!) { e: register${kind}(departmentSlug: "department-a", input: $input) { id } }`,
        { input: KIND_INPUT[kind](title) },
      )
    ).e.id;
  const update = (kind: Kind, id: string, input: Record<string, unknown>, c = as.editorA) =>
    c.request<any>(
      `mutation($id: ID!, $input: ${kind}Input!) { e: update${kind}(id: $id, input: $input) { ... on RegistryEntry { status version isPublishedVersion ${ENTRY_CONTENT_FIELDS} } } }`,
      { id, input },
    );
  const submit = (id: string, c = as.editorA) =>
    c.data<any>(`mutation($id: ID!) { e: submitEntryForReview(id: $id) { status } }`, { id });
  const publish = async (id: string, note = 'Published'): Promise<Date> =>
    new Date(
      (
        await as.reviewer.data<any>(
          `mutation($id: ID!, $note: String!) { e: publishEntry(id: $id, changeNote: $note) { publishedAt } }`,
          { id, note },
        )
      ).e.publishedAt,
    );
  const published = async (kind: Kind, title: string) => {
    const id = await register(kind, title);
    await submit(id);
    return { id, publishedAt: await publish(id) };
  };
  const read = async (id: string, c: GraphQLClient, fields = ENTRY_CONTENT_FIELDS) =>
    (await c.data<any>(`query($id: ID!) { entry(id: $id) { ${fields} } }`, { id })).entry;
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) =>
    r.errors?.[0]?.extensions?.code;
  const auditOf = (
    id: string,
  ): Promise<{ action: string; entry_version: number; details: any }[]> =>
    db.query(
      `SELECT action, entry_version, details, actor_label FROM audit_event WHERE entry_id = $1 ORDER BY id`,
      [id],
    );
  const counts = async (id: string) =>
    (
      await db.query(
        `SELECT (SELECT count(*)::int FROM audit_event) AS audit,
                (SELECT count(*)::int FROM search_outbox) AS outbox,
                (SELECT count(*)::int FROM entry_version WHERE entry_id = $1) AS versions`,
        [id],
      )
    )[0];

  describe('updates merge nested objects', () => {
    it('setting algorithm.riskClass keeps every other field of the algorithm, and the audit names the field', async () => {
      const id = await register('Algorithm', 'Merged algorithm');
      const full = fullAlgorithmInput('Merged algorithm');
      const result = await update('Algorithm', id, { algorithm: { riskClass: 'LOW' } });
      expect(result.errors).toBeUndefined();
      const { status, version, isPublishedVersion, ...content } = result.data.e;
      expect({ status, version, isPublishedVersion }).toEqual({
        status: 'DRAFT',
        version: 1,
        isPublishedVersion: false,
      });
      expect(content).toEqual(
        expectedReadBack({ ...full, algorithm: { ...full.algorithm, riskClass: 'LOW' } }),
      );
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_UPDATED',
        details: { fields: ['algorithm.riskClass'] },
      });
    });

    it('at every level a given field replaces, null clears and an absent field stays; lists and GeoJSON replace whole', async () => {
      const id = await register('Algorithm', 'Deeply merged algorithm');
      const full = fullAlgorithmInput('Deeply merged algorithm');
      const multiPolygon = {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [11.9, 57.7],
              [12.0, 57.7],
              [12.0, 57.8],
              [11.9, 57.7],
            ],
          ],
        ],
      };
      const models = [{ name: 'triage-gbt', version: '3.0' }];
      const result = await update('Algorithm', id, {
        contact: { phone: null },
        keywords: ['triage'],
        geographicArea: { geoJson: multiPolygon },
        accountability: { reversibilityNote: null },
        nonDiscrimination: {
          biasAssessment: {
            method: 'Equalised odds',
            resultSummary: 'No difference found.',
            issuesFound: false,
          },
          accessibility: { languages: ['sv'] },
        },
        algorithm: { impactOnPeople: { how: null, decisionsPerYear: 15000 }, models },
      });
      expect(result.errors).toBeUndefined();
      const { status: _s, version: _v, isPublishedVersion: _p, ...content } = result.data.e;
      expect(content).toEqual(
        expectedReadBack({
          ...full,
          contact: { ...full.contact, phone: null },
          keywords: ['triage'],
          geographicArea: { ...full.geographicArea, geoJson: multiPolygon },
          accountability: { ...full.accountability, reversibilityNote: null },
          nonDiscrimination: {
            ...full.nonDiscrimination,
            biasAssessment: {
              ...full.nonDiscrimination!.biasAssessment,
              method: 'Equalised odds',
              resultSummary: 'No difference found.',
              issuesFound: false,
            },
            accessibility: { ...full.nonDiscrimination!.accessibility, languages: ['sv'] },
          },
          algorithm: {
            ...full.algorithm,
            impactOnPeople: { affected: 'Applicants', how: null, decisionsPerYear: 15000 },
            models: [{ ...models[0], task: null, input: null, output: null, performance: null }],
          },
        }),
      );
      // Stored as plain content: a cleared field is gone, not a stored null.
      const [stored] = await db.query(
        `SELECT content FROM entry_version WHERE entry_id = $1 AND number = 1`,
        [id],
      );
      expect(stored.content.contact).toEqual({ email: full.contact!.email });
      expect(stored.content.geographicArea.geoJson).toEqual(multiPolygon);
    });

    it('replaces deployment locations as a list, keeping the rest of the deployment', async () => {
      const id = await register('IotDeployment', 'Merged deployment');
      const full = fullIotInput('Merged deployment');
      const locations = [
        {
          description: 'Stortorget',
          point: null,
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [18.07, 59.32],
                [18.08, 59.32],
                [18.08, 59.33],
                [18.07, 59.32],
              ],
            ],
          },
        },
      ];
      const result = await update('IotDeployment', id, {
        iotDeployment: { locations, signage: { qrToEntry: false } },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.e.iotDeployment).toEqual({
        ...full.iotDeployment,
        locations,
        signage: { onSite: true, qrToEntry: false },
      });
    });

    it('a published entry’s next draft merges into the published content; the public keeps the published version', async () => {
      const { id } = await published('Dataset', 'Merged dataset');
      const result = await update('Dataset', id, {
        dataset: { temporalCoverage: { end: '2025-12-31' } },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.e).toMatchObject({ status: 'DRAFT', version: 2 });
      expect(result.data.e.dataset).toMatchObject({
        publisher: 'Socialförvaltningen',
        temporalCoverage: { start: '2019-01-01', end: '2025-12-31' },
        accessRights: 'RESTRICTED',
      });
      const publicView = await read(
        id,
        as.anonymous,
        'version ... on Dataset { dataset { temporalCoverage { start end } } }',
      );
      expect(publicView).toEqual({
        version: 1,
        dataset: { temporalCoverage: { start: '2019-01-01', end: '2024-12-31' } },
      });
    });

    it('an edit that changes nothing writes nothing: no new version, revision or audit row', async () => {
      const { id } = await published('Algorithm', 'Unchanged algorithm');
      const stored = await read(
        id,
        as.editorA,
        'summary legalBasis { title link } impactAssessments { type date summary link }',
      );
      const revisions = async () =>
        Number(
          (
            await db.query(
              `SELECT count(*) FROM entry_draft_revision r JOIN entry_version v ON v.id = r.version_id
                WHERE v.entry_id = $1`,
              [id],
            )
          )[0].count,
        );
      const before = { ...(await counts(id)), revisions: await revisions() };
      for (const input of [
        {},
        { summary: stored.summary },
        { title: ' Unchanged algorithm ', summary: stored.summary },
        // Lists of objects as read back: jsonb keeps their keys in another order than sent.
        { legalBasis: stored.legalBasis, impactAssessments: stored.impactAssessments },
      ]) {
        const result = await update('Algorithm', id, input);
        expect(result.errors).toBeUndefined();
        expect(result.data.e).toMatchObject({
          status: 'PUBLISHED',
          version: 1,
          isPublishedVersion: true,
        });
      }
      expect({ ...(await counts(id)), revisions: await revisions() }).toEqual(before);
      // A draft likewise: the second, identical edit keeps the one revision it made.
      await update('Algorithm', id, { summary: 'Changed once' });
      const afterFirst = { ...(await counts(id)), revisions: await revisions() };
      expect(afterFirst.versions).toBe(before.versions + 1);
      await update('Algorithm', id, { summary: 'Changed once' });
      expect({ ...(await counts(id)), revisions: await revisions() }).toEqual(afterFirst);
    });

    it('refuses an end date before the stored start date, and writes nothing', async () => {
      const id = await register('Algorithm', 'Dated algorithm');
      const before = await counts(id);
      const refused = await update('Algorithm', id, { lifecycle: { endDate: '2023-12-31' } });
      expect(code(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.lifecycle.endDate',
          message: 'endDate must not be before startDate (2024-01-15)',
        },
      ]);
      expect(await counts(id)).toEqual(before);
      expect((await read(id, as.editorA, 'lifecycle { startDate endDate }')).lifecycle).toEqual({
        startDate: '2024-01-15',
        endDate: '2027-12-31',
      });
    });
  });

  const DISCARD = `mutation($id: ID!) { d: discardDraft(id: $id) {
    entryId discardedVersion entryRemoved entry { id status version isPublishedVersion summary }
  } }`;
  const discard = (id: string, c = as.editorA) => c.request<any>(DISCARD, { id });

  describe('discardDraft', () => {
    it('removes a never-published entry with its versions and links; its audit events stay', async () => {
      const id = await register('Algorithm', 'Abandoned idea');
      const dataset = await published('Dataset', 'Dataset the idea used');
      const user = await published('Algorithm', 'Algorithm that pointed at the idea');
      const LINK = `mutation($input: LinkEntriesInput!) { linkEntries(input: $input) { id } }`;
      await as.editorA.data(LINK, {
        input: { fromId: id, toId: dataset.id, type: 'USES_DATASET' },
      });
      await as.editorA.data(LINK, { input: { fromId: user.id, toId: id, type: 'PART_OF' } });
      await update('Algorithm', id, { summary: 'Second thoughts' });
      const before = await counts(id);

      const result = await discard(id);
      expect(result.errors).toBeUndefined();
      expect(result.data.d).toEqual({
        entryId: id,
        discardedVersion: 1,
        entryRemoved: true,
        entry: null,
      });

      for (const c of [as.editorA, as.admin, as.auditor])
        expect(await read(id, c, 'id')).toBeNull();
      const [left] = await db.query(
        `SELECT (SELECT count(*)::int FROM entry WHERE id = $1) AS entries,
                (SELECT count(*)::int FROM entry_version WHERE entry_id = $1) AS versions,
                (SELECT count(*)::int FROM entry_relation WHERE from_entry_id = $1 OR to_entry_id = $1) AS relations`,
        [id],
      );
      expect(left).toEqual({ entries: 0, versions: 0, relations: 0 });
      expect(await read(user.id, as.editorA, 'relations { entry { id } }')).toEqual({
        relations: [],
      });

      // One audit row more, and no search outbox row: nothing public changed.
      expect(await counts(id)).toEqual({ ...before, audit: before.audit + 1, versions: 0 });
      const audit = await auditOf(id);
      expect(audit.map((a) => a.action)).toEqual([
        'ENTRY_CREATED',
        'ENTRIES_LINKED',
        'ENTRY_UPDATED',
        'ENTRY_DRAFT_DISCARDED',
      ]);
      expect(audit.at(-1)).toMatchObject({
        entry_version: 1,
        actor_label: 'test editorA',
        details: {
          entryRemoved: true,
          kind: 'ALGORITHM',
          slug: 'abandoned-idea',
          title: 'Abandoned idea',
          // The links removed with it, its own and those pointing at it, in the order made.
          removedLinks: [
            { fromEntryId: id, toEntryId: dataset.id, type: 'USES_DATASET' },
            { fromEntryId: user.id, toEntryId: id, type: 'PART_OF' },
          ],
        },
      });
      // Auditors still find the whole story through the API.
      const log = await as.auditor.data<any>(
        `query($id: ID!) { auditLog(filter: { entryId: $id }) { nodes { action entryVersion } } }`,
        { id },
      );
      expect(log.auditLog.nodes[0]).toEqual({ action: 'ENTRY_DRAFT_DISCARDED', entryVersion: 1 });

      // A second discard finds nothing.
      expect(code(await discard(id))).toBe('NOT_FOUND');
    });

    it('drops the pending draft of a published entry: back at the published version, public unchanged', async () => {
      const { id } = await published('Algorithm', 'Stable algorithm');
      const publicBefore = await read(id, as.anonymous);
      const staffBefore = await read(id, as.editorA);
      await update('Algorithm', id, {
        summary: 'A change we regret',
        algorithm: { riskClass: 'LOW' },
      });
      await submit(id);
      await as.reviewer.data(
        `mutation($id: ID!) { e: returnEntryToDraft(id: $id, reason: "Not like this") { id } }`,
        { id },
      );
      const before = await counts(id);
      expect(before.versions).toBe(2);

      const result = await discard(id);
      expect(result.errors).toBeUndefined();
      expect(result.data.d).toEqual({
        entryId: id,
        discardedVersion: 2,
        entryRemoved: false,
        entry: {
          id,
          status: 'PUBLISHED',
          version: 1,
          isPublishedVersion: true,
          summary: publicBefore.summary,
        },
      });
      expect(await read(id, as.editorA)).toEqual(staffBefore);
      expect(await read(id, as.anonymous)).toEqual(publicBefore);
      expect(await counts(id)).toEqual({ ...before, audit: before.audit + 1, versions: 1 });
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_DRAFT_DISCARDED',
        entry_version: 2,
        details: { entryRemoved: false, restoredVersion: 1 },
      });
      expect(
        (
          await as.editorA.data<any>(
            `query($id: ID!) { entryDiff(id: $id, fromVersion: 1, toVersion: 2) { field } }`,
            { id },
          )
        ).entryDiff,
      ).toBeNull();

      // Editing again starts version 2 afresh, from the published content.
      const again = await update('Algorithm', id, { purpose: 'A better purpose' });
      expect(again.data.e).toMatchObject({
        status: 'DRAFT',
        version: 2,
        summary: publicBefore.summary,
        purpose: 'A better purpose',
      });
    });

    it('is refused, writing nothing, in review, when retired, and without a draft', async () => {
      const inReview = await register('Dataset', 'Dataset in review');
      await submit(inReview);
      const withoutDraft = (await published('Dataset', 'Dataset without a draft')).id;
      const retired = (await published('Dataset', 'Retired dataset')).id;
      await update('Dataset', retired, { summary: 'Pending when retired' });
      await as.editorA.data(
        `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Gone") { id } }`,
        { id: retired },
      );
      for (const [id, message] of [
        [inReview, /withdraw the submission/],
        [withoutDraft, /no draft/],
        [retired, /retired/],
      ] as const) {
        const before = await counts(id);
        const refused = await discard(id);
        expect(code(refused)).toBe('CONFLICT');
        expect(refused.errors?.[0].message).toMatch(message);
        expect(await counts(id)).toEqual(before);
      }
    });
  });

  const WITHDRAW = `mutation($id: ID!) { e: withdrawSubmission(id: $id) { status version isPublishedVersion } }`;

  describe('withdrawSubmission', () => {
    it('takes a submission back to DRAFT (entry and version), recording who submitted it', async () => {
      const id = await register('Algorithm', 'Withdrawn algorithm');
      await submit(id, as.admin);
      const before = await counts(id);
      // Editing it in review says how the department takes it back, not only the reviewer's way.
      const inReview = await update('Algorithm', id, { summary: 'Too early' });
      expect(code(inReview)).toBe('CONFLICT');
      expect(inReview.errors?.[0].message).toMatch(
        /^The entry is in review: withdraw the submission/,
      );

      const result = await as.editorA.request<any>(WITHDRAW, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data.e).toEqual({ status: 'DRAFT', version: 1, isPublishedVersion: false });
      const [version] = await db.query(`SELECT state FROM entry_version WHERE entry_id = $1`, [id]);
      expect(version.state).toBe('DRAFT');
      expect(await counts(id)).toEqual({ ...before, audit: before.audit + 1 });
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_SUBMISSION_WITHDRAWN',
        entry_version: 1,
        actor_label: 'test editorA',
        details: { submittedBy: 'test admin', withdrawnBySubmitter: false },
      });

      // Editable again, and it can go back to review; a reviewer cannot publish a withdrawn draft.
      expect(
        code(
          await as.reviewer.request(
            `mutation($id: ID!) { e: publishEntry(id: $id, changeNote: "x") { id } }`,
            { id },
          ),
        ),
      ).toBe('CONFLICT');
      expect((await update('Algorithm', id, { summary: 'Improved' })).errors).toBeUndefined();
      await submit(id);
      await publish(id);
    });

    it('withdraws the pending version of a published entry; the public keeps the published one', async () => {
      const { id } = await published('Dataset', 'Dataset with a submitted change');
      await update('Dataset', id, { summary: 'Submitted change' });
      await submit(id);
      const result = await as.editorA.request<any>(WITHDRAW, { id });
      expect(result.data.e).toEqual({ status: 'DRAFT', version: 2, isPublishedVersion: false });
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_SUBMISSION_WITHDRAWN',
        entry_version: 2,
        details: { submittedBy: 'test editorA', withdrawnBySubmitter: true },
      });
      expect(await read(id, as.anonymous, 'status version')).toEqual({
        status: 'PUBLISHED',
        version: 1,
      });
    });

    it('is refused, writing nothing, unless the entry is in review', async () => {
      const draft = await register('Dataset', 'Dataset never submitted');
      const { id: publishedId } = await published('Dataset', 'Published dataset, nothing pending');
      for (const id of [draft, publishedId]) {
        const before = await counts(id);
        const refused = await as.editorA.request<any>(WITHDRAW, { id });
        expect(code(refused)).toBe('CONFLICT');
        expect(await counts(id)).toEqual(before);
      }
    });
  });

  describe('a history that tells the truth', () => {
    const AS_OF = `query($id: ID!, $at: DateTime!) { entry(id: $id, asOf: $at) {
      status version publishedAt firstPublishedAt updatedAt retiredAt retirementReason summary
    } }`;
    const asOf = async (id: string, at: Date) =>
      (await as.anonymous.data<any>(AS_OF, { id, at: at.toISOString() })).entry;
    const justBefore = (at: Date) => new Date(at.getTime() - 1);

    it('a published version reads as published to staff too, while a newer draft is in review', async () => {
      const { id } = await published('Algorithm', 'Algorithm with a pending version');
      await update('Algorithm', id, { summary: 'Pending summary' });
      await submit(id);
      const versions = `query($id: ID!) { entry(id: $id) {
        status versions { number entry { status isPublishedVersion summary } } } }`;
      const staff = (await as.auditor.data<any>(versions, { id })).entry;
      const anonymous = (await as.anonymous.data<any>(versions, { id })).entry;
      expect(staff.status).toBe('IN_REVIEW');
      expect(staff.versions).toEqual([
        {
          number: 1,
          entry: { status: 'PUBLISHED', isPublishedVersion: true, summary: expect.any(String) },
        },
      ]);
      expect(staff.versions).toEqual(anonymous.versions);
    });

    it('an as-of view shows only what was true then: not a later retirement, publication or change', async () => {
      const { id, publishedAt: first } = await published('Algorithm', 'Algorithm retired later');
      await update('Algorithm', id, { summary: 'Second summary' });
      await submit(id);
      const second = await publish(id, 'v2');
      const retirement = await as.editorA.data<any>(
        `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Replaced by a new system") { retiredAt } }`,
        { id },
      );
      const retiredAt = new Date(retirement.e.retiredAt);
      // The three instants are apart (each step is a round trip of its own).
      expect(first.getTime()).toBeLessThan(second.getTime() - 1);
      expect(second.getTime()).toBeLessThan(retiredAt.getTime() - 1);

      expect(await asOf(id, justBefore(first))).toBeNull();
      expect(await asOf(id, justBefore(second))).toEqual({
        status: 'PUBLISHED',
        version: 1,
        publishedAt: first.toISOString(),
        firstPublishedAt: first.toISOString(),
        updatedAt: first.toISOString(),
        retiredAt: null,
        retirementReason: null,
        summary: fullAlgorithmInput('Algorithm retired later').summary,
      });
      expect(await asOf(id, justBefore(retiredAt))).toEqual({
        status: 'PUBLISHED',
        version: 2,
        publishedAt: second.toISOString(),
        firstPublishedAt: first.toISOString(),
        updatedAt: second.toISOString(),
        retiredAt: null,
        retirementReason: null,
        summary: 'Second summary',
      });
      expect(await asOf(id, retiredAt)).toEqual({
        status: 'RETIRED',
        version: 2,
        publishedAt: second.toISOString(),
        firstPublishedAt: first.toISOString(),
        updatedAt: retiredAt.toISOString(), // its retirement, once it had happened
        retiredAt: retiredAt.toISOString(),
        retirementReason: 'Replaced by a new system',
        summary: 'Second summary',
      });
    });

    it('retiring an entry with a pending draft retires the published version and discards the draft', async () => {
      const { id } = await published('Algorithm', 'Algorithm retired mid-edit');
      await update('Algorithm', id, {
        title: 'Unpublished title',
        summary: 'Draft never published',
      });
      await as.reviewer.data(
        `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Decommissioned") { id } }`,
        { id },
      );
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_RETIRED',
        entry_version: 1,
        details: { reason: 'Decommissioned', discardedPendingVersion: 2 },
      });
      const retired = {
        status: 'RETIRED',
        version: 1,
        title: 'Algorithm retired mid-edit',
        summary: fullAlgorithmInput('Algorithm retired mid-edit').summary,
      };
      expect(await read(id, as.anonymous, 'status version title summary')).toEqual(retired);
      // Staff see the same: the draft, which nothing could finish or discard any more, is gone.
      expect(await read(id, as.editorA, 'status version title summary')).toEqual(retired);
      const versions = await db.query('SELECT number FROM entry_version WHERE entry_id = $1', [id]);
      expect(versions).toEqual([{ number: 1 }]);
    });
  });
});
