import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Role } from '@insyn/access';
import { BenchContext } from '../bench-context';
import { ratioOf } from '../bench-results';
import { BenchServer, cpuMs, RequestTimeline } from '../bench-processes';
import { interleaved, progress, round, sequentially, stats } from '../bench-timing';

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

/**
 * The same data as PAGE, by hand: one statement. An auditor sees every entry's working version,
 * so the page is the current versions in the API's order (titles by the Swedish collation, then
 * entry id, as the index holds them), leaving out RETIRED as the default listing does; relations
 * in both directions, as the API gives them; versions: the published ones, the public history.
 * What the API does besides: it checks the token and the visibility policy for every entry, and
 * computes the cursors.
 */
const SQL = `
WITH page AS (
  SELECT e.id, e.department_id, v.title, v.content
    FROM entry e JOIN entry_version v ON v.id = e.current_version_id
   WHERE e.status <> 'RETIRED'
   ORDER BY (v.title COLLATE insyn_sv), v.entry_id
   LIMIT $1)
SELECT p.id, p.title, d.slug, d.name_sv,
       (SELECT json_agg(json_build_object('code', pr->>'code', 'rationale', pr->>'rationale'))
          FROM jsonb_array_elements(p.content->'principles') pr) AS principles,
       (SELECT json_agg(json_build_object('type', r.type, 'title', tv.title, 'department', td.slug)
                        ORDER BY r.created_at)
          FROM entry_relation r
          JOIN entry t
            ON t.id = CASE WHEN r.from_entry_id = p.id THEN r.to_entry_id ELSE r.from_entry_id END
          JOIN entry_version tv ON tv.id = t.current_version_id
          JOIN department td ON td.id = t.department_id
         WHERE r.from_entry_id = p.id OR r.to_entry_id = p.id) AS relations,
       (SELECT json_agg(ev.number ORDER BY ev.number) FROM entry_version ev
         WHERE ev.entry_id = p.id AND ev.state IN ('PUBLISHED', 'SUPERSEDED')) AS versions
  FROM page p JOIN department d ON d.id = p.department_id
 ORDER BY (p.title COLLATE insyn_sv), p.id`;

interface PageNode {
  id: string;
  principles: unknown[];
  relations: unknown[];
  versions: { number: number }[];
}

interface SqlRow {
  id: string;
  principles: unknown[] | null;
  relations: unknown[] | null;
  versions: number[] | null;
}

/** The API's time for a request, in parts (ms, each the median over the requests). */
interface Phases {
  total: number;
  before: number;
  sql: number;
  between: number;
  after: number;
  statements: number;
  /** Each statement's own time, in the order they were sent (requests of the usual count). */
  each: number[];
}

/**
 * Splits each request's time by its SQL statements: before the first one is sent; while at least
 * one is in flight (statements in parallel count once); between them; after the last one ends.
 * The four add up to the request's time; each part's median is taken on its own.
 */
function phasesOf(timelines: RequestTimeline[]): Phases {
  const parts = timelines
    .filter((t) => t.statements.length && t.statements.every(([, end]) => Number.isFinite(end)))
    .map(({ statements, finished }) => {
      const sorted = [...statements].sort((a, b) => a[0] - b[0]);
      let sql = 0;
      let [start, end] = sorted[0];
      for (const [s, e] of sorted.slice(1)) {
        if (s > end) {
          sql += end - start;
          [start, end] = [s, e];
        } else end = Math.max(end, e);
      }
      sql += end - start;
      const before = sorted[0][0];
      const after = finished - Math.max(...sorted.map(([, e]) => e));
      return {
        total: finished,
        before,
        sql,
        between: finished - before - sql - after,
        after,
        statements: statements.length,
        each: sorted.map(([s, e]) => e - s),
      };
    });
  if (!parts.length) throw new Error('no request of the auditor page was timed');
  const median = (key: Exclude<keyof Phases, 'each'>) =>
    round(stats(parts.map((p) => p[key])).p50, 2);
  const usual = median('statements');
  const alike = parts.filter((p) => p.statements === usual);
  return {
    each: Array.from({ length: usual }, (_, i) => round(stats(alike.map((p) => p.each[i])).p50, 2)),
    total: median('total'),
    before: median('before'),
    sql: median('sql'),
    between: median('between'),
    after: median('after'),
    statements: median('statements'),
  };
}

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
    client.json<{ data: { entries: { nodes: PageNode[] } } }>(
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
  // Twice each, the smaller count: a token's last_used_at is written at most once a minute, and
  // the rate limit's store counts a token's requests a few at a time (RateLimitLeases).
  await page(5);
  const statements50 = Math.min(await statementsFor(50), await statementsFor(50));
  const statements5 = Math.min(await statementsFor(5), await statementsFor(5));
  progress(`auditor query: ${options.rounds} pages of 50 through GraphQL and by hand`);
  const queryRunner = context.dataSource.createQueryRunner();
  try {
    // The baseline must give the same data: the same entries in the same order, with as many
    // principles and relations, and the same versions.
    const shape = (
      rows: { id: string; principles: number; relations: number; versions: number[] }[],
    ) => JSON.stringify(rows);
    const byHand = (await queryRunner.query(SQL, [50])) as SqlRow[];
    const graphqlShape = shape(
      first.data.entries.nodes.map((n) => ({
        id: n.id,
        principles: n.principles.length,
        relations: n.relations.length,
        versions: n.versions.map((v) => v.number),
      })),
    );
    const sqlShape = shape(
      byHand.map((r) => ({
        id: r.id,
        principles: r.principles?.length ?? 0,
        relations: r.relations?.length ?? 0,
        versions: r.versions ?? [],
      })),
    );
    if (graphqlShape !== sqlShape)
      throw new Error('the hand-written SQL does not give the auditor page that GraphQL gives');
    // The same statement served over HTTP by a bare Node endpoint: what any API process adds
    // (a request, JSON both ways, one more hop) before any of Insyn's own work.
    const endpoint = await BenchServer.start('sql', { BENCH_DATABASE_URL: context.databaseUrl });
    let sql: ReturnType<typeof stats>;
    let served: ReturnType<typeof stats>;
    let graphql: ReturnType<typeof stats>;
    let cpuBefore: number | null;
    let cpuAfter: number | null;
    try {
      const serve = () =>
        client.json<{ data: SqlRow[] }>(endpoint.url!, { sql: SQL, values: [50] });
      if ((await serve()).data.length !== byHand.length)
        throw new Error('the bare SQL endpoint does not give the rows the statement gives');
      // The API's CPU time per page: steadier than latency on a shared machine. The API does
      // nothing else meanwhile: the other two works do not reach it.
      cpuBefore = cpuMs(api.pid);
      const samples = await interleaved(options.rounds, {
        sql: async () => void (await queryRunner.query(SQL, [50])),
        served: async () => void (await serve()),
        graphql: async () => void (await page(50)),
      });
      cpuAfter = cpuMs(api.pid);
      sql = stats(samples.sql);
      served = stats(samples.served);
      graphql = stats(samples.graphql);
    } finally {
      await endpoint.stop();
    }
    // The same statement with nothing else going on: interleaved with the API's pages, each
    // of its runs follows a request whose process is still at work (garbage, logs, sockets)
    // on a machine of few cores, which the statement's own time then includes.
    const alone = stats(
      await sequentially(options.rounds, async () => void (await queryRunner.query(SQL, [50]))),
    );
    // Where the API's time goes: as many pages again, each split by its SQL statements.
    await api.timelines('start');
    await sequentially(options.rounds, async () => void (await page(50)));
    const parts = phasesOf(await api.timelines('stop'));
    // The stack's floor for an auditor: the smallest operation, with the same token.
    const trivial = stats(
      await sequentially(options.rounds, async () => {
        await client.json(`${api.url}/graphql`, { query: '{ __typename }' }, headers);
      }),
    );
    // BENCH_PROFILE_DIR: a CPU profile of the API (auditor.cpuprofile) during as many pages
    // again, after the measured ones: the profiler's own cost must not count in the figures.
    const profileDir = process.env.BENCH_PROFILE_DIR;
    if (profileDir) {
      await api.profile('start');
      await sequentially(options.rounds, async () => void (await page(50)));
      await api.profile('stop', join(resolve(profileDir), 'auditor.cpuprofile'));
    }
    const cpuPerPage =
      cpuBefore === null || cpuAfter === null
        ? null
        : round((cpuAfter - cpuBefore) / options.rounds, 2);
    // The floor under the API's own work: graphql-js executing the same page, the API's answer
    // held in memory, in a process of its own with the API's NODE_ENV (graphql-floor.ts).
    const floor = spawnSync(process.execPath, [join(__dirname, '..', 'graphql-floor.js')], {
      input: JSON.stringify({
        query: PAGE,
        variables: { first: 50 },
        data: first.data,
        rounds: Math.max(200, options.rounds),
      }),
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    if (floor.status !== 0) throw new Error(`graphql-floor failed: ${floor.stderr}`);
    const floorCpu = round((JSON.parse(floor.stdout) as { cpuMs: number }).cpuMs, 2);
    // The verdict takes the statement both ways: in turns its runs pay for the API's leftover
    // work, which flatters the ratio; alone it is measured at another moment.
    const ratioAlone = ratioOf(graphql.p50, alone.p50);
    for (const p of ['p50', 'p95'] as const) {
      const ratio = ratioOf(graphql[p], sql[p]);
      context.record({
        group,
        name: `auditor page of 50 ${p}`,
        value: graphql[p],
        unit: 'ms',
        baseline: { name: 'hand-written SQL, one statement', value: sql[p] },
        ratio,
        ...(p === 'p50'
          ? {
              goal: '≤ 2×, also against the statement alone',
              pass: ratio !== null && ratio <= 2 && ratioAlone !== null && ratioAlone <= 2,
              note: `API CPU per page ${cpuPerPage ?? '—'} ms; against the statement alone ${ratioAlone ?? '—'}×`,
            }
          : {}),
      });
    }
    context.record({
      group,
      name: 'auditor page of 50 p50, against the same SQL served by a bare Node endpoint',
      value: graphql.p50,
      unit: 'ms',
      baseline: { name: 'node:http + pg, rows as JSON', value: served.p50 },
      ratio: ratioOf(graphql.p50, served.p50),
      note: `bare endpoint p95 ${served.p95} ms`,
    });
    context.record({
      group,
      name: 'auditor page of 50 p50, against the statement measured alone',
      value: graphql.p50,
      unit: 'ms',
      baseline: { name: 'hand-written SQL, no request meanwhile', value: alone.p50 },
      ratio: ratioAlone,
      note: `the statement interleaved with pages: p50 ${sql.p50} ms`,
    });
    const partsOfPage: [keyof Omit<Phases, 'total' | 'statements' | 'each'>, string, string][] = [
      [
        'before',
        'before its first SQL statement',
        'HTTP, middleware, Apollo (parse, validate, cost), up to the token check',
      ],
      [
        'sql',
        'with SQL in flight',
        `${parts.statements} statements (each, in the order sent: ${parts.each.join(', ')} ms); while one or more is in flight, its rows read by pg`,
      ],
      [
        'between',
        'between its statements',
        'the guard, the arguments, building the statements, rows into views',
      ],
      ['after', 'after its last statement', 'resolving the fields, the answer as JSON, writing it'],
    ];
    for (const [key, when, note] of partsOfPage)
      context.record({
        group,
        name: `auditor page of 50: the API's time ${when} (p50)`,
        value: parts[key],
        unit: 'ms',
        baseline: { name: 'the whole page, as the API saw it', value: parts.total },
        ratio: ratioOf(parts[key], parts.total),
        note,
      });
    context.record({
      group,
      name: 'auditor { __typename } p50, with the same token',
      value: trivial.p50,
      unit: 'ms',
      baseline: { name: 'hand-written SQL, no request meanwhile', value: alone.p50 },
      ratio: ratioOf(trivial.p50, alone.p50),
      note: 'the least an authenticated operation costs: HTTP, Apollo, Nest and the token check',
    });
    context.record({
      group,
      name: 'auditor page of 50: graphql-js alone, the same page from memory (CPU)',
      value: floorCpu,
      unit: 'ms',
      baseline: { name: 'API CPU per page', value: cpuPerPage },
      ratio: ratioOf(floorCpu, cpuPerPage),
      note: "the floor under the API's own reading of the page",
    });
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
  await asOfCountFigure(context, group);
}

const AS_OF_COUNT = `query AsOfCount($asOf: DateTime, $filter: EntryFilterInput) {
  entries(asOf: $asOf, filter: $filter) { totalCount }
}`;

/**
 * The public register as of a moment, counted whole: with a filter on what a withholding may
 * hide (each version judged by its own withholdings on that day and the published version's
 * today, as the as-of view shows it), against the same count unfiltered.
 */
async function asOfCountFigure(context: BenchContext, group: string): Promise<void> {
  const { client, api, options } = context;
  const asOf = new Date().toISOString();
  const count = async (filter: object | null) => {
    const answer = await client.json<{
      data?: { entries: { totalCount: number } };
      errors?: unknown;
    }>(`${api.url}/graphql`, { query: AS_OF_COUNT, variables: { asOf, filter } });
    if (!answer.data) throw new Error(`as-of count: ${JSON.stringify(answer.errors)}`);
    return answer.data.entries.totalCount;
  };
  const missing = { impactAssessmentMissing: ['FRIA'] };
  const [all, lacking] = [await count(null), await count(missing)];
  const rounds = Math.max(20, Math.round(options.rounds / 5));
  progress(`as-of counts: ${rounds} of each`);
  const samples = await interleaved(rounds, {
    plain: async () => void (await count(null)),
    filtered: async () => void (await count(missing)),
  });
  const [plain, filtered] = [stats(samples.plain), stats(samples.filtered)];
  context.record({
    group,
    name: 'public count as of now, filtered on a missing impact assessment p50',
    value: filtered.p50,
    unit: 'ms',
    baseline: { name: 'the same count unfiltered', value: plain.p50 },
    ratio: ratioOf(filtered.p50, plain.p50),
    note: `${lacking} of ${all} entries; p95 ${filtered.p95} ms`,
  });
}
