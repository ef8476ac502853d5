import { DataSource } from 'typeorm';
import {
  PublicEntryDocument,
  PublicEntryReader,
  SearchIndexer,
  SearchRuntime,
  toPublicEntryDocument,
} from '@insyn/search';
import { eventually } from '@insyn/testing';

/**
 * Leaves the index as an earlier version of Insyn did (its settings, and the entries' documents
 * without a field added since, so that their digests differ from today's), then starts the
 * indexer as `npm start` does: settings applied at start, and its first verify finds the old
 * documents stale and rewrites them. Resolves with the running indexer once they are.
 */
export async function startFromPreviousIndex(options: {
  dataSource: DataSource;
  runtime: SearchRuntime;
  databaseUrl: string;
  entryIds: string[];
  previousSettings: Record<string, unknown>;
  addedSince: keyof PublicEntryDocument;
}): Promise<SearchIndexer> {
  const { dataSource, runtime, entryIds } = options;
  const client = await runtime.writeClient();
  await client.createIndex(runtime.indexName, { primaryKey: 'id' }).waitTask();
  await client.index(runtime.indexName).updateSettings(options.previousSettings).waitTask();
  const sources = await new PublicEntryReader(dataSource).load(entryIds);
  const oldDocuments = [...sources.values()].map((source) => {
    const document: Partial<PublicEntryDocument> = toPublicEntryDocument(source);
    delete document[options.addedSince];
    return { ...document, syncHash: 'previous-version' };
  });
  await client.index(runtime.indexName).addDocuments(oldDocuments).waitTask();

  const indexer = new SearchIndexer(dataSource, runtime, {
    listenUrl: options.databaseUrl,
    verifyIntervalMs: 60_000,
  });
  await indexer.start();
  await eventually(
    () => indexer.verifier.verify({ repair: false }),
    (report) =>
      report.expected === entryIds.length &&
      report.missing.length + report.stale.length + report.strays.length === 0,
    { timeoutMs: 30_000, what: 'the old documents to be rewritten' },
  );
  return indexer;
}
