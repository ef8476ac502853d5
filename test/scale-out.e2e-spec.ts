import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { findFreePort } from '@insyn/embedded-services';
import { INSYN_ENTITIES } from '@insyn/registry';
import { createMeilisearchClient } from '@insyn/search';
import {
  createPublishedEntry,
  createTestTokens,
  eventually,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
  TestSmtpServer,
} from '@insyn/testing';

/**
 * More than one machine, for real: two API processes and two indexers, built from dist and
 * started as `npm run start:api` and `npm run start:indexer` start them, on one PostgreSQL and
 * one Meilisearch (the e2e servers). The throttle holds in sum across the APIs; an indexer killed
 * mid-batch loses and doubles nothing; the mail outbox is sent once with two workers.
 */
const ROOT = join(__dirname, '..');
const ENTRIES = 400;
const LEASE_SECONDS = 3;
const CONTACT_SECRET = 'scale-out-contact-secret-0123456789abcdef';
const INDEX = 'insyn_entries'; // the default index prefix `insyn`: this file alone uses it

/** The local ports of a process's TCP sockets (Linux /proc): its backends in pg_stat_activity. */
function tcpPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      // closed while being read
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length > 9 && inodes.has(columns[9]))
        ports.push(parseInt(columns[1].split(':')[1], 16));
    }
  }
  return ports;
}

/** One process from dist, its output kept for failure messages. */
class Started {
  readonly process: ChildProcess;
  output = '';

  constructor(
    readonly name: string,
    script: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(process.execPath, [join(ROOT, 'dist', script)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: string) => {
      this.output += chunk;
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    this.process.stdout!.setEncoding('utf8').on('data', keep);
    this.process.stderr!.setEncoding('utf8').on('data', keep);
  }

  get pid(): number {
    return this.process.pid!;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** Waits until `check` holds, failing with this process's output if it exits or time runs out. */
  async until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`${this.name} exited before ${what}:\n${this.output}`);
      if (await check()) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill(signal);
    await exited;
  }
}

describe('scale-out: two APIs and two indexers on one PostgreSQL and Meilisearch', () => {
  let database: TestDatabase;
  let db: DataSource;
  let smtp: TestSmtpServer;
  const processes: Started[] = [];
  const dataDirs: string[] = [];
  let apiPorts: number[] = [];
  const entryIds: string[] = [];
  let survivor: Started;

  /** A statement as the tables' owner (the app role may neither create nor read test tables). */
  const asOwner = async (sql: string): Promise<unknown[]> => {
    const owner = new Client({ connectionString: database.migrationUrl });
    await owner.connect();
    try {
      return (await owner.query(sql)).rows;
    } finally {
      await owner.end();
    }
  };
  const meili = () =>
    createMeilisearchClient({
      host: testServers().meiliHost,
      apiKey: testServers().meiliMasterKey,
      timeoutMs: 10_000,
    });

  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const dataDir = mkdtempSync(join(tmpdir(), 'insyn-scale-'));
    dataDirs.push(dataDir);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      MEILI_HOST: testServers().meiliHost,
      MEILI_MASTER_KEY: testServers().meiliMasterKey,
      INSYN_DATA_DIR: dataDir,
      INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
      INSYN_CONTACT_SECRET: CONTACT_SECRET,
      INSYN_DEMO_DATA: 'false',
      INSYN_PUBLIC_URL: 'https://insyn.example.org',
      INSYN_MAIL_FROM: 'Insyn <insyn@example.org>',
      ...extra,
    };
  };
  const startApi = async (name: string) => {
    const port = await findFreePort();
    const api = new Started(
      name,
      'apps/registry-api/src/main.js',
      // As `npm run start:api`; the test is the trusted proxy that names each client.
      env({ PORT: String(port), INSYN_RUN_INDEXER: 'false', INSYN_TRUSTED_PROXIES: 'loopback' }),
    );
    processes.push(api);
    await api.until(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
      } catch {
        return false;
      }
    }, 'healthy /health');
    return port;
  };
  const startIndexer = async (name: string) => {
    const indexer = new Started(
      name,
      'apps/indexer/src/main.js',
      env({ SMTP_URL: smtp.url, INSYN_INDEXER_LEASE_SECONDS: String(LEASE_SECONDS) }),
    );
    processes.push(indexer);
    await indexer.until(() => indexer.output.includes('search indexer started'), 'start');
    return indexer;
  };
  beforeAll(async () => {
    // As `npm run start:api` and `start:indexer` do: build, then run dist.
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: ROOT });
    database = await TestDatabase.create('scale-out');
    db = await database.dataSource([...INSYN_ENTITIES, ...CONCERN_ENTITIES], 8);
    smtp = await new TestSmtpServer().start();
    await meili()
      .deleteIndex(INDEX)
      .waitTask()
      .catch(() => undefined);
    // Every transition of an outbox row to processed, with who made it: "exactly once" is seen
    // in the database, not inferred. (As the tables' owner: the app role may create nothing.)
    await asOwner(`CREATE TABLE test_processed (id bigint, owner text)`);
    await asOwner(`CREATE FUNCTION test_log_processed() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER AS $$
      BEGIN INSERT INTO test_processed VALUES (NEW.id, NEW.lease_owner); RETURN NEW; END $$`);
    await asOwner(`CREATE TRIGGER test_log_processed AFTER UPDATE ON search_outbox FOR EACH ROW
      WHEN (OLD.processed_at IS NULL AND NEW.processed_at IS NOT NULL)
      EXECUTE FUNCTION test_log_processed()`);
    // A backlog before any indexer runs: published entries, each with its outbox row.
    for (let i = 0; i < ENTRIES; i += 25) {
      const created = await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          createPublishedEntry(db, {
            department: `department-${(i + j) % 4}`,
            content: { title: `Skalning ${i + j}` },
          }),
        ),
      );
      entryIds.push(...created.map((c) => c.entry.id));
    }
    apiPorts = [await startApi('api A'), await startApi('api B')];
  }, 400_000);

  afterAll(async () => {
    for (const started of processes) await started.stop().catch(() => undefined);
    await smtp?.stop();
    await db?.destroy();
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await meili()
      .deleteIndex(INDEX)
      .waitTask()
      .catch(() => undefined);
  });

  it('splits a backlog between two indexers; after one is killed mid-batch the other finishes it: nothing lost, nothing doubled', async () => {
    // Both start at once; whichever first holds rows it has claimed and not yet confirmed (in the
    // middle of a batch) is killed, the other must finish.
    const starting = Promise.allSettled([startIndexer('indexer A'), startIndexer('indexer B')]);
    // The first to hold claimed, unconfirmed rows is frozen (SIGSTOP), so that what it holds can
    // be read without a race against its own confirmation; a statement it had already sent is
    // let finish first. If it holds nothing by then (it confirmed just before), it is let go on.
    let victim: Started | undefined;
    let victimOwner = '';
    let heldByVictim: string[] = [];
    const deadline = Date.now() + 60_000;
    while (!victim) {
      if (Date.now() > deadline) throw new Error('no indexer was caught holding rows within 60 s');
      const held: { owner: string }[] = await db.query(
        `SELECT lease_owner AS owner FROM search_outbox
         WHERE lease_owner IS NOT NULL AND processed_at IS NULL AND lease_until > now() LIMIT 1`,
      );
      const candidate = held.length
        ? processes.find((p) => p.pid === Number(held[0].owner.split(':').at(-2)))
        : undefined;
      if (!candidate || candidate.exited) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      candidate.process.kill('SIGSTOP');
      const ports = tcpPortsOf(candidate.pid);
      expect(ports.length).toBeGreaterThan(0); // else "none active" below would say nothing
      await eventually(
        async () =>
          Number(
            (
              await db.query(
                `SELECT count(*) AS n FROM pg_stat_activity
                 WHERE client_port = ANY($1) AND state = 'active'`,
                [ports],
              )
            )[0].n,
          ),
        (active: number) => active === 0,
        { timeoutMs: 10_000, what: "the frozen indexer's statements to end" },
      );
      const unconfirmed = (
        (await db.query(
          'SELECT id::text AS id FROM search_outbox WHERE lease_owner = $1 AND processed_at IS NULL',
          [held[0].owner],
        )) as { id: string }[]
      ).map((r) => r.id);
      if (unconfirmed.length) {
        victim = candidate;
        victimOwner = held[0].owner;
        heldByVictim = unconfirmed;
      } else candidate.process.kill('SIGCONT');
    }
    const victimPid = victim.pid;
    // Killed with what it holds: claimed, never confirmed.
    await victim.stop('SIGKILL');
    expect(victimOwner).toContain(`:${victimPid}:`);
    const started = await starting;
    const survivors = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    survivor = survivors.find((p) => p.pid !== victimPid)!;
    expect(survivor).toBeDefined();

    // The survivor finishes everything, the victim's claimed rows included once its lease ends.
    await eventually(
      async () =>
        Number(
          (await db.query('SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL'))[0]
            .n,
        ),
      (pending: number) => pending === 0,
      { timeoutMs: 90_000, what: 'an empty outbox' },
    );

    // Nothing lost: every published entry is in the index, and found by a search.
    const index = meili().index(INDEX);
    const { results } = await index.getDocuments({ limit: ENTRIES + 10, fields: ['id'] });
    expect(results.map((d) => d.id as string).sort()).toEqual([...entryIds].sort());
    const found = await index.search('skalning', { limit: 0 });
    expect(found.estimatedTotalHits).toBe(ENTRIES);

    // Nothing doubled: each outbox row went to processed exactly once, by one worker, with no
    // attempt counted for the crash.
    const transitions = (await asOwner(
      'SELECT id::text AS id, count(*) AS n FROM test_processed GROUP BY id',
    )) as { id: string; n: string }[];
    const rows: { id: string; attempts: number; lease_owner: string }[] = await db.query(
      'SELECT id::text AS id, attempts, lease_owner FROM search_outbox',
    );
    expect(rows.length).toBeGreaterThanOrEqual(ENTRIES);
    expect(transitions).toHaveLength(rows.length);
    expect(transitions.filter((t) => Number(t.n) !== 1)).toEqual([]);
    expect(rows.filter((r) => r.attempts !== 0)).toEqual([]);
    // The rows A held when it died were taken over and confirmed by B.
    const byId = new Map(rows.map((r) => [r.id, r.lease_owner]));
    expect(heldByVictim.length).toBeGreaterThan(0);
    for (const id of heldByVictim) expect(byId.get(id)).toContain(`:${survivor.pid}:`);
  }, 240_000);

  it('holds the throttle limit in sum across both API processes (600 a minute per address)', async () => {
    const client = '198.51.100.7';
    const statuses = new Map<number, number[]>(apiPorts.map((port) => [port, []]));
    const ask = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.arrayBuffer();
      statuses.get(port)!.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    };
    // 700 requests, alternating between the two processes, ten at a time.
    for (let i = 0; i < 700; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, j) => ask(apiPorts[(i + j) % 2])));
    const all = [...statuses.values()].flat();
    expect(all.filter((s) => s === 200)).toHaveLength(600);
    expect(all.filter((s) => s === 429)).toHaveLength(100);
    // Each process alone would have let 600 through; both refused once the sum was reached.
    for (const port of apiPorts)
      expect(statuses.get(port)!.filter((s) => s === 429).length).toBeGreaterThan(0);
  }, 120_000);

  it('gives made-up tokens no budget of their own on either API process', async () => {
    // The outside probe's shape: `{ __typename }` (no resolver, so no authentication) with a fresh
    // random token each time. Each counts for the address and as a refused token, in sum across
    // both processes: past 30 a minute the address's token requests are refused.
    const client = '198.51.100.8';
    const statuses: number[] = [];
    const ask = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': client,
          authorization: `Bearer insyn_${randomBytes(32).toString('base64url')}`,
        },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    };
    for (let i = 0; i < 200; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, j) => ask(apiPorts[(i + j) % 2])));
    const allowed = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // At least the 30 refusals the limit counts; a few more when requests in flight read the
    // count before the others' refusals were written. (Each with its own bucket: all 200.)
    expect(allowed).toBeGreaterThanOrEqual(30);
    expect(allowed).toBeLessThanOrEqual(50);
  }, 120_000);

  it('sends every concern notification exactly once with two mail workers', async () => {
    // A replacement for the killed indexer, so that two workers send the mail outbox.
    await startIndexer('a replacement indexer');
    const tokens = await createTestTokens(db);
    const CONCERNS = 16;
    const entries = await Promise.all(
      Array.from({ length: CONCERNS }, (_, i) =>
        createPublishedEntry(db, { department: 'department-a', content: { title: `Ärende ${i}` } }),
      ),
    );
    const graphql = async (
      i: number,
      query: string,
      variables: Record<string, unknown>,
      token?: string,
    ) => {
      const response = await fetch(`http://127.0.0.1:${apiPorts[i % 2]}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `203.0.113.${i + 1}`,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    // Filed through one API, acknowledged by the department through the other.
    await Promise.all(
      entries.map(async ({ entry }, i) => {
        const { fileConcern } = await graphql(
          i,
          `
            mutation ($input: FileConcernInput!) {
              fileConcern(input: $input) {
                concern {
                  id
                }
              }
            }
          `,
          {
            input: {
              entryId: entry.id,
              principleCodes: ['PRIVACY_AND_SECURITY'],
              category: 'ACCURACY',
              text: `Concern number ${i}`,
              contactEmail: `resident${i}@example.org`,
              language: 'SV',
              consentToPublish: false,
            },
          },
        );
        await graphql(
          i + 1,
          `
            mutation ($input: RespondToConcernInput!) {
              respondToConcern(input: $input) {
                id
              }
            }
          `,
          { input: { id: fileConcern.concern.id, status: 'ACKNOWLEDGED' } },
          tokens.editorA,
        );
      }),
    );
    const queued = Number((await db.query('SELECT count(*) AS n FROM mail_outbox'))[0].n);
    expect(queued).toBe(CONCERNS);
    await eventually(
      async () =>
        Number(
          (
            await db.query(
              'SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL',
            )
          )[0].n,
        ),
      (pending: number) => pending === 0,
      { timeoutMs: 60_000, what: 'the mail outbox sent' },
    );
    // Delivered once each: as many deliveries as messages, no Message-ID twice, every resident.
    const ids = smtp.deliveries.map((d) => d.messageId);
    expect(ids).toHaveLength(CONCERNS);
    expect(new Set(ids).size).toBe(CONCERNS);
    expect(smtp.deliveries.flatMap((d) => d.to).sort()).toEqual(
      Array.from({ length: CONCERNS }, (_, i) => `resident${i}@example.org`).sort(),
    );
  }, 120_000);
});
