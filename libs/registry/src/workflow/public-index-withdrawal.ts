/** When a withdrawal runs: in the publication's transaction, or once it has committed. */
export type WithdrawalMoment = 'before commit' | 'after commit';

/**
 * Takes an entry's document out of the public search index, for a publication that narrows what
 * the public may learn (EntryWorkflowService.publish): a withholding added, a value of a
 * withholdable field removed or changed. It runs twice. Before the publication commits, so its
 * removal reaches the search engine before the document the indexer then writes from the outbox
 * row; the old document, with what is no longer public, is not searchable in between, even while
 * no indexer runs. And once it has committed: a document read from the database before the
 * commit (by an indexer batch in flight, or a rebuild) may reach the search engine after the
 * first removal, but not after the second (an indexer that sends one later checks the entry's
 * published version once it has, and writes it again). It never fails the publication
 * (withholding must never wait on search): a search engine it cannot reach answers no searches
 * either, and the outbox row still converges the index. The search capability provides it to the
 * API; without it (the bench's loader, which publishes through the services directly) nothing is
 * removed ahead of the indexer.
 */
export abstract class PublicIndexWithdrawal {
  abstract withdraw(entryId: string, moment: WithdrawalMoment): Promise<void>;
}
