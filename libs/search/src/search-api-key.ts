import { createHash } from 'node:crypto';
import { meilisearchErrorCode } from './meilisearch/meilisearch-errors';
import type { Meilisearch } from './meilisearch/meilisearch-sdk';

/** Everything the API and the indexer do in Meilisearch, and nothing else (no key management). */
export const APP_KEY_ACTIONS = [
  'search',
  'documents.add',
  'documents.get',
  'documents.delete',
  'indexes.create',
  'indexes.get',
  'indexes.update',
  'indexes.delete',
  'indexes.swap',
  'tasks.get',
  'settings.get',
  'settings.update',
] as const;

/** The indexes the key may touch: this installation's own (`<prefix>_entries`, rebuilds). */
export function appKeyIndexes(indexPrefix: string): string[] {
  return [`${indexPrefix}_*`];
}

/**
 * A fixed key uid per prefix and permission set, so that every start finds the same key and a
 * change of permissions (which Meilisearch cannot update on a key) yields a new one.
 */
export function appKeyUid(indexPrefix: string): string {
  const hex = createHash('sha256')
    .update(
      JSON.stringify([
        'insyn-app-key',
        1,
        indexPrefix,
        APP_KEY_ACTIONS,
        appKeyIndexes(indexPrefix),
      ]),
    )
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The app's key, found or created through the master-key client (the only use of the master key).
 * Returns the key's secret value; callers must not log it.
 */
export async function ensureAppKey(admin: Meilisearch, indexPrefix: string): Promise<string> {
  const uid = appKeyUid(indexPrefix);
  try {
    return (await admin.getKey(uid)).key;
  } catch (error) {
    if (meilisearchErrorCode(error) !== 'api_key_not_found') throw error;
  }
  try {
    const created = await admin.createKey({
      uid,
      name: `insyn-app-${indexPrefix}`,
      description: `Insyn registry API and indexer for the indexes ${appKeyIndexes(indexPrefix).join(', ')}`,
      actions: [...APP_KEY_ACTIONS],
      indexes: appKeyIndexes(indexPrefix),
      expiresAt: null,
    });
    return created.key;
  } catch (error) {
    // Another process created it between our two calls.
    if (meilisearchErrorCode(error) === 'api_key_already_exists')
      return (await admin.getKey(uid)).key;
    throw error;
  }
}
