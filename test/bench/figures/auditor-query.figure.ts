import { Role } from '@insyn/access';
import { BenchContext } from '../bench-context';
import { ratioOf } from '../bench-results';
import { progress, sequentially, stats } from '../bench-timing';

const PAGE = `query AuditorPage($first: Int!) {
  entries(first: $first, orderBy: TITLE_ASC) {
    nodes {
      id title
      department { slug name }
      principles { principle { code } rationale }
      relations { type entry { title department { slug } } }
      versions { number }
    }
  }
}`;

/** The city-wide compliance report (issue 12): aggregates in SQL, whatever the register's size. */
const REPORT = `{
  complianceReport {
    entriesByKindAndStatus { count }
    missingDisclosures { count }
    overdueReviews
    biasAssessmentsOlderThan12Months
    highRiskWithoutImpactAssessment
  }
}`;

/** The same data as PAGE, by hand: one statement. */
const SQL = `
WITH page AS (
  SELECT e.id, e.department_id, v.title, v.content
    FROM entry e JOIN entry_version v ON v.id = e.current_version_id
   ORDER BY v.title, e.id
   LIMIT $1)
SELECT p.id, p.title, d.slug, d.name_sv,
       (SELECT json_agg(json_build_object('code', pr->>'code', 'rationale', pr->>'rationale'))
          FROM jsonb_array_elements(p.content->'principles') pr) AS principles,
       (SELECT json_agg(json_build_object('type', r.type, 'title', tv.title, 'department', td.slug))
          FROM entry_relation r
          JOIN entry t ON t.id = r.to_entry_id
          JOIN entry_version tv ON tv.id = t.current_version_id
          JOIN department td ON td.id = t.department_id
         WHERE r.from_entry_id = p.id) AS relations,
       (SELECT json_agg(ev.number ORDER BY ev.number) FROM entry_version ev WHERE ev.entry_id = p.id) AS versions
  FROM page p JOIN department d ON d.id = p.department_id
 ORDER BY p.title, p.id`;

/**
 * 4. Auditor query: a page of 50 entries with department, principles, relations and versions,
 * through GraphQL with an auditor's token, against one hand-written SQL statement giving the
 * same data; and the SQL statements the API sends per request, for 5 and for 50 entries.
 */
export async function auditorQueryFigure(context: BenchContext): Promise<void> {
  const { client, api, options } = context;
  const group = '4. auditor query';
  const token = await context.loader.token(Role.AUDITOR);
  const headers = { authorization: `Bearer ${token}` };
  const page = (first: number) =>
    client.json<{ data: { entries: { nodes: unknown[] } } }>(
      `${api.url}/graphql`,
      { query: PAGE, variables: { first } },
      headers,
    );
  const first = await page(50);
  const expected = Math.min(50, context.published);
  if (first.data.entries.nodes.length < expected)
    throw new Error(
      `the auditor page holds ${first.data.entries.nodes.length} entries, not ${expected}`,
    );
  const statementsFor = async (n: number) => {
    const before = await api.statements();
    await page(n);
    return (await api.statements()) - before;
  };
  // Twice each, the smaller count: a token's last_used_at is written at most once a minute.
  await page(5);
  const statements50 = Math.min(await statementsFor(50), await statementsFor(50));
  const statements5 = Math.min(await statementsFor(5), await statementsFor(5));
  progress(`auditor query: ${options.rounds} pages of 50 through GraphQL and by hand`);
  const queryRunner = context.dataSource.createQueryRunner();
  try {
    const sql = stats(
      await sequentially(options.rounds, async () => void (await queryRunner.query(SQL, [50]))),
    );
    const graphql = stats(await sequentially(options.rounds, async () => void (await page(50))));
    for (const p of ['p50', 'p95'] as const) {
      const ratio = ratioOf(graphql[p], sql[p]);
      context.record({
        group,
        name: `auditor page of 50 ${p}`,
        value: graphql[p],
        unit: 'ms',
        baseline: { name: 'hand-written SQL, one statement', value: sql[p] },
        ratio,
        ...(p === 'p50' ? { goal: '≤ 2×', pass: ratio !== null && ratio <= 2 } : {}),
      });
    }
  } finally {
    await queryRunner.release();
  }
  context.record({
    group,
    name: 'auditor page SQL statements per request (50 entries)',
    value: statements50,
    unit: 'statements',
    baseline: { name: '5 entries', value: statements5 },
    ratio: ratioOf(statements50, statements5),
    goal: 'does not grow with the page size',
    pass: statements50 <= statements5,
  });
  context.record({
    group,
    name: 'auditor page SQL statements per request (5 entries)',
    value: statements5,
    unit: 'statements',
  });
  const report = async () => {
    const answer = await client.json<{ data?: unknown; errors?: unknown }>(
      `${api.url}/graphql`,
      { query: REPORT },
      headers,
    );
    if (!answer.data) throw new Error(`complianceReport: ${JSON.stringify(answer.errors)}`);
  };
  progress(`compliance report: ${options.rounds} city-wide reports`);
  const reports = stats(await sequentially(options.rounds, report));
  context.record({
    group,
    name: 'city-wide compliance report p50',
    value: reports.p50,
    unit: 'ms',
    note: `p95 ${reports.p95} ms`,
  });
}
