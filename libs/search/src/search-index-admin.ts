import { meilisearchErrorCode } from './meilisearch/meilisearch-errors';
import type { Meilisearch, Settings } from './meilisearch/meilisearch-sdk';
import { PUBLIC_INDEX_SETTINGS } from './search-index-settings';
import { SearchTaskFailedError, succeeded } from './search-tasks';

/** Settings changes reindex the documents; on a large index that takes longer than a write. */
const SETTINGS_TIMEOUT_MS = 120_000;

/** Whether an index exists. */
export async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid);
    return true;
  } catch (error) {
    if (meilisearchErrorCode(error) === 'index_not_found') return false;
    throw error;
  }
}

/**
 * Creates the index (primary key `id`) when missing and applies the public settings; waits for
 * Meilisearch to finish both. Idempotent: settings that are already in place change nothing.
 */
export async function ensureIndex(
  client: Meilisearch,
  uid: string,
  settings: Settings = PUBLIC_INDEX_SETTINGS,
): Promise<void> {
  if (!(await indexExists(client, uid))) {
    try {
      await succeeded(client, client.createIndex(uid, { primaryKey: 'id' }));
    } catch (error) {
      // Created by another process in the meantime: fine.
      if (!(
        error instanceof SearchTaskFailedError && error.task.error?.code === 'index_already_exists'
      ))
        throw error;
    }
  }
  await succeeded(client, client.index(uid).updateSettings(settings), SETTINGS_TIMEOUT_MS);
}

/** Whether the index's filterable and sortable attributes are the ones the code expects. */
export async function hasExpectedSettings(
  client: Meilisearch,
  uid: string,
  settings: Settings = PUBLIC_INDEX_SETTINGS,
): Promise<boolean> {
  const actual = await client.index(uid).getSettings();
  const same = (a: unknown, b: unknown) =>
    JSON.stringify([...((a as string[]) ?? [])].sort()) ===
    JSON.stringify([...((b as string[]) ?? [])].sort());
  return (
    same(actual.filterableAttributes, settings.filterableAttributes) &&
    same(actual.sortableAttributes, settings.sortableAttributes) &&
    JSON.stringify(actual.searchableAttributes) === JSON.stringify(settings.searchableAttributes)
  );
}
