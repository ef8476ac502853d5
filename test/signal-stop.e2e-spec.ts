import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  commandLineOf,
  descendantsOf,
  findFreePort,
  isProcessAlive,
  removeDataDir,
  temporaryDataDir,
} from '@insyn/embedded-services';
import { Client } from 'pg';
import { DEMO_SEED_LOCK } from '@insyn/registry';
import { AppProcess, builtMain, cleanEnvironment, eventually } from '@insyn/testing';

/** Pids of the processes whose command line names the folder (the embedded servers' data). */
function processesUsing(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (command.includes(folder) && !command.includes('main.js')) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Waits until no process of the folder's embedded servers is left (fails after 10 s). */
async function noServerLeft(folder: string): Promise<void> {
  await eventually(
    async () => processesUsing(folder),
    (left) => left.length === 0,
    { what: 'no embedded server left', timeoutMs: 10_000 },
  );
}

/**
 * `npm start`'s API on a data folder, running (it starts the embedded servers there), and the
 * environment for processes attached to it.
 */
async function runningApi(dataDir: string, started: AppProcess[]) {
  const env = { ...cleanEnvironment(), LOG_LEVEL: 'info', INSYN_DATA_DIR: dataDir };
  const api = new AppProcess(builtMain('registry-api'), {
    ...env,
    PORT: String(await findFreePort()),
  });
  started.push(api);
  await api.printed(/Insyn is running at/, 120_000);
  return { api, env };
}

/** The names of a process's children (Linux: /proc/<pid>/stat of every process). */
function childrenOf(parent: number): string[] {
  const names: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // "pid (comm) state ppid …": comm may hold spaces and brackets, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (Number(stat.slice(close + 2).split(' ')[1]) === parent)
        names.push(stat.slice(stat.indexOf('(') + 1, close));
    } catch {
      // Gone meanwhile.
    }
  }
  return names;
}

/**
 * The indexer and the CLI, started on an empty data folder, start the embedded servers
 * themselves; a signal must stop those servers too, as the API's does. (They used to be left
 * running: the indexer had no SIGHUP handler, the CLI none at all.)
 */
describe('a signal stops the embedded servers that the indexer or the CLI started', () => {
  const folders: string[] = [];
  const started: AppProcess[] = [];
  afterAll(() => {
    for (const app of started) app.kill();
    for (const folder of folders) removeDataDir(folder);
  });

  const start = (
    app: 'indexer' | 'registry-cli' | 'registry-api',
    args: string[] = [],
    env: Record<string, string> = {},
    options: { ownGroup?: boolean } = {},
  ) => {
    const dataDir = temporaryDataDir('insyn-signal-');
    folders.push(dataDir);
    const process = new AppProcess(
      builtMain(app),
      { ...cleanEnvironment(), LOG_LEVEL: 'info', INSYN_DATA_DIR: dataDir, ...env },
      args,
      options,
    );
    started.push(process);
    return { process, dataDir };
  };

  it('the indexer, on SIGHUP (a closed terminal), once it runs', async () => {
    const { process, dataDir } = start('indexer');
    await process.printed(/embedded servers started/, 120_000);
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);
    process.process.kill('SIGHUP');
    expect(await process.exit(60_000)).toBe(0);
    await noServerLeft(dataDir);
  });

  it('the API, on SIGTERM while its PostgreSQL does not answer (every process of it stopped)', async () => {
    const { process, dataDir } = start('registry-api', [], { PORT: String(await findFreePort()) });
    await process.printed(/Insyn is running at/, 120_000);
    const postmaster = processesUsing(dataDir).find((pid) =>
      commandLineOf(pid)?.includes('postgres'),
    )!;
    const postgres = [postmaster, ...descendantsOf(postmaster)];
    for (const pid of postgres) globalThis.process.kill(pid, 'SIGSTOP');
    // Its pools' end() waits for answers that never come: the servers are stopped anyway.
    process.process.kill('SIGTERM');
    expect(await process.exit(60_000)).toBe(1);
    expect(process.output).toMatch(/did not stop in time/);
    await noServerLeft(dataDir);
    expect(postgres.filter(isProcessAlive)).toEqual([]);
  });

  it('the API, on SIGTERM while it seeds the demo: the seeding ends, its token is shown, nothing starts after, stopped', async () => {
    const { process, dataDir } = start('registry-api', [], { PORT: String(await findFreePort()) });
    await process.printed(/embedded servers started/, 120_000);
    // The seeding waits for this lock (one seeding at a time): held here, the signal comes while
    // the demo is being seeded, whatever the machine's speed.
    const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as {
      databaseUrl: string;
    };
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [DEMO_SEED_LOCK]);
      await process.printed(/Nest application successfully started/, 120_000);
      await eventually(
        async () =>
          Number(
            (
              await holder.query(
                `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
              )
            ).rows[0].n,
          ),
        (waiting) => waiting > 0,
        { what: 'the seeding to wait for the lock', timeoutMs: 30_000, intervalMs: 20 },
      );
      process.process.kill('SIGTERM');
      await process.printed(/"msg":"stopping"/, 10_000);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [DEMO_SEED_LOCK]).catch(() => undefined);
      await holder.end();
    }
    // It used to go on while stopping: its workers started after the stop, then "failed to
    // start" (exit 1), and the demo it had seeded had its admin token shown never.
    expect(await process.exit(60_000)).toBe(0);
    const output = process.output;
    expect(output).toMatch(/Demo admin token \(shown once\): insyn_/);
    expect(output).not.toMatch(/failed to start/);
    const afterStop = output.slice(output.indexOf('"msg":"stopping"'));
    expect(afterStop).not.toMatch(/search indexer started|concerns worker started/);
    expect(afterStop).toMatch(/"msg":"stopped"/);
    await noServerLeft(dataDir);
  });

  it('the API, on SIGINT while its first start initialises PostgreSQL: says the servers were starting, then stops them', async () => {
    const { process, dataDir } = start('registry-api', [], { PORT: String(await findFreePort()) });
    await process.printed(/initialised a PostgreSQL cluster/, 120_000);
    process.process.kill('SIGINT');
    expect(await process.exit(60_000)).toBe(0);
    const afterStop = process.output.slice(process.output.indexOf('"msg":"stopping"'));
    // They read as started anyway, after "stopping" (probe X13).
    expect(afterStop).not.toContain('"msg":"embedded servers started"');
    expect(afterStop).toContain(
      '"msg":"embedded servers started (they were starting when the stop came): stopping them"',
    );
    expect(afterStop).toContain('"msg":"stopped"');
    expect(process.output).not.toContain('Insyn is running');
    await noServerLeft(dataDir);
  });

  it('the API, on a terminal’s Ctrl-C (SIGINT to its whole process group, PostgreSQL starting too) during its first start: stopped, not failed (probe Z, Z1)', async () => {
    const { process, dataDir } = start(
      'registry-api',
      [],
      { PORT: String(await findFreePort()) },
      { ownGroup: true },
    );
    // While initdb runs (a child of the API's, found in /proc): it gets the signal too.
    await eventually(
      async () => childrenOf(process.process.pid!).includes('initdb'),
      (running) => running,
      { timeoutMs: 120_000, intervalMs: 10, what: 'initdb running' },
    );
    process.signalGroup('SIGINT');
    expect(await process.exit(60_000)).toBe(0);
    // Its last lines may still be in the pipe when the exit is seen.
    await eventually(
      async () => process.output,
      // Both said (their order in the pipe may differ from their times when initdb is cut).
      (output) => output.includes('"msg":"stopping"') && output.includes('"msg":"stopped"'),
      { timeoutMs: 10_000, what: 'the "stopping" and "stopped" lines' },
    );
    expect(process.output).not.toContain('failed to start');
    await noServerLeft(dataDir);
  });

  it('the CLI, on SIGTERM while it starts them', async () => {
    const { process, dataDir } = start('registry-cli', ['search:verify']);
    // As soon as its PostgreSQL runs: the command has not begun yet.
    await eventually(
      async () => processesUsing(dataDir),
      (running) => running.length > 0,
      { what: 'the CLI’s PostgreSQL to start', timeoutMs: 120_000, intervalMs: 20 },
    );
    process.process.kill('SIGTERM');
    expect(await process.exit(60_000)).toBe(143);
    await noServerLeft(dataDir);
  });
});

/**
 * An indexer attached to a running `npm start` uses that process's embedded servers. When it
 * stops (or restarts, its servers then on new ports), the indexer used to retry the old
 * addresses for ever while search went stale; it now says so and stops, exit 1.
 */
describe('an indexer attached to a running npm start', () => {
  const dataDir = temporaryDataDir('insyn-attached-');
  const started: AppProcess[] = [];
  afterAll(() => {
    for (const app of started) app.kill();
    removeDataDir(dataDir);
  });

  it('stops with a message naming what happened when that npm start stops', async () => {
    const { api, env } = await runningApi(dataDir, started);
    const indexer = new AppProcess(builtMain('indexer'), env);
    started.push(indexer);
    await indexer.printed(/search indexer started/, 60_000);
    expect(indexer.output).not.toMatch(/embedded servers started/);

    api.process.kill('SIGINT');
    expect(await api.exit(60_000)).toBe(0);
    expect(await indexer.exit(60_000)).toBe(1);
    expect(indexer.output).toMatch(
      /the npm start this indexer attached to \(pid \d+\) has stopped or restarted; stopping/,
    );
    expect(processesUsing(dataDir)).toEqual([]);
  });
});

/**
 * An import stops between records on a signal and says after how many. Attached to a running
 * `npm start` it has no servers of its own to stop, and it used to exit at once, before saying
 * anything: the records stored were then known only from the lines before.
 */
describe('an import attached to a running npm start, stopped by SIGTERM', () => {
  const dataDir = temporaryDataDir('insyn-import-stop-');
  const started: AppProcess[] = [];
  afterAll(() => {
    for (const app of started) app.kill();
    removeDataDir(dataDir);
  });

  it('stops between records, says after how many, and exits with the signal’s code', async () => {
    const { api, env } = await runningApi(dataDir, started);
    const cli = (args: string[]) => {
      const process = new AppProcess(builtMain('registry-cli'), env, args);
      started.push(process);
      return process;
    };
    const token = cli(['token:create', '--role', 'ADMIN', '--person', 'Import Stop']);
    expect(await token.exit(60_000)).toBe(0);
    const file = join(dataDir, 'many.csv');
    const rows = Array.from({ length: 500 }, (_, i) => `stop-${i},ALGORITHM,Algoritm ${i}`);
    writeFileSync(file, `id,kind,title\n${rows.join('\n')}\n`);
    const importing = cli([
      'import',
      '--format',
      'csv',
      file,
      '--department',
      'trafikkontoret',
      '--token-label',
      'Import Stop',
    ]);
    await importing.printed(/record 3 \(source id stop-2\): created/, 60_000);
    importing.process.kill('SIGTERM');
    expect(await importing.exit(60_000)).toBe(143);
    const created = importing.stdout.match(/: created draft/g)?.length ?? 0;
    expect(importing.stdout).toMatch(
      new RegExp(`stopped after ${created} records: the rest of the file was not imported`),
    );
    expect(created).toBeLessThan(rows.length);
    api.process.kill('SIGTERM');
    expect(await api.exit(60_000)).toBe(0);
  });
});
