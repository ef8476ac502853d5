import { DataSource } from 'typeorm';
import {
  AiActClass,
  EntryContentPatch,
  EntryKind,
  PersonalDataLevel,
  RegistryClock,
  RiskClass,
} from '@insyn/registry';
import { createTestTokens, daysFromToday, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/** Auditors' register-wide questions, each in one query (issue 12). */
describe('register-wide questions (real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let auditor: GraphQLClient;
  let anonymous: GraphQLClient;
  const ids: Record<string, string> = {};
  let beforeChanges: string;

  const base = fullAlgorithmInput('x');
  const algorithm = (overrides: {
    risk?: RiskClass;
    overdue?: boolean;
    biasDate?: string;
    personal?: PersonalDataLevel;
  }): EntryContentPatch => ({
    personalData: overrides.personal ?? PersonalDataLevel.PERSONAL,
    reviewDueDate: overrides.overdue ? '2025-01-01' : '2099-01-01',
    algorithm: { ...base.algorithm, riskClass: overrides.risk ?? RiskClass.HIGH },
    nonDiscrimination: {
      ...base.nonDiscrimination,
      biasAssessment: {
        ...base.nonDiscrimination!.biasAssessment!,
        date: overrides.biasDate ?? daysFromToday(-60),
      },
    },
  });

  beforeAll(async () => {
    api = await RegistryApiHarness.start('register-queries');
    tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    auditor = api.graphql(tokens.auditor);
    anonymous = api.graphql();
    const publish = (name: string, patch: EntryContentPatch, department: 'A' | 'B' = 'A') =>
      setup.published(EntryKind.ALGORITHM, name, department, patch).then((id) => (ids[name] = id));
    await publish('Overdue review', algorithm({ overdue: true }));
    await publish('Old bias assessment', algorithm({ biasDate: '2024-01-01' }), 'B');
    await publish('Recent and on time', algorithm({}));
    await publish('Low risk overdue', algorithm({ risk: RiskClass.LOW, overdue: true }));
    await publish(
      'No personal data',
      algorithm({ overdue: true, personal: PersonalDataLevel.NONE }),
    );
    await publish('Published high, draft low', algorithm({ overdue: true }));
    beforeChanges = new Date().toISOString();
    // A pending draft lowers the risk class: the published view still says HIGH.
    await setup.edit(ids['Published high, draft low'], EntryKind.ALGORITHM, {
      algorithm: { riskClass: RiskClass.LOW },
    });
    ids['Never published'] = await setup.draft(
      EntryKind.ALGORITHM,
      'Never published',
      'A',
      algorithm({ overdue: true }),
    );
    // Published after the moment, and one retired after it.
    await publish('Published later', algorithm({ overdue: true }));
    await setup.retire(ids['Recent and on time']);
    await setup.published(EntryKind.DATASET, 'A dataset', 'A');
  });
  afterAll(async () => {
    await api.stop();
  });

  const QUESTION = `query($view: EntryListView, $asOf: DateTime, $before: CalendarDate) {
    entries(view: $view, asOf: $asOf, first: 100, filter: {
      kind: [ALGORITHM], riskClass: [HIGH], personalData: [PERSONAL, PSEUDONYMISED], status: [PUBLISHED],
      anyOf: [{ reviewOverdue: true }, { biasAssessedBefore: $before }]
    }) { totalCount nodes { id title } }
  }`;
  const aYearAgo = () => {
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d.toISOString().slice(0, 10);
  };
  const titles = (data: Record<string, any>) =>
    data.entries.nodes.map((n: { title: string }) => n.title).sort();

  it('answers "published high-risk algorithms with personal data and an overdue review or an old bias assessment" in one query', async () => {
    const data = await auditor.data(QUESTION, { view: 'PUBLISHED', before: aYearAgo() });
    expect(titles(data)).toEqual(
      [
        'Old bias assessment',
        'Overdue review',
        'Published high, draft low',
        'Published later',
      ].sort(),
    );
    expect(data.entries.totalCount).toBe(4);
    // The working view applies the filters to the drafts' values: the lowered risk drops out.
    const working = await auditor.data(QUESTION, { view: 'WORKING', before: aYearAgo() });
    expect(titles(working)).not.toContain('Published high, draft low');
    // The public asks the same question and gets the same answer as the published view.
    const publicAnswer = await anonymous.data(QUESTION, { before: aYearAgo() });
    expect(titles(publicAnswer)).toEqual(titles(data));
  });

  it('answers what the public saw at a moment, register-wide, in one query', async () => {
    const then = await auditor.data(QUESTION, { asOf: beforeChanges, before: aYearAgo() });
    expect(titles(then)).toEqual(
      ['Old bias assessment', 'Overdue review', 'Published high, draft low'].sort(),
    );
    const all = await anonymous.data<{ entries: { nodes: { title: string; status: string }[] } }>(
      `query($asOf: DateTime) { entries(asOf: $asOf, first: 100, filter: { status: [PUBLISHED, RETIRED] }) { nodes { title status } } }`,
      { asOf: beforeChanges },
    );
    // "Recent and on time" was retired later: then it was published.
    expect(all.entries.nodes).toContainEqual({ title: 'Recent and on time', status: 'PUBLISHED' });
    expect(all.entries.nodes.map((n) => n.title)).not.toContain('Published later');
    expect(all.entries.nodes.map((n) => n.title)).not.toContain('Never published');
  });

  it('filters on a pending draft for staff, and never tells the public', async () => {
    const query = `query($pending: Boolean) { entries(first: 100, filter: { hasPendingDraft: $pending, kind: [ALGORITHM] }) { nodes { title } } }`;
    expect(titles(await auditor.data(query, { pending: true }))).toEqual(
      ['Never published', 'Published high, draft low'].sort(),
    );
    expect(titles(await anonymous.data(query, { pending: true }))).toEqual([]);
    expect(titles(await anonymous.data(query, { pending: false }))).toContain(
      'Published high, draft low',
    );
    const editorB = api.graphql(tokens.editorB);
    expect(titles(await editorB.data(query, { pending: true }))).toEqual([]);
  });

  it('refuses a pending draft filter with asOf, for everyone: the past has no working versions', async () => {
    const asOf = beforeChanges;
    for (const [client, pending] of [
      [auditor, true],
      [auditor, false],
      [anonymous, true],
    ] as const)
      for (const query of [
        `query($pending: Boolean, $asOf: DateTime) { entries(asOf: $asOf, filter: { hasPendingDraft: $pending }) { totalCount } }`,
        `query($pending: Boolean, $asOf: DateTime) { registerStats(asOf: $asOf, groupBy: [KIND], filter: { hasPendingDraft: $pending }) { count } }`,
      ]) {
        const result = await client.request(query, { pending, asOf });
        expect(result.data).toBeNull();
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [
            {
              field: 'filter.hasPendingDraft',
              message: 'cannot be combined with asOf: a view of the past has no working versions',
            },
          ],
        });
      }
    // An as-of view is what the public saw then: no working copy of today, to staff either.
    const [pendingEntry] = (
      await auditor.data<{ entries: { nodes: { id: string }[] } }>(
        `{ entries(first: 100, filter: { hasPendingDraft: true, hasPublishedVersion: true }) { nodes { id } } }`,
      )
    ).entries.nodes;
    const view = await auditor.data<{ now: unknown; then: unknown }>(
      `query($id: ID!, $asOf: DateTime) {
        now: entry(id: $id) { draftRevisions { savedAt } }
        then: entry(id: $id, asOf: $asOf) { draftRevisions { savedAt } } }`,
      { id: pendingEntry.id, asOf: new Date().toISOString() },
    );
    expect(view.now).toEqual({ draftRevisions: expect.any(Array) });
    expect(view.then).toEqual({ draftRevisions: null });
  });

  it('refuses an unknown department and a range the wrong way round, naming the field, as complianceReport and auditLog do', async () => {
    const entries = `query($filter: EntryFilterInput) { entries(first: 5, filter: $filter) { totalCount } }`;
    const stats = `query($filter: EntryFilterInput) { registerStats(groupBy: [KIND], filter: $filter) { count } }`;
    const refusal = async (query: string, filter: Record<string, unknown>) => {
      const result = await anonymous.request(query, { filter });
      expect(result.data).toBeNull();
      expect(JSON.stringify(result.errors)).not.toMatch(/stack|SELECT/i);
      return result.errors?.map((e) => e.extensions);
    };
    const cases: [Record<string, unknown>, { field: string; message: string }[]][] = [
      // A typo of a slug (trafikkontor for trafikkontoret) would otherwise read as "no entries".
      [
        { department: ['department-a', 'departmen-b'] },
        [{ field: 'filter.department', message: 'no department has the slug "departmen-b"' }],
      ],
      [
        { anyOf: [{ kind: ['DATASET'] }, { department: ['nope', 'department-b'] }] },
        [{ field: 'filter.anyOf.1.department', message: 'no department has the slug "nope"' }],
      ],
      [
        { publishedFrom: '2030-01-01T00:00:00Z', publishedTo: '2020-01-01T00:00:00Z' },
        [{ field: 'filter.publishedTo', message: 'publishedTo must not be before publishedFrom' }],
      ],
      [
        {
          anyOf: [
            { publishedFrom: '2026-01-01T00:00:00.001Z', publishedTo: '2026-01-01T00:00:00Z' },
          ],
        },
        [
          {
            field: 'filter.anyOf.0.publishedTo',
            message: 'publishedTo must not be before publishedFrom',
          },
        ],
      ],
      [
        { biasAssessedAfter: '2025-06-01', biasAssessedBefore: '2025-01-01' },
        [
          {
            field: 'filter.biasAssessedBefore',
            message: 'biasAssessedBefore must not be before biasAssessedAfter',
          },
        ],
      ],
    ];
    for (const query of [entries, stats])
      for (const [filter, fields] of cases)
        expect(await refusal(query, filter)).toEqual([
          expect.objectContaining({ code: 'BAD_USER_INPUT', fields }),
        ]);
    // Bounds that meet are a range of nothing, not a mistake (as the audit log's since = until).
    const at = '2026-01-01T00:00:00Z';
    expect(
      (await anonymous.data(entries, { filter: { publishedFrom: at, publishedTo: at } })).entries,
    ).toEqual({ totalCount: 0 });
    expect(
      (
        await anonymous.data(entries, {
          filter: { department: ['department-a', 'department-b'], publishedTo: at },
        })
      ).entries,
    ).toEqual({ totalCount: 0 });
    // A department that exists but has published nothing is known: it filters to none. One
    // created after its slug was refused is found at once (a refusal is not remembered).
    expect(await refusal(entries, { department: ['department-empty'] })).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    ]);
    await api
      .graphql(tokens.admin)
      .data(
        `mutation { createDepartment(input: { slug: "department-empty", nameSv: "Tom", nameEn: "Empty" }) { id } }`,
      );
    for (const client of [anonymous, auditor]) {
      const filter = { department: ['department-empty'] };
      expect((await client.data(entries, { filter })).entries).toEqual({ totalCount: 0 });
      expect((await client.data(stats, { filter })).registerStats).toEqual([]);
    }
  });

  it('filters on suppliers, automation level and impact assessments present or missing', async () => {
    const q = (filter: Record<string, unknown>) =>
      auditor.data(
        `query($filter: EntryFilterInput) { entries(first: 100, filter: $filter) { totalCount } }`,
        { filter: { kind: ['ALGORITHM'], hasPublishedVersion: true, ...filter } },
      );
    const all = (await q({})).entries.totalCount;
    expect((await q({ supplier: ['  ACME ANALYTICS ab '] })).entries.totalCount).toBe(all);
    expect((await q({ supplier: ['Nobody AB'] })).entries.totalCount).toBe(0);
    expect((await q({ automationLevel: ['DECISION_SUPPORT'] })).entries.totalCount).toBe(all);
    expect((await q({ impactAssessmentPresent: ['DPIA'] })).entries.totalCount).toBe(all);
    expect((await q({ impactAssessmentMissing: ['FRIA'] })).entries.totalCount).toBe(all);
    expect((await q({ impactAssessmentMissing: ['DPIA'] })).entries.totalCount).toBe(0);
  });

  it('counts per group in SQL, from what the reader may see', async () => {
    const stats = await anonymous.data<{
      registerStats: { department: string; kind: string; count: number }[];
    }>(`{ registerStats(groupBy: [DEPARTMENT, KIND]) { department kind count } }`);
    expect(stats.registerStats).toEqual([
      { department: 'department-a', kind: 'ALGORITHM', count: 5 },
      { department: 'department-a', kind: 'DATASET', count: 1 },
      { department: 'department-b', kind: 'ALGORITHM', count: 1 },
    ]);
    const byRisk = await auditor.data<{ registerStats: { riskClass: string; count: number }[] }>(
      `{ registerStats(groupBy: [RISK_CLASS], filter: { kind: [ALGORITHM], status: [DRAFT, PUBLISHED, RETIRED] }) { riskClass count } }`,
    );
    expect(byRisk.registerStats).toEqual([
      { riskClass: 'HIGH', count: 6 },
      { riskClass: 'LOW', count: 2 },
    ]);
    const byPrinciple = await anonymous.data<{
      registerStats: { principle: string; count: number }[];
    }>(`{ registerStats(groupBy: [PRINCIPLE]) { principle count } }`);
    expect(byPrinciple.registerStats).toEqual([
      { principle: 'PRIVACY_AND_SECURITY', count: 7 },
      { principle: 'TRANSPARENCY_AND_NON_DISCRIMINATION', count: 7 },
    ]);
  });

  it('refuses no dimension, four, or one twice, in plain words naming groupBy', async () => {
    const cases: [string, string][] = [
      ['[]', 'groupBy must name one to three dimensions'],
      ['[KIND, STATUS, DEPARTMENT, PRINCIPLE]', 'groupBy must name one to three dimensions'],
      ['[KIND, KIND]', 'groupBy must not name a dimension twice'],
    ];
    for (const [groupBy, message] of cases) {
      const result = await anonymous.request(`{ registerStats(groupBy: ${groupBy}) { count } }`);
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'groupBy', message }],
      });
    }
  });

  it('does not count a withheld value under its value', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Withheld AI Act class', 'B', {
      ...algorithm({}),
      withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }],
    });
    const q = `{ registerStats(groupBy: [AI_ACT_CLASS], filter: { department: ["department-b"] }) { aiActClass count } }`;
    expect((await anonymous.data(q)).registerStats).toEqual([
      { aiActClass: AiActClass.HIGH_RISK, count: 1 },
      { aiActClass: null, count: 1 },
    ]);
    expect((await auditor.data(q)).registerStats).toEqual([
      { aiActClass: AiActClass.HIGH_RISK, count: 2 },
    ]);
    expect(id).toBeDefined();
  });

  it('counts a retired entry as overdue nowhere: the entry, lists, counts and the compliance report agree', async () => {
    const id = await setup.published(
      EntryKind.ALGORITHM,
      'Retired overdue',
      'B',
      algorithm({ overdue: true }),
    );
    const live = new Date().toISOString();
    await setup.retire(id);
    const overdue = `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) { status reviewOverdue } }`;
    expect((await anonymous.data(overdue, { id })).entry).toEqual({
      status: 'RETIRED',
      reviewOverdue: false,
    });
    // Before its retirement it was live, and its review overdue.
    expect((await anonymous.data(overdue, { id, asOf: live })).entry).toEqual({
      status: 'PUBLISHED',
      reviewOverdue: true,
    });
    const counts = await auditor.data(
      `{
        overdue: entries(first: 100, filter: { status: [PUBLISHED, RETIRED], reviewOverdue: true }) { nodes { id } }
        onTime: entries(first: 100, filter: { status: [RETIRED], reviewOverdue: false }) { nodes { id } }
        stats: registerStats(filter: { status: [PUBLISHED, RETIRED], reviewOverdue: true }, groupBy: [STATUS]) { status count }
        b: entries(first: 1, filter: { department: ["department-b"], reviewOverdue: true }) { totalCount }
        report: complianceReport(departmentSlug: "department-b") { overdueReviews }
      }`,
    );
    expect(counts.overdue.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(counts.onTime.nodes.map((n: { id: string }) => n.id)).toContain(id);
    expect(counts.stats.map((g: { status: string }) => g.status)).toEqual(['PUBLISHED']);
    expect(counts.report.overdueReviews).toBe(counts.b.totalCount);
  });

  it('judges a review overdue on the registry’s day everywhere: the entry, lists and the report', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Due in 2099', 'B', {
      ...algorithm({}),
      reviewDueDate: '2099-01-01',
    });
    const clock = jest
      .spyOn(api.app.get(RegistryClock), 'now')
      .mockReturnValue(new Date('2099-06-01T12:00:00Z'));
    try {
      const r = await auditor.data(
        `query($id: ID!) {
          entry(id: $id) { reviewOverdue }
          overdue: entries(first: 100, filter: { department: ["department-b"], reviewOverdue: true }) { totalCount nodes { id } }
          report: complianceReport(departmentSlug: "department-b") { today overdueReviews }
        }`,
        { id },
      );
      expect(r.report.today).toBe('2099-06-01');
      expect(r.entry.reviewOverdue).toBe(true);
      expect(r.overdue.nodes.map((n: { id: string }) => n.id)).toContain(id);
      expect(r.report.overdueReviews).toBe(r.overdue.totalCount);
    } finally {
      clock.mockRestore();
    }
  });
});
