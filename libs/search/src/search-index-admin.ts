import { meilisearchErrorCode } from './meilisearch/meilisearch-errors';
import type { Meilisearch, Settings } from './meilisearch/meilisearch-sdk';
import { PUBLIC_INDEX_SETTINGS } from './search-index-settings';
import { SearchTaskFailedError, succeeded } from './search-tasks';

/** Settings changes reindex the documents; on a large index that takes longer than a write. */
const SETTINGS_TIMEOUT_MS = 120_000;

/**
 * When the index was created (Meilisearch's `createdAt`), or null when it does not exist: an index
 * made again (lost, then created bare by the next write) is told from the one prepared by this.
 */
export async function indexCreatedAt(client: Meilisearch, uid: string): Promise<string | null> {
  try {
    return String((await client.getRawIndex(uid)).createdAt);
  } catch (error) {
    if (meilisearchErrorCode(error) === 'index_not_found') return null;
    throw error;
  }
}

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

/**
 * Whether the index has the settings that decide what a search finds and in which order:
 * searchable (in order), filterable and sortable attributes, ranking rules (in order) and
 * separator tokens. The verify job re-applies the settings when one differs.
 */
export async function hasExpectedSettings(
  client: Meilisearch,
  uid: string,
  settings: Settings = PUBLIC_INDEX_SETTINGS,
): Promise<boolean> {
  const actual = await client.index(uid).getSettings();
  const sameSet = (a: unknown, b: unknown) => {
    const have = new Set((a as string[] | null | undefined) ?? []);
    const want = new Set((b as string[] | null | undefined) ?? []);
    return have.size === want.size && [...want].every((value) => have.has(value));
  };
  const sameList = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return (
    sameSet(actual.filterableAttributes, settings.filterableAttributes) &&
    sameSet(actual.sortableAttributes, settings.sortableAttributes) &&
    sameSet(actual.separatorTokens, settings.separatorTokens) &&
    sameList(actual.searchableAttributes, settings.searchableAttributes) &&
    sameList(actual.rankingRules, settings.rankingRules)
  );
}
