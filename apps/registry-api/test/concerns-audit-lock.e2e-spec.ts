import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AUDIT_CHAIN_LOCK } from '@insyn/audit';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, eventually, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) { concern { id } }
}`;
const RESPOND = `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { id status } }`;

/**
 * A transaction that holds the audit chain's lock needs no second connection from the pool:
 * every other audited write waits for that lock holding a pool connection, so a holder that
 * asked the pool for one more, with the pool full of those waiters, would wait forever, and with
 * it every audited write of every process on the database.
 */
describe('concerns: the audit chain lock and the connection pool', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let entryId: string;
  /** Outside the API's pool, as the app role: sees the locks, may cancel the API's statements. */
  let watcher: Client;

  beforeAll(async () => {
    const plenty = { points: 10_000, windowSeconds: 60 };
    api = await RegistryApiHarness.start(
      'concerns-audit-lock',
      {},
      {
        concernThrottle: { filePerClient: plenty, fileGlobal: plenty, codeMissesPerClient: plenty },
      },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    entryId = await new EntrySetup(api.app, tokens).published(EntryKind.DATASET, 'Låsordning');
    watcher = new Client({ connectionString: api.database.url });
    await watcher.connect();
  });
  afterAll(async () => {
    await watcher?.end();
    await api?.stop();
  });

  const file = (i: number) =>
    api.graphql().data(FILE, {
      input: {
        entryId,
        principleCodes: ['PRIVACY_AND_SECURITY'],
        category: 'ACCURACY',
        text: `A concern about the lock order (${i})`,
        contactEmail: `lock${i}@example.org`,
        language: 'SV',
        consentToPublish: false,
      },
    });
  /** Transactions of this database waiting for the audit chain's lock. */
  const chainWaiters = async () =>
    Number(
      (
        await watcher.query(
          `SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [AUDIT_CHAIN_LOCK],
        )
      ).rows[0].n,
    );

  it('acknowledges a concern with contact (its e-mail queued) while every pool connection waits for the chain', async () => {
    const poolSize = (db.options as { extra: { max: number } }).extra.max;
    const filed = (await file(0)).fileConcern as { concern: { id: string } };

    // The chain is held from outside while the acknowledgement (it queues the resident's e-mail)
    // and then more filings than the pool has connections line up for it, the acknowledgement
    // first: the filings fill the pool, one waits for a connection.
    const holder = new Client({ connectionString: api.database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const settled: Promise<unknown>[] = [];
    const track = (request: Promise<unknown>) =>
      settled.push(
        request.then(
          () => 'done',
          (error: Error) => error.message,
        ),
      );
    track(
      api
        .graphql(tokens.editorA)
        .data(RESPOND, { input: { id: filed.concern.id, status: 'ACKNOWLEDGED' } }),
    );
    await eventually(chainWaiters, (n: number) => n === 1, { what: 'the acknowledgement waiting' });
    for (let i = 1; i <= poolSize; i++) track(file(i));
    await eventually(chainWaiters, (n: number) => n === poolSize, { what: 'a full pool waiting' });
    await holder.query('COMMIT');
    await holder.end();

    // Each takes the chain in turn and commits; none waits for the pool while holding it.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'stuck'>((resolve) => {
      timer = setTimeout(() => resolve('stuck'), 20_000);
    });
    const outcome = await Promise.race([Promise.all(settled), deadline]);
    clearTimeout(timer);
    if (outcome === 'stuck') {
      // Ends the deadlock so that the API can stop: the waiters' statements are cancelled.
      await watcher.query(
        `SELECT pg_cancel_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [AUDIT_CHAIN_LOCK],
      );
      await Promise.all(settled);
    }
    expect(outcome).toEqual(Array.from({ length: poolSize + 1 }, () => 'done'));
    const [queued] = await db.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE purpose = 'concern-acknowledged'`,
    );
    expect(queued.n).toBe(1);
  }, 90_000);

  it('refuses a filing that meets a retirement under way, once the retirement commits', async () => {
    const retiring = await new EntrySetup(api.app, tokens).published(
      EntryKind.DATASET,
      'Pensioneras under anmälan',
    );
    // A retirement that has written the entry's row and not committed yet.
    const retirement = new Client({ connectionString: api.database.url });
    await retirement.connect();
    try {
      await retirement.query('BEGIN');
      await retirement.query(
        `UPDATE entry SET status = 'RETIRED', retired_at = now() WHERE id = $1`,
        [retiring],
      );
      const filing = api.graphql().request(FILE, {
        input: {
          entryId: retiring,
          principleCodes: ['PRIVACY_AND_SECURITY'],
          category: 'ACCURACY',
          text: 'Filed while the entry was being retired',
          language: 'SV',
          consentToPublish: false,
        },
      });
      const waiters = async () =>
        Number(
          (
            await watcher.query(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%'`,
            )
          ).rows[0].n,
        );
      await eventually(waiters, (n: number) => n === 1, { what: 'the filing waiting' });
      await retirement.query('COMMIT');
      const answer = await filing;
      expect(answer.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.entryId', message: 'only published entries accept concerns' },
      ]);
      const [row] = await db.query(`SELECT count(*)::int AS n FROM concern WHERE entry_id = $1`, [
        retiring,
      ]);
      expect(row.n).toBe(0);
    } finally {
      await retirement.end();
    }
  });
});
