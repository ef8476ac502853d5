import { createMeilisearchClient, Meilisearch } from '@insyn/search';
import { testServers } from './test-environment';

/** A client of the tests' Meilisearch with its master key: for set-up and teardown. */
export function testMeilisearchAdmin(): Meilisearch {
  const { meiliHost, meiliMasterKey } = testServers();
  return createMeilisearchClient({ host: meiliHost, apiKey: meiliMasterKey, timeoutMs: 5000 });
}

/** Deletes every index of a test file's own prefix, and waits until they are gone. */
export async function dropTestIndexes(prefix: string): Promise<void> {
  const admin = testMeilisearchAdmin();
  const { results } = await admin.getRawIndexes({ limit: 1000 });
  await Promise.all(
    results
      .filter((index) => index.uid.startsWith(prefix))
      .map((index) => admin.deleteIndex(index.uid).waitTask()),
  );
}
