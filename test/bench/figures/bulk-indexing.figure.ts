import { BenchContext, meili, waitForTask } from '../bench-context';
import { ratioOf } from '../bench-results';
import { progress, round, until } from '../bench-timing';

/**
 * 3. Bulk indexing: the backlog the load left in the search outbox (the indexer was not running)
 * indexed by the indexer process, from its start until the outbox is empty, against adding the
 * same documents (read back from the index) to a fresh index with the same settings, in batches
 * of 1,000, straight to Meilisearch.
 */
export async function bulkIndexingFigure(
  context: BenchContext,
  startIndexer: () => Promise<void>,
): Promise<void> {
  const pending = async () =>
    Number(
      (
        await context.dataSource.query(
          'SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL',
        )
      )[0].n,
    );
  const backlog = await pending();
  progress(`bulk indexing: ${backlog} outbox rows for ${context.published} published entries`);
  const started = performance.now();
  await startIndexer();
  await until(async () => (await pending()) === 0, 3_600_000, 'the outbox drained', 100);
  const outboxSeconds = (performance.now() - started) / 1000;
  const { indexName } = context.meili;
  const stats = await meili<{ numberOfDocuments: number }>(context, `/indexes/${indexName}/stats`);

  // The same documents, read back, into a fresh index with the live index's settings. The
  // registry never holds this second index: it is set apart from Meilisearch's memory figure.
  const directIndexing = async () => {
    const documents: unknown[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await meili<{ results: unknown[] }>(
        context,
        `/indexes/${indexName}/documents/fetch`,
        { offset, limit: 1000 },
      );
      documents.push(...page.results);
      if (page.results.length < 1000) break;
    }
    const direct = `${indexName}_bench_direct`;
    const settings = await meili<Record<string, unknown>>(
      context,
      `/indexes/${indexName}/settings`,
    );
    await waitForTask(
      context,
      (await meili<{ taskUid: number }>(context, '/indexes', { uid: direct, primaryKey: 'id' }))
        .taskUid,
    );
    await waitForTask(
      context,
      (await meili<{ taskUid: number }>(context, `/indexes/${direct}/settings`, settings, 'PATCH'))
        .taskUid,
    );
    progress(`bulk indexing: ${documents.length} documents straight to Meilisearch`);
    const directStarted = performance.now();
    const tasks: number[] = [];
    for (let i = 0; i < documents.length; i += 1000) {
      const task = await meili<{ taskUid: number }>(
        context,
        `/indexes/${direct}/documents`,
        documents.slice(i, i + 1000),
      );
      tasks.push(task.taskUid);
    }
    for (const task of tasks) await waitForTask(context, task);
    const seconds = (performance.now() - directStarted) / 1000;
    await waitForTask(
      context,
      (await meili<{ taskUid: number }>(context, `/indexes/${direct}`, undefined, 'DELETE'))
        .taskUid,
    );
    return { documents: documents.length, seconds };
  };
  const { documents, seconds: directSeconds } = context.meili.peaks
    ? await context.meili.peaks.excluding(directIndexing)
    : await directIndexing();
  const ratio = ratioOf(outboxSeconds, directSeconds);
  context.record({
    group: '3. bulk indexing',
    name: 'bulk indexing through the outbox',
    value: round(outboxSeconds),
    unit: 's',
    baseline: {
      name: `addDocuments of the same ${documents} documents, batches of 1,000`,
      value: round(directSeconds),
    },
    ratio,
    goal: '≤ 1.5×',
    pass: ratio !== null && ratio <= 1.5,
    note: `${backlog} outbox rows, ${stats.numberOfDocuments} documents; includes the indexer's start`,
  });
}
