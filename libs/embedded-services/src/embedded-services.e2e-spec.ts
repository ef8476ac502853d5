import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  mkdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';
import { eventually, testServers } from '@insyn/testing';
import { EmbeddedChild, exited } from '../test-fixtures/child-process';
import { DataFolderInUseError } from './data-folder';
import { CLUSTER_NOTICE, EXTERNAL_CLUSTER_ROOT } from './embedded-postgres';
import {
  MixedServersError,
  removeDataDir,
  RunningServices,
  startServices,
  temporaryDataDir,
} from './embedded-services';
import {
  commandLineOf,
  descendantsOf,
  isProcessAlive,
  processStartTime,
  serverProcessesHolding,
} from './process-control';
import { ServiceLog } from './service-log';

/** A log that keeps what it is told for assertions: warnings and errors, and every line. */
function recordingLog(): ServiceLog & { warnings: string[]; lines: string[] } {
  const warnings: string[] = [];
  const lines: string[] = [];
  return {
    warnings,
    lines,
    debug: () => undefined,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`) && warnings.push(message),
    error: (message) => lines.push(`error: ${message}`) && warnings.push(message),
  };
}

async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function meili(
  host: string,
  key: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${host}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: await response.json() };
}

/** Adds documents and polls the task until Meilisearch reports it succeeded. */
async function addDocuments(host: string, key: string, index: string, docs: object[]) {
  const { body: task } = await meili(host, key, `/indexes/${index}/documents`, {
    method: 'POST',
    body: docs,
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await meili(host, key, `/tasks/${task.taskUid}`);
    if (body.status === 'succeeded') return;
    if (body.status === 'failed' || Date.now() > deadline)
      throw new Error(`indexing task ${task.taskUid}: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A process identity that survives pid reuse: pid plus start time. */
type Identity = { pid: number; started: number | undefined };
const identify = (pid: number): Identity => ({ pid, started: processStartTime(pid) });
const stillRunning = ({ pid, started }: Identity) =>
  isProcessAlive(pid) && processStartTime(pid) === started;

const isPostgres = (executable: string) => basename(executable) === 'postgres';
const isMeilisearch = (executable: string) => basename(executable).startsWith('meilisearch');

/** SQL that waits for a server to come back: retried until it answers or the deadline passes. */
async function sqlEventually<T>(url: string, text: string): Promise<T[]> {
  const { value } = await eventually(
    () => sql<T>(url, text),
    () => true,
    { timeoutMs: 30_000, what: `PostgreSQL to answer ${text}` },
  );
  return value;
}

describe('startServices (embedded PostgreSQL and Meilisearch)', () => {
  /**
   * One instance in a child process, then the life of its data folder: a second start while it
   * runs, its death by SIGKILL with its servers' pid files gone, the start that follows, and
   * crashes of the servers of that start. The steps share the servers to keep the suite fast.
   */
  describe('an instance, its crash and the next start', () => {
    const dataDir = temporaryDataDir('insyn-crash-');
    const meiliDir = join(dataDir, 'meilisearch');
    let child: EmbeddedChild;
    let first: {
      pid: number;
      databaseUrl: string;
      migrationUrl: string;
      meiliHost: string;
      meiliMasterKey: string;
      pids: number[];
    };
    let next: RunningServices | undefined;
    const nextLog = recordingLog();

    beforeAll(async () => {
      child = new EmbeddedChild('services', dataDir);
      first = JSON.parse(await child.nextLine(60_000)) as typeof first;
      expect(first.pids).toHaveLength(2);
    });
    afterAll(async () => {
      child.process.kill('SIGKILL');
      await exited(child.process);
      await next?.stop();
      removeDataDir(dataDir);
    });

    it('refuses a second start while it runs, with its lock file deleted or garbled too, and never stops its servers', async () => {
      // The servers themselves: their children (autovacuum workers, backends) come and go.
      const servers = first.pids.map(identify);
      const refusedWith = async () => {
        const error = await startServices({ dataDir, log: recordingLog() }).catch((e) => e);
        expect(error).toBeInstanceOf(DataFolderInUseError);
        return (error as DataFolderInUseError).pid;
      };
      expect(await refusedWith()).toBe(child.pid);
      rmSync(join(dataDir, 'insyn.lock'));
      expect(await refusedWith()).toBe(child.pid);
      writeFileSync(join(dataDir, 'insyn.lock'), 'garbage');
      expect(await refusedWith()).toBe(child.pid);
      writeFileSync(join(dataDir, 'insyn.lock'), '0');
      expect(await refusedWith()).toBe(child.pid);

      // Its servers ran on untouched all along, and still serve.
      expect(servers.filter((s) => !stillRunning(s))).toEqual([]);
      expect(await sql(first.databaseUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect((await fetch(`${first.meiliHost}/health`)).status).toBe(200);

      // The CLI may attach, and stopping what it attached to stops nothing.
      const attached = await startServices({ dataDir, attach: true, log: recordingLog() });
      expect(attached.databaseUrl).toBe(first.databaseUrl);
      expect(attached.migrationUrl).toBe(first.migrationUrl);
      expect(attached.meiliHost).toBe(first.meiliHost);
      expect(attached.pids).toEqual([]);
      // And learns where the running process's API serves, for the links it writes.
      expect(attached.attachedTo?.publicUrl).toBe('http://localhost:3999');
      await attached.stop();
      expect(first.pids.every(isProcessAlive)).toBe(true);
      // Not with one server of the configuration's and one of the running process's: one
      // registry's database read, another's search index written.
      for (const other of [
        { databaseUrl: 'postgres://app@127.0.0.1:1/other' },
        { meiliHost: 'http://127.0.0.1:1' },
      ])
        await expect(
          startServices({ dataDir, attach: true, log: recordingLog(), ...other }),
        ).rejects.toThrow(MixedServersError);
      // Its own servers named again are its own.
      const named = await startServices({
        dataDir,
        attach: true,
        log: recordingLog(),
        databaseUrl: first.databaseUrl,
      });
      expect(named.meiliHost).toBe(first.meiliHost);

      // The master key is not on Meilisearch's command line, where every user could read it.
      const meiliPid = first.pids[1];
      expect(commandLineOf(meiliPid)).toMatch(/meilisearch/);
      expect(commandLineOf(meiliPid)).not.toContain(first.meiliMasterKey);
    });

    it('after SIGKILL of the instance with the pid files deleted, the next start stops every orphan and keeps the data', async () => {
      // As the owner: the app role creates no tables.
      await sql(first.migrationUrl, 'CREATE TABLE crash_probe (note text)');
      await sql(first.migrationUrl, `INSERT INTO crash_probe VALUES ('written before the crash')`);
      await addDocuments(first.meiliHost, first.meiliMasterKey, 'crash_probe', [
        { id: 1, note: 'indexed before the crash' },
      ]);
      // A client stays connected: its backend keeps PostgreSQL's shared memory in use.
      const client = new Client({ connectionString: first.databaseUrl });
      client.on('error', () => undefined); // its server is about to be stopped
      await client.connect();
      const cluster = realpathSync(join(dataDir, 'postgres'));
      const orphans = serverProcessesHolding(cluster, isPostgres)
        .concat(serverProcessesHolding(realpathSync(meiliDir), isMeilisearch))
        .map(identify);
      expect(orphans.length).toBeGreaterThan(3); // postmaster, its helpers, the backend, meilisearch

      child.process.kill('SIGKILL');
      await exited(child.process);
      rmSync(join(cluster, 'postmaster.pid'));
      rmSync(join(meiliDir, 'meilisearch.pid'));
      // What the issue is about: the servers outlive their parent and still hold the folder.
      expect(orphans.filter((o) => !stillRunning(o))).toEqual([]);

      next = await startServices({ dataDir, log: nextLog });
      await client.end().catch(() => undefined);
      expect(orphans.filter(stillRunning)).toEqual([]);
      expect(nextLog.warnings.join('\n')).toMatch(/stopping a leftover PostgreSQL/);
      expect(nextLog.warnings.join('\n')).toMatch(/stopping a leftover Meilisearch/);
      // One Meilisearch on the data, not two.
      expect(serverProcessesHolding(realpathSync(meiliDir), isMeilisearch)).toEqual([next.pids[1]]);
      expect(next.meiliMasterKey).toBe(first.meiliMasterKey);
      expect(await sql(next.migrationUrl!, 'SELECT note FROM crash_probe')).toEqual([
        { note: 'written before the crash' },
      ]);
      const { body } = await meili(
        next.meiliHost,
        next.meiliMasterKey,
        '/indexes/crash_probe/documents/1',
      );
      expect(body).toEqual({ id: 1, note: 'indexed before the crash' });
    });

    it('restarts a PostgreSQL or Meilisearch that dies, on the same address, and logs it', async () => {
      const services = next!;
      const [postmaster, meiliPid] = services.pids;
      const backends = descendantsOf(postmaster).map(identify);
      process.kill(postmaster, 'SIGKILL');
      expect(await sqlEventually(services.migrationUrl!, 'SELECT note FROM crash_probe')).toEqual([
        { note: 'written before the crash' },
      ]);
      expect(services.pids[0]).not.toBe(postmaster);
      expect(backends.filter(stillRunning)).toEqual([]);

      process.kill(meiliPid, 'SIGKILL');
      const { value: body } = await eventually(
        async () =>
          (
            await meili(
              services.meiliHost,
              services.meiliMasterKey,
              '/indexes/crash_probe/documents/1',
            )
          ).body as unknown,
        (found) =>
          JSON.stringify(found) === JSON.stringify({ id: 1, note: 'indexed before the crash' }),
        { timeoutMs: 30_000, what: 'Meilisearch to serve again' },
      );
      expect(body).toEqual({ id: 1, note: 'indexed before the crash' });
      expect(services.pids[1]).not.toBe(meiliPid);

      // The supervisor logs a restart once the server serves, which a client may see first.
      const { value: log } = await eventually(
        async () => nextLog.lines.join('\n'),
        (lines) => (lines.match(/restarted \(pid/g) ?? []).length === 2,
        { what: 'both restarts to be logged' },
      );
      expect(log).toMatch(
        new RegExp(
          `warn: embedded PostgreSQL \\(pid ${postmaster}\\) exited unexpectedly with SIGKILL; restarting it in \\d+ ms`,
        ),
      );
      expect(log).toMatch(
        new RegExp(`info: embedded PostgreSQL restarted \\(pid ${services.pids[0]}\\)`),
      );
      expect(log).toMatch(
        new RegExp(
          `warn: embedded Meilisearch \\(pid ${meiliPid}\\) exited unexpectedly with SIGKILL`,
        ),
      );
      expect(log).toMatch(
        new RegExp(`info: embedded Meilisearch restarted \\(pid ${services.pids[1]}\\)`),
      );
      expect(log).not.toMatch(/^error:/m);

      // Stopped on purpose, they stay stopped: stop() leaves no process and no pending restart.
      const all = services.pids.flatMap((pid) => [pid, ...descendantsOf(pid)]).map(identify);
      await services.stop();
      next = undefined;
      expect(all.filter(stillRunning)).toEqual([]);
    });
  });

  it('works from a data folder inside a private (mode 700) folder, keeps its data somewhere lasting, and stop() leaves no process', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'insyn-private-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const dataDir = join(privateDir, 'data');
    const notice = join(dataDir, CLUSTER_NOTICE);
    const asRoot = process.getuid?.() === 0;
    let clusterDir = join(dataDir, 'postgres');
    try {
      const services = await startServices({ dataDir, log: recordingLog() });
      const postmaster = services.pids[0];
      if (asRoot) {
        // PostgreSQL runs as the `postgres` user, who cannot enter a root-only folder: the cluster
        // is kept in a persistent system folder, and a notice in the data folder says where.
        clusterDir = readFileSync(notice, 'utf8').trim();
        expect(clusterDir.startsWith(EXTERNAL_CLUSTER_ROOT + '/')).toBe(true);
        expect(readFileSync(`${clusterDir}.data-folder`, 'utf8').trim()).toBe(dataDir);
        expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(false);
        expect(uidOf(postmaster)).not.toBe(0);
      } else {
        // As an ordinary user the folder is the user's own: the cluster stays where it was asked.
        expect(existsSync(notice)).toBe(false);
        expect(uidOf(postmaster)).toBe(process.getuid!());
      }
      expect(services.locations.postgres).toBe(clusterDir);
      expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
      await sql(services.migrationUrl!, 'CREATE TABLE private_probe (note text)');
      await sql(services.migrationUrl!, `INSERT INTO private_probe VALUES ('kept')`);

      // The apps get the app role and the owner, never the superuser; their passwords are
      // generated into the data folder like the other secrets.
      const who = `SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreaterole AS createrole,
                          (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS database_owner
                     FROM pg_roles r WHERE r.rolname = current_user`;
      const plain = { superuser: false, createrole: false, database_owner: 'insyn_owner' };
      expect(await sql(services.databaseUrl, who)).toEqual([{ role: 'insyn_app', ...plain }]);
      expect(await sql(services.migrationUrl!, who)).toEqual([{ role: 'insyn_owner', ...plain }]);
      for (const secret of ['postgres-owner-password', 'postgres-app-password']) {
        expect(statSync(join(dataDir, secret)).mode & 0o777).toBe(0o600);
        expect(services.databaseUrl + services.migrationUrl).not.toContain('insyn:');
      }
      // What an earlier version created as the superuser is handed to the owner on the next start.
      await sql(services.adminUrl!, 'CREATE TABLE legacy_probe (note text)');

      // Every process of the servers, backends included, with start times against pid reuse.
      const spawned = services.pids.flatMap((pid) => [pid, ...descendantsOf(pid)]).map(identify);
      expect(spawned.length).toBeGreaterThan(2);
      await services.stop();
      expect(spawned.filter(stillRunning)).toEqual([]);
      expect(existsSync(join(dataDir, 'insyn.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'meilisearch', 'meilisearch.pid'))).toBe(false);

      // A cluster that an earlier version kept in /var/tmp (which systems clean) moves.
      const legacy = `/var/tmp/insyn-embedded/cluster-test-${basename(privateDir)}`;
      if (asRoot) {
        mkdirSync(dirname(legacy), { recursive: true });
        // As an earlier version left it: the cluster there (owner kept), and no note beside it.
        execFileSync('mv', [clusterDir, legacy]);
        rmSync(`${clusterDir}.data-folder`);
        writeFileSync(notice, legacy + '\n');
      }
      const log = recordingLog();
      const again = await startServices({ dataDir, log });
      try {
        if (asRoot) {
          expect(existsSync(legacy)).toBe(false);
          expect(readFileSync(notice, 'utf8').trim()).toBe(
            join(EXTERNAL_CLUSTER_ROOT, basename(legacy)),
          );
          expect(log.warnings.join('\n')).toContain(`moved the PostgreSQL cluster from ${legacy}`);
          clusterDir = join(EXTERNAL_CLUSTER_ROOT, basename(legacy));
        }
        expect(await sql(again.migrationUrl!, 'SELECT note FROM private_probe')).toEqual([
          { note: 'kept' },
        ]);
        expect(
          await sql(
            again.migrationUrl!,
            `SELECT tableowner FROM pg_tables WHERE tablename = 'legacy_probe'`,
          ),
        ).toEqual([{ tableowner: 'insyn_owner' }]);
      } finally {
        await again.stop();
      }
      expect(again.pids.filter(isProcessAlive)).toEqual([]);

      // Removing the data folder the way tests do takes its cluster along: nothing left behind.
      removeDataDir(dataDir);
      expect(existsSync(clusterDir)).toBe(false);
      expect(existsSync(`${clusterDir}.data-folder`)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      if (existsSync(dataDir)) removeDataDir(dataDir);
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it('embeds only what the configuration does not name, and nothing when both are named', async () => {
    const { databaseUrl, meiliHost, meiliMasterKey } = testServers();
    const dataDir = temporaryDataDir('insyn-partial-');
    try {
      const partial = await startServices({
        dataDir,
        databaseUrl,
        persistent: false,
        log: recordingLog(),
      });
      expect(partial.embedded).toEqual({ postgres: false, meilisearch: true });
      expect(partial.databaseUrl).toBe(databaseUrl);
      expect(partial.pids).toHaveLength(1);
      expect((await fetch(`${partial.meiliHost}/health`)).status).toBe(200);
      await partial.stop();
      expect(isProcessAlive(partial.pids[0])).toBe(false);
      expect(existsSync(dataDir)).toBe(false); // throwaway data leaves no folder behind

      const named = await startServices({
        dataDir: join(dataDir, 'never-created'),
        databaseUrl,
        meiliHost,
        meiliMasterKey,
        log: recordingLog(),
      });
      expect(named).toMatchObject({ databaseUrl, meiliHost, meiliMasterKey, pids: [] });
      expect(named.embedded).toEqual({ postgres: false, meilisearch: false });
      expect(existsSync(join(dataDir, 'never-created'))).toBe(false);
      await named.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function uidOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}
