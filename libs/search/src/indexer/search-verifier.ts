import { DataSource } from 'typeorm';
import { IndexedEntrySignature } from '../public-entry-document';
import { toPublicEntryDocument } from '../public-entry-document.mapper';
import { ensureIndex, hasExpectedSettings, indexExists } from '../search-index-admin';
import { SearchRuntime } from '../search-runtime';
import { succeeded } from '../search-tasks';
import { PublicEntryReader } from './public-entry.reader';
import { SearchOutboxRepository } from './search-outbox.repository';

export interface VerifyReport {
  /** Public entries in the database. */
  expected: number;
  /** Documents in the index. */
  indexed: number;
  /** Public entries without a document. */
  missing: string[];
  /** Documents whose version or content digest differs from the database. */
  stale: string[];
  /** Documents of entries that are not public. */
  strays: string[];
  /** Public entries left out of the comparison: their document is dead-lettered. */
  deadLettered: string[];
  /** The index was missing or had other settings, and was fixed. */
  settingsRepaired: boolean;
  /** Whether drift was repaired (outbox rows written, stray non-entry documents deleted). */
  repaired: boolean;
}

export interface VerifyOptions {
  /** Enqueue outbox rows for drift and delete strays; false only reports. */
  repair: boolean;
  /** Another index than the live one (a rebuild). */
  indexName?: string;
  now?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 1000;

/**
 * Compares (id, version, content digest) between the database and the index. Repairs go through
 * the outbox, so the indexer — which reads the entry's current state — settles each case: a
 * missing or stale entry is written, a stray whose entry is not public is deleted, and an entry
 * published while we compared is simply written again.
 */
export class SearchVerifier {
  private readonly reader: PublicEntryReader;
  private readonly outbox: SearchOutboxRepository;

  constructor(
    dataSource: DataSource,
    private readonly runtime: SearchRuntime,
  ) {
    this.reader = new PublicEntryReader(dataSource);
    this.outbox = new SearchOutboxRepository(dataSource);
  }

  async verify(options: VerifyOptions): Promise<VerifyReport> {
    const client = await this.runtime.writeClient();
    const indexName = options.indexName ?? this.runtime.indexName;
    const now = options.now ?? new Date();

    let settingsRepaired = false;
    if (options.repair) {
      const exists = await indexExists(client, indexName);
      if (!exists || !(await hasExpectedSettings(client, indexName))) {
        await ensureIndex(client, indexName);
        settingsRepaired = true;
      }
    }

    const expected = new Map<string, Omit<IndexedEntrySignature, 'id'>>();
    const unmappable: string[] = [];
    for await (const page of this.reader.pages()) {
      for (const source of page) {
        try {
          const { version, syncHash } = toPublicEntryDocument(source, now);
          expected.set(source.entry.id, { version, syncHash });
        } catch {
          unmappable.push(source.entry.id);
        }
      }
    }

    const indexed = new Map<string, Omit<IndexedEntrySignature, 'id'>>();
    if (await indexExists(client, indexName)) {
      const index = client.index<IndexedEntrySignature>(indexName);
      for (let offset = 0; ; offset += PAGE) {
        const { results } = await index.getDocuments({
          fields: ['id', 'version', 'syncHash'],
          limit: PAGE,
          offset,
        });
        for (const doc of results)
          indexed.set(String(doc.id), { version: doc.version, syncHash: doc.syncHash });
        if (results.length < PAGE) break;
      }
    }

    const deadLettered = await this.outbox.unresolvedDeadLetterEntryIds();
    const missing: string[] = [];
    const stale: string[] = [];
    const strays: string[] = [];
    const skipped: string[] = [];
    for (const [id, want] of expected) {
      const have = indexed.get(id);
      if (deadLettered.has(id) && (!have || have.syncHash !== want.syncHash)) skipped.push(id);
      else if (!have) missing.push(id);
      else if (have.version !== want.version || have.syncHash !== want.syncHash) stale.push(id);
    }
    for (const id of unmappable) {
      if (deadLettered.has(id)) skipped.push(id);
      else if (!indexed.has(id)) missing.push(id);
      else stale.push(id);
    }
    const publicIds = new Set([...expected.keys(), ...unmappable]);
    for (const id of indexed.keys()) if (!publicIds.has(id)) strays.push(id);

    const drift = missing.length + stale.length + strays.length > 0;
    if (options.repair && drift) {
      // Entries with outbox rows still pending are on their way (perhaps in another indexer's
      // batch in flight): reported, but not worth a second row.
      const pending = await this.outbox.pendingEntryIds();
      const repair = [...missing, ...stale, ...strays.filter((id) => UUID.test(id))];
      await this.outbox.enqueue(
        repair.filter((id) => !pending.has(id)),
        'search:verify',
      );
      const foreign = strays.filter((id) => !UUID.test(id));
      if (foreign.length)
        await succeeded(
          client,
          client.index(indexName).deleteDocuments(foreign),
          this.runtime.taskTimeoutMs,
        );
    }
    return {
      expected: publicIds.size,
      indexed: indexed.size,
      missing,
      stale,
      strays,
      deadLettered: skipped,
      settingsRepaired,
      repaired: options.repair && drift,
    };
  }
}
