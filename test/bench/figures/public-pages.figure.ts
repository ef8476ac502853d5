import autocannon from 'autocannon';
import { BenchContext } from '../bench-context';
import { ratioOf } from '../bench-results';
import { progress, round, sequentially, stats } from '../bench-timing';

const FILE = `mutation File($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode } }`;

/**
 * 5. Public pages and concerns: the richest published entry's page (SQL through the visibility
 * policy, render, headers), its revalidation by ETag (304) at full speed against full answers,
 * and filing concerns with the concern throttle on (each from its own address, through
 * X-Forwarded-For from loopback, a trusted proxy, so that no filing is refused).
 */
export async function publicPagesFigure(context: BenchContext): Promise<void> {
  const { client, api, options } = context;
  const group = '5. public pages and concerns';
  const [{ slug, id }] = (await context.dataSource.query(
    `SELECT e.slug, e.id FROM entry e JOIN entry_version v ON v.id = e.published_version_id
      ORDER BY length(v.content::text) DESC, e.slug LIMIT 1`,
  )) as { slug: string; id: string }[];
  const url = `${api.url}/sv/entries/${slug}`;
  progress(`public pages: ${options.rounds} renders of /sv/entries/${slug}`);
  let etag = '';
  const render = stats(
    await sequentially(options.rounds, async () => {
      const answer = await client.send(url);
      if (answer.status !== 200) throw new Error(`entry page answered ${answer.status}`);
      etag = String(answer.headers.etag ?? '');
    }),
  );
  context.record({
    group,
    name: 'entry page render p95',
    value: render.p95,
    unit: 'ms',
    note: `p50 ${render.p50} ms`,
    goal: '≤ 50 ms',
    pass: render.p95 <= 50,
  });
  if (!etag) throw new Error('the entry page has no ETag');
  const cannon = async (headers: Record<string, string>, status: number) => {
    let wrong = 0;
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationS,
      headers,
      expectBody: undefined,
    }).then((r) => r);
    wrong = status === 304 ? result['2xx'] : result.non2xx;
    if (result.errors || wrong)
      throw new Error(`autocannon ${url}: ${result.errors} errors, ${wrong} unexpected answers`);
    return round(result.requests.average, 1);
  };
  progress('public pages: ETag revalidation throughput');
  const revalidated = await cannon({ 'if-none-match': etag }, 304);
  const full = await cannon({}, 200);
  context.record({
    group,
    name: 'ETag revalidation throughput',
    value: revalidated,
    unit: 'req/s',
    baseline: { name: 'full page answers', value: full },
    ratio: ratioOf(revalidated, full),
  });
  progress(`public pages: ${options.rounds} concerns filed`);
  const concerns = stats(
    await sequentially(options.rounds, async (i) => {
      await client.json(
        `${api.url}/graphql`,
        {
          query: FILE,
          variables: {
            input: {
              entryId: id,
              principleCodes: ['PRIVACY_AND_SECURITY'],
              category: 'PRIVACY',
              text: `Hur länge sparas bilderna? Fråga nummer ${i} från benchmarken.`,
              consentToPublish: false,
            },
          },
        },
        { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      );
    }),
  );
  context.record({
    group,
    name: 'concern filing p95, throttling on',
    value: concerns.p95,
    unit: 'ms',
    note: `p50 ${concerns.p50} ms`,
  });
}
