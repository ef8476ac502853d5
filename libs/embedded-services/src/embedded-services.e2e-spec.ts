import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { testServers } from '@insyn/testing';
import { EmbeddedChild, exited } from '../test-fixtures/child-process';
import { DataFolderInUseError } from './data-folder';
import { startServices, temporaryDataDir } from './embedded-services';
import { commandLineOf, descendantsOf, isProcessAlive, processStartTime } from './process-control';
import { sharedCacheRoot } from './postgres-binaries';
import { ServiceLog } from './service-log';

/** A log that keeps warnings and errors for assertions. */
function recordingLog(): ServiceLog & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
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

describe('startServices (embedded PostgreSQL and Meilisearch)', () => {
  it('refuses a second process, then recovers from a SIGKILLed one: leftover servers stopped, data kept', async () => {
    const dataDir = temporaryDataDir('insyn-crash-');
    const child = new EmbeddedChild('services', dataDir);
    try {
      const first = JSON.parse(await child.nextLine(60_000)) as {
        pid: number;
        databaseUrl: string;
        meiliHost: string;
        meiliMasterKey: string;
        pids: number[];
      };
      expect(first.pids).toHaveLength(2);

      // While it runs: a second start is refused, naming the holder; the CLI may attach.
      const refused = await startServices({ dataDir, log: recordingLog() }).catch((e) => e);
      expect(refused).toBeInstanceOf(DataFolderInUseError);
      expect((refused as DataFolderInUseError).pid).toBe(child.pid);
      const attached = await startServices({ dataDir, attach: true, log: recordingLog() });
      expect(attached.databaseUrl).toBe(first.databaseUrl);
      expect(attached.meiliHost).toBe(first.meiliHost);
      expect(attached.pids).toEqual([]);
      await attached.stop(); // stops nothing it did not start
      expect(first.pids.every(isProcessAlive)).toBe(true);

      // The master key is not on Meilisearch's command line, where every user could read it.
      const meiliPid = first.pids[1];
      expect(commandLineOf(meiliPid)).toMatch(/meilisearch/);
      expect(commandLineOf(meiliPid)).not.toContain(first.meiliMasterKey);

      await sql(first.databaseUrl, 'CREATE TABLE crash_probe (note text)');
      await sql(first.databaseUrl, `INSERT INTO crash_probe VALUES ('written before the crash')`);
      await addDocuments(first.meiliHost, first.meiliMasterKey, 'crash_probe', [
        { id: 1, note: 'indexed before the crash' },
      ]);

      child.process.kill('SIGKILL');
      await exited(child.process);
      // What the issue is about: the servers outlive their parent and still hold the folder.
      expect(first.pids.every(isProcessAlive)).toBe(true);

      const log = recordingLog();
      const services = await startServices({ dataDir, log });
      try {
        expect(first.pids.some(isProcessAlive)).toBe(false);
        expect(log.warnings.join('\n')).toMatch(/leftover PostgreSQL/);
        expect(log.warnings.join('\n')).toMatch(/leftover Meilisearch/);
        expect(services.meiliMasterKey).toBe(first.meiliMasterKey);
        expect(await sql(services.databaseUrl, 'SELECT note FROM crash_probe')).toEqual([
          { note: 'written before the crash' },
        ]);
        const { body } = await meili(
          services.meiliHost,
          services.meiliMasterKey,
          '/indexes/crash_probe/documents/1',
        );
        expect(body).toEqual({ id: 1, note: 'indexed before the crash' });
      } finally {
        await services.stop();
      }
    } finally {
      child.process.kill('SIGKILL');
      await exited(child.process);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('works from a data folder inside a private (mode 700) folder, keeps data across starts, and stop() leaves no process', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'insyn-private-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const dataDir = join(privateDir, 'data');
    const notice = join(dataDir, 'postgres-cluster-location.txt');
    const asRoot = process.getuid?.() === 0;
    let clusterDir = join(dataDir, 'postgres');
    try {
      const services = await startServices({ dataDir, log: recordingLog() });
      const postmaster = services.pids[0];
      if (asRoot) {
        // PostgreSQL runs as the `postgres` user, who cannot enter a root-only folder: the cluster
        // moves to a shared folder and a notice in the data folder says where.
        clusterDir = readFileSync(notice, 'utf8').trim();
        expect(clusterDir.startsWith(sharedCacheRoot() + '/')).toBe(true);
        expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(false);
        expect(uidOf(postmaster)).not.toBe(0);
      } else {
        // As an ordinary user the folder is the user's own: the cluster stays where it was asked.
        expect(existsSync(notice)).toBe(false);
        expect(uidOf(postmaster)).toBe(process.getuid!());
      }
      expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
      await sql(services.databaseUrl, 'CREATE TABLE private_probe (note text)');
      await sql(services.databaseUrl, `INSERT INTO private_probe VALUES ('kept')`);

      // Every process of the servers, backends included, with start times against pid reuse.
      const spawned = services.pids.flatMap((pid) => [pid, ...descendantsOf(pid)]).map(identify);
      expect(spawned.length).toBeGreaterThan(2);
      await services.stop();
      expect(spawned.filter(stillRunning)).toEqual([]);
      expect(existsSync(join(dataDir, 'insyn.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'meilisearch', 'meilisearch.pid'))).toBe(false);

      const again = await startServices({ dataDir, log: recordingLog() });
      try {
        if (asRoot) expect(readFileSync(notice, 'utf8').trim()).toBe(clusterDir);
        expect(await sql(again.databaseUrl, 'SELECT note FROM private_probe')).toEqual([
          { note: 'kept' },
        ]);
      } finally {
        await again.stop();
      }
      expect(again.pids.filter(isProcessAlive)).toEqual([]);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
      if (asRoot && clusterDir.startsWith(sharedCacheRoot()))
        rmSync(clusterDir, { recursive: true, force: true });
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
