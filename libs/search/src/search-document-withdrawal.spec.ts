import { MeilisearchApiError, MeilisearchRequestError } from './meilisearch/meilisearch-sdk';
import { SearchDocumentWithdrawal, WITHDRAWAL_TIMEOUT_MS } from './search-document-withdrawal';
import { SearchLog } from './search-log';
import { SearchRuntime } from './search-runtime';

const ENTRY = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

function refused(): Error {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7700'), {
    code: 'ECONNREFUSED',
  });
  return new MeilisearchRequestError('http://127.0.0.1:7700/indexes/x/documents', cause);
}

function notFound(): Error {
  return new MeilisearchApiError(new Response('{}', { status: 404 }), {
    message: 'Index `x` not found.',
    code: 'index_not_found',
    type: 'invalid_request',
    link: '',
  });
}

/** A runtime whose client answers each deleteDocument with the next of `answers` (an error or ok). */
function runtimeAnswering(answers: (Error | 'ok')[], indexes = ['test_entries']) {
  const deletions: { index: string; id: string; at: number }[] = [];
  const warnings: unknown[] = [];
  const client = {
    getRawIndexes: async () => ({ results: indexes.map((uid) => ({ uid })) }),
    index: (index: string) => ({
      deleteDocument: async (id: string) => {
        deletions.push({ index, id, at: Date.now() });
        const answer = answers.shift() ?? 'ok';
        if (answer !== 'ok') throw answer;
        return { taskUid: deletions.length };
      },
    }),
  };
  const log: SearchLog = {
    debug: () => undefined,
    info: () => undefined,
    warn: (details, message) => warnings.push([details, message]),
    error: () => undefined,
  };
  const runtime = {
    indexName: 'test_entries',
    log,
    searchClient: async () => client,
  } as unknown as SearchRuntime;
  return { withdrawal: new SearchDocumentWithdrawal(runtime), deletions, warnings };
}

describe('SearchDocumentWithdrawal', () => {
  it('tries a refused connection again until Meilisearch takes the removal, without a warning', async () => {
    const { withdrawal, deletions, warnings } = runtimeAnswering([refused(), refused(), 'ok']);
    await withdrawal.withdraw(ENTRY, 'before commit');
    expect(deletions.map((d) => [d.index, d.id])).toEqual([
      ['test_entries', ENTRY],
      ['test_entries', ENTRY],
      ['test_entries', ENTRY],
    ]);
    expect(deletions[2].at - deletions[0].at).toBeLessThan(WITHDRAWAL_TIMEOUT_MS);
    expect(warnings).toEqual([]);
  });

  it('gives up with a warning when the connection is still refused at the deadline', async () => {
    const { withdrawal, deletions, warnings } = runtimeAnswering(
      Array.from({ length: 1000 }, refused),
    );
    const started = Date.now();
    await withdrawal.withdraw(ENTRY, 'before commit');
    const took = Date.now() - started;
    expect(took).toBeLessThanOrEqual(WITHDRAWAL_TIMEOUT_MS + 100);
    expect(deletions.length).toBeGreaterThan(2);
    expect(warnings).toEqual([
      [
        expect.objectContaining({ entryId: ENTRY, reason: 'request failed: ECONNREFUSED' }),
        'search document not removed ahead of a narrowing publication; the indexer replaces it',
      ],
    ]);
  });

  it('removes the document from a rebuild under way too, and from no other index', async () => {
    const { withdrawal, deletions } = runtimeAnswering(
      [],
      ['test_entries', 'test_entries_20261127020052123', 'test_entries_old', 'test_entriesx'],
    );
    await withdrawal.withdraw(ENTRY, 'after commit');
    expect(deletions.map((d) => d.index).sort()).toEqual([
      'test_entries',
      'test_entries_20261127020052123',
    ]);
  });

  it('does not try again when Meilisearch answered with a refusal', async () => {
    const { withdrawal, deletions, warnings } = runtimeAnswering([notFound(), 'ok']);
    await withdrawal.withdraw(ENTRY, 'before commit');
    expect(deletions).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });
});
