import { DataSource } from 'typeorm';
import { EntryContentPatch, EntryKind, RegistryClock } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

type Outcome = 'OK' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const REPORT = `query($slug: String) { complianceReport(departmentSlug: $slug) {
  departmentSlug today
  entriesByKindAndStatus { kind status count }
  published publishedMissingDisclosures missingDisclosures { path count }
  overdueReviews biasAssessmentsOlderThan12Months highRiskWithoutImpactAssessment
  concerns { targetDays filed open answered medianDaysToFirstResponse averageDaysToFirstResponse overdue }
  principles { code entries share }
} }`;
const FILE = `mutation($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode concern { id } } }`;

/** The registry's day for the whole file: the figures below are counted against it. */
const TODAY = '2026-06-01';

/**
 * complianceReport (issue 12): a fixture built for its figures, per department and city-wide,
 * and who may ask for it.
 */
describe('complianceReport (real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let client: Record<Who, GraphQLClient>;
  let setup: EntrySetup;

  const base = fullAlgorithmInput('x');
  const algorithm = (o: { review?: string; bias?: string }): EntryContentPatch => ({
    reviewDueDate: o.review ?? '2027-01-15',
    nonDiscrimination: {
      ...base.nonDiscrimination,
      biasAssessment: { ...base.nonDiscrimination!.biasAssessment!, date: o.bias ?? '2025-09-01' },
    },
  });

  beforeAll(async () => {
    api = await RegistryApiHarness.start('compliance-report', {
      INSYN_CONCERN_TARGET_DAYS: '30',
    });
    db = api.app.get(DataSource);
    jest.spyOn(api.app.get(RegistryClock), 'now').mockReturnValue(new Date(`${TODAY}T12:00:00Z`));
    tokens = await createTestTokens(db);
    client = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);
    const alg = EntryKind.ALGORITHM;

    const complete = await setup.published(alg, 'A complete', 'A', algorithm({}));
    await setup.published(
      alg,
      'A overdue, old bias',
      'A',
      algorithm({ review: '2026-01-01', bias: '2025-01-01' }),
    );
    await setup.published(alg, 'A high risk, no assessment', 'A', {
      ...algorithm({}),
      impactAssessments: null,
      noImpactAssessmentReason: 'Planned for the autumn.',
    });
    await setup.published(alg, 'A accountability withheld', 'A', {
      ...algorithm({}),
      withheld: [{ field: 'accountability', legalGround: 'OSL 18:8' }],
      principles: [{ code: 'PARTICIPATION_AND_INCLUSION', rationale: 'Residents were asked.' }],
    });
    await setup.draft(alg, 'A draft', 'A', algorithm({ review: '2020-01-01' }));
    await setup.draft(EntryKind.DATASET, 'A dataset draft', 'A');
    const retired = await setup.published(alg, 'A retired', 'A', algorithm({ bias: '2020-01-01' }));
    await setup.retire(retired);
    const overdueB = await setup.published(
      alg,
      'B overdue',
      'B',
      algorithm({ review: '2026-05-01' }),
    );

    // Concerns, with the moments the figures count set directly.
    const concern = async (
      entryId: string,
      filed: string,
      firstResponse: string | null,
    ): Promise<void> => {
      const { fileConcern } = await client.anonymous.data(FILE, {
        input: {
          entryId,
          principleCodes: ['PRIVACY_AND_SECURITY'],
          category: 'PRIVACY',
          text: 'How long is my data kept?',
          consentToPublish: false,
        },
      });
      await db.query(
        `UPDATE concern SET filed_at = $2, first_response_at = $3, answered_at = $3, ended_at = $3,
           status = CASE WHEN $3::timestamptz IS NULL THEN 'RECEIVED' ELSE 'ANSWERED' END,
           answer = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE 'Two years.' END
         WHERE id = $1`,
        [fileConcern.concern.id, filed, firstResponse],
      );
    };
    await concern(complete, '2026-05-01T10:00:00Z', '2026-05-03T10:00:00Z'); // 2 days
    await concern(complete, '2026-05-10T10:00:00Z', '2026-05-16T10:00:00Z'); // 6 days
    await concern(complete, '2026-04-01T10:00:00Z', null); // open, over the 30-day target
    await concern(complete, '2026-05-25T10:00:00Z', null); // open, within the target
    await concern(overdueB, '2026-05-01T10:00:00Z', '2026-05-11T10:00:00Z'); // 10 days
  });
  afterAll(async () => {
    await api?.stop();
  });

  const coverage = (report: { principles: { code: string; entries: number; share: number }[] }) =>
    Object.fromEntries(report.principles.map((p) => [p.code, [p.entries, p.share]]));

  it('gives the city-wide figures of the fixture', async () => {
    const { complianceReport: r } = await client.auditor.data(REPORT);
    expect(r.departmentSlug).toBeNull();
    expect(r.today).toBe(TODAY);
    expect(r.entriesByKindAndStatus).toEqual([
      { kind: 'ALGORITHM', status: 'DRAFT', count: 1 },
      { kind: 'ALGORITHM', status: 'PUBLISHED', count: 5 },
      { kind: 'ALGORITHM', status: 'RETIRED', count: 1 },
      { kind: 'DATASET', status: 'DRAFT', count: 1 },
    ]);
    expect(r.published).toBe(5);
    expect(r.publishedMissingDisclosures).toBe(1);
    expect(r.missingDisclosures).toEqual([
      { path: 'accountability.accountableOwner', count: 1 },
      { path: 'accountability.appealProcess', count: 1 },
      { path: 'accountability.humanOversight', count: 1 },
    ]);
    expect(r.overdueReviews).toBe(2);
    expect(r.biasAssessmentsOlderThan12Months).toBe(1);
    expect(r.highRiskWithoutImpactAssessment).toBe(1);
    expect(r.concerns).toEqual({
      targetDays: 30,
      filed: 5,
      open: 2,
      answered: 3,
      medianDaysToFirstResponse: 6,
      averageDaysToFirstResponse: 6,
      overdue: 1,
    });
    expect(r.principles.map((p: { code: string }) => p.code)).toHaveLength(5);
    expect(coverage(r)).toEqual({
      ACCESS_AND_LITERACY: [0, 0],
      PRIVACY_AND_SECURITY: [4, 0.8],
      TRANSPARENCY_AND_NON_DISCRIMINATION: [4, 0.8],
      PARTICIPATION_AND_INCLUSION: [1, 0.2],
      OPEN_ETHICAL_STANDARDS: [0, 0],
    });
  });

  it('gives one department’s figures', async () => {
    const { complianceReport: r } = await client.editorA.data(REPORT, {
      slug: tokens.departmentA.slug,
    });
    expect(r.departmentSlug).toBe(tokens.departmentA.slug);
    expect(r.entriesByKindAndStatus).toEqual([
      { kind: 'ALGORITHM', status: 'DRAFT', count: 1 },
      { kind: 'ALGORITHM', status: 'PUBLISHED', count: 4 },
      { kind: 'ALGORITHM', status: 'RETIRED', count: 1 },
      { kind: 'DATASET', status: 'DRAFT', count: 1 },
    ]);
    expect(r.published).toBe(4);
    expect(r.publishedMissingDisclosures).toBe(1);
    expect(r.overdueReviews).toBe(1);
    expect(r.biasAssessmentsOlderThan12Months).toBe(1);
    expect(r.highRiskWithoutImpactAssessment).toBe(1);
    expect(r.concerns).toEqual({
      targetDays: 30,
      filed: 4,
      open: 2,
      answered: 2,
      medianDaysToFirstResponse: 4,
      averageDaysToFirstResponse: 4,
      overdue: 1,
    });
    expect(coverage(r)).toMatchObject({
      PRIVACY_AND_SECURITY: [3, 0.75],
      PARTICIPATION_AND_INCLUSION: [1, 0.25],
    });
    const { complianceReport: b } = await client.auditor.data(REPORT, {
      slug: tokens.departmentB.slug,
    });
    expect([
      b.published,
      b.overdueReviews,
      b.concerns.filed,
      b.concerns.medianDaysToFirstResponse,
    ]).toEqual([1, 1, 1, 10]);
  });

  it('counts a concern reopened after its answer as open, not answered', async () => {
    const b = { slug: tokens.departmentB.slug };
    const figures = async () => (await client.auditor.data(REPORT, b)).complianceReport.concerns;
    expect(await figures()).toMatchObject({ filed: 1, open: 0, answered: 1 });
    // Department B's one concern, answered, then reopened for review (as respondToConcern does).
    const reopen = (status: string, endedAt: string) =>
      db.query(`UPDATE concern SET status = $2, ended_at = ${endedAt} WHERE department_id = $1`, [
        tokens.departmentB.id,
        status,
      ]);
    await reopen('UNDER_REVIEW', 'NULL');
    try {
      expect(await figures()).toMatchObject({ filed: 1, open: 1, answered: 0 });
    } finally {
      await reopen('ANSWERED', 'answered_at');
    }
  });

  it('computes the report in aggregate statements, loading no entry', async () => {
    const statements: string[] = [];
    const createQueryRunner = db.createQueryRunner.bind(db);
    const spy = jest.spyOn(db, 'createQueryRunner').mockImplementation((mode) => {
      const runner = createQueryRunner(mode);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: never[]) => {
        statements.push(sql);
        return query(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    });
    try {
      await client.auditor.data(REPORT);
    } finally {
      spy.mockRestore();
    }
    const entryReads = statements.filter((s) => /\b(FROM|JOIN) \(?(entry|concern)\b/.test(s));
    expect(entryReads.length).toBe(5);
    for (const sql of entryReads) expect(sql).toMatch(/count\(/);
  });

  // The authorization matrix: staff only; an editor their own department only.
  const CITY: Record<Who, Outcome> = {
    anonymous: 'UNAUTHENTICATED',
    editorA: 'FORBIDDEN',
    editorB: 'FORBIDDEN',
    reviewer: 'OK',
    auditor: 'OK',
    admin: 'OK',
  };
  const DEPARTMENT_A: Record<Who, Outcome> = { ...CITY, editorA: 'OK' };
  const outcome = (result: { errors?: { extensions?: { code?: string } }[] }): string =>
    result.errors?.length ? String(result.errors[0].extensions?.code) : 'OK';
  const EVERYONE = Object.keys(CITY) as Who[];

  it.each(EVERYONE)('%s: the city-wide report', async (who) => {
    expect(outcome(await client[who].request(REPORT))).toBe(CITY[who]);
  });
  it.each(EVERYONE)('%s: department A’s report', async (who) => {
    expect(outcome(await client[who].request(REPORT, { slug: tokens.departmentA.slug }))).toBe(
      DEPARTMENT_A[who],
    );
  });
  it('a resident (no token, with a tracking code) gets no report', async () => {
    const { fileConcern } = await client.anonymous.data(FILE, {
      input: {
        entryId: (await db.query(`SELECT id FROM entry WHERE status = 'PUBLISHED' LIMIT 1`))[0].id,
        principleCodes: ['PRIVACY_AND_SECURITY'],
        category: 'PRIVACY',
        text: 'Who decided this?',
        consentToPublish: false,
      },
    });
    expect(fileConcern.trackingCode).toBeTruthy();
    expect(outcome(await client.anonymous.request(REPORT))).toBe('UNAUTHENTICATED');
  });

  it('names the department slug in a bad request', async () => {
    // Blank is no slug left out: a script's empty variable must not get the city-wide figures.
    for (const slug of ['no-such-department', 'x'.repeat(500), '', '   ']) {
      for (const caller of [client.auditor, client.editorA]) {
        const result = await caller.request(REPORT, { slug });
        expect(outcome(result)).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(result.errors)).toContain('departmentSlug');
      }
    }
  });

  it('reconciles the published count with the counts by status: a published entry with a pending version is told apart', async () => {
    const pending = await setup.published(
      EntryKind.ALGORITHM,
      'B pending edit',
      'B',
      algorithm({}),
    );
    await setup.edit(pending, EntryKind.ALGORITHM, { summary: 'Not published yet.' }, 'B');
    const inReview = await setup.published(EntryKind.ALGORITHM, 'B in review', 'B', algorithm({}));
    await setup.edit(inReview, EntryKind.ALGORITHM, { summary: 'Under review.' }, 'B');
    await setup.submit(inReview, 'B');
    const { complianceReport: r } = await client.auditor.data(
      `query($slug: String) { complianceReport(departmentSlug: $slug) {
        published publishedWithPendingVersion entriesByKindAndStatus { kind status count }
      } }`,
      { slug: tokens.departmentB.slug },
    );
    // Both are still published (the public reads their published versions); their workflow
    // status is their pending version's.
    expect(r.published).toBe(3);
    expect(r.publishedWithPendingVersion).toBe(2);
    const byStatus = (status: string) =>
      r.entriesByKindAndStatus
        .filter((c: { status: string }) => c.status === status)
        .reduce((n: number, c: { count: number }) => n + c.count, 0);
    expect(byStatus('PUBLISHED') + r.publishedWithPendingVersion).toBe(r.published);
  });
});
