import { BenchContext, meili } from '../bench-context';
import { progress, sleep, stats, until } from '../bench-timing';
import { generateQueries } from '../register-generator';
import { graphqlSearchBody } from './search-overhead.figure';

/**
 * 2. Freshness: from the publishing call's start until a search straight to Meilisearch finds
 * the entry by a word only it has, over `publishes` publishes, while GraphQL searches run in the
 * background at `backgroundRate` per second.
 */
export async function freshnessFigure(context: BenchContext): Promise<void> {
  const { options, client, loader } = context;
  const queries = generateQueries(200);
  let stop = false;
  let background = 0;
  let backgroundErrors = 0;
  const load = (async () => {
    const started = performance.now();
    for (let i = 0; !stop; i++) {
      const due = started + (i * 1000) / options.backgroundRate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      void client
        .send(`${context.api.url}/graphql`, {
          body: graphqlSearchBody(queries[i % queries.length]),
        })
        .then((a) => (a.status === 200 ? background++ : backgroundErrors++))
        .catch(() => backgroundErrors++);
    }
  })();
  const run = Date.now().toString(36);
  const samples: number[] = [];
  try {
    progress(
      `freshness: ${options.publishes} publishes under ${options.backgroundRate} searches/s`,
    );
    for (let i = 0; i < options.publishes; i++) {
      const word = `fraschhet${i}x${run}`;
      const id = await loader.registerForPublication(`Färskhetsmätning ${word}`);
      const started = performance.now();
      await loader.workflow.publish(loader.actor, id, 'Benchmark: färskhet');
      await until(
        async () => {
          const result = await meili<{ hits: { id: string }[] }>(
            context,
            `/indexes/${context.meili.indexName}/search`,
            { q: word, limit: 1, attributesToRetrieve: ['id'] },
          );
          return result.hits.some((h) => h.id === id);
        },
        30_000,
        `entry ${id} searchable`,
        5,
      );
      samples.push(performance.now() - started);
    }
  } finally {
    stop = true;
    await load;
  }
  const s = stats(samples);
  const note = `${background} background searches answered, ${backgroundErrors} failed`;
  context.record({
    group: '2. freshness',
    name: 'publish → searchable p50, under search load',
    value: s.p50,
    unit: 'ms',
    note,
  });
  context.record({
    group: '2. freshness',
    name: 'publish → searchable p95, under search load',
    value: s.p95,
    unit: 'ms',
    goal: '≤ 250 ms',
    pass: s.p95 <= 250,
  });
}
