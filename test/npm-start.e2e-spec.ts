import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  commandLineOf,
  descendantsOf,
  findFreePort,
  isProcessAlive,
  processStartTime,
  removeDataDir,
  temporaryDataDir,
} from '@insyn/embedded-services';

/**
 * The newcomer's path, for real: `npm start` on an empty data folder with no DATABASE_URL or
 * MEILI_HOST (embedded servers), GraphQL over HTTP, SIGTERM to npm, nothing left running, and the
 * data still there on the next start. The first start builds (fast when dist is current).
 */
const ROOT = join(__dirname, '..');
const FIRST_START_MS = 150_000;

/** One `npm start`, its output kept for assertions and failure messages. */
class NpmStart {
  readonly process: ChildProcess;
  output = '';

  constructor(env: NodeJS.ProcessEnv) {
    // Its own process group (detached), as from a terminal; signals go to npm alone.
    this.process = spawn('npm', ['start'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
  }

  get pid(): number {
    return this.process.pid!;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** Resolves with the exit code; fails with the output when the deadline passes. */
  async exit(timeoutMs: number): Promise<number | null> {
    await until(
      () => this.exited,
      timeoutMs,
      () => `npm start did not exit:\n${this.output}`,
    );
    return this.process.exitCode;
  }

  /** Last resort in cleanup: the whole process group. */
  kill(): void {
    if (this.exited) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Polls `check` until it holds; `describe` says what was awaited when the deadline passes. */
async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function healthStatus(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).status;
  } catch {
    return undefined;
  }
}

/** Waits for GET /health to answer 200, failing early (with the output) if npm exits. */
async function waitHealthy(app: NpmStart, port: number, timeoutMs: number): Promise<void> {
  await until(
    async () => {
      if (app.exited) throw new Error(`npm start exited early:\n${app.output}`);
      return (await healthStatus(port)) === 200;
    },
    timeoutMs,
    () => `GET /health was not 200 within ${timeoutMs} ms:\n${app.output}`,
  );
}

async function graphql<T>(port: number, query: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** pid plus start time: one process, even if its pid is reused after it exits. */
type Identity = { pid: number; started: number | undefined };
const identify = (pid: number): Identity => ({ pid, started: processStartTime(pid) });
const stillRunning = ({ pid, started }: Identity) =>
  isProcessAlive(pid) && processStartTime(pid) === started;

/** The pid of a pid file's first line (PostgreSQL's postmaster.pid, Meilisearch's meilisearch.pid). */
/** The pid in the file once it names another process than `killed`, else undefined. */
function restartedPid(file: string, killed: number): number | undefined {
  try {
    const pid = pidFrom(file);
    return pid > 0 && pid !== killed ? pid : undefined;
  } catch {
    return undefined; // not written yet
  }
}

function pidFrom(file: string): number {
  return Number(readFileSync(file, 'utf8').split('\n')[0]);
}

/** Live processes whose command line names this path (an embedded server of that folder). */
function processesMentioning(path: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => isProcessAlive(pid) && (commandLineOf(pid) ?? '').includes(path));
}

/** The first JSON log line whose message starts with `message`. */
function logLine(app: NpmStart, message: string): Record<string, unknown> {
  const line = app.output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((entry) => typeof entry.msg === 'string' && entry.msg.startsWith(message));
  if (!line) throw new Error(`no log line "${message}" in:\n${app.output}`);
  return line;
}

/** Where the embedded PostgreSQL cluster is (moved when the data folder is root's alone). */
function clusterDir(dataDir: string): string {
  const notice = join(dataDir, 'postgres-cluster-location.txt');
  return existsSync(notice) ? readFileSync(notice, 'utf8').trim() : join(dataDir, 'postgres');
}

describe('npm start (embedded PostgreSQL and Meilisearch, the real process)', () => {
  const dataDir = temporaryDataDir('insyn-npm-start-');
  let port: number;
  let env: NodeJS.ProcessEnv;
  const started: NpmStart[] = [];
  const seen: Identity[] = [];

  const start = (overrides: NodeJS.ProcessEnv = {}) => {
    const app = new NpmStart({ ...env, ...overrides });
    started.push(app);
    return app;
  };

  /** npm, the node it execs, the embedded servers and their children: everything started. */
  const collectProcesses = (app: NpmStart): Identity[] => {
    const embedded = [
      pidFrom(join(clusterDir(dataDir), 'postmaster.pid')),
      pidFrom(join(dataDir, 'meilisearch', 'meilisearch.pid')),
    ];
    const tree = [app.pid, ...descendantsOf(app.pid)];
    // The walk from npm reaches the servers: it is the check that nothing escapes it.
    expect(tree).toEqual(expect.arrayContaining(embedded));
    const all = [...new Set([...tree, ...embedded.flatMap((pid) => [pid, ...descendantsOf(pid)])])];
    const identities = all.map(identify);
    seen.push(...identities);
    return identities;
  };

  beforeAll(async () => {
    port = await findFreePort();
    env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) =>
          !key.startsWith('npm_') &&
          !key.startsWith('INSYN_') &&
          !['DATABASE_URL', 'MEILI_HOST', 'MEILI_MASTER_KEY', 'MEILI_BINARY'].includes(key),
      ),
    );
    Object.assign(env, {
      INSYN_DATA_DIR: dataDir,
      PORT: String(port),
      // Production refuses embedded servers unless allowed, and wants its own keys.
      NODE_ENV: 'production',
      INSYN_ALLOW_EMBEDDED: 'true',
      INSYN_TOKEN_SECRET: 'npm-start-token-secret-0123456789abcdef',
      INSYN_CONTACT_SECRET: 'npm-start-contact-secret-0123456789abcdef',
      INSYN_PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    for (const app of started) app.kill();
    for (const identity of seen) if (stillRunning(identity)) process.kill(identity.pid, 'SIGKILL');
    removeDataDir(dataDir);
  });

  it(
    'starts on an empty data folder, answers /health and GraphQL, refuses a second start, and stops on SIGTERM leaving no process',
    async () => {
      const first = start();
      await waitHealthy(first, port, FIRST_START_MS);
      const { principles } = await graphql<{ principles: { code: string }[] }>(
        port,
        '{ principles { code } }',
      );
      expect(principles.map((p) => p.code)).toEqual([
        'ACCESS_AND_LITERACY',
        'PRIVACY_AND_SECURITY',
        'TRANSPARENCY_AND_NON_DISCRIMINATION',
        'PARTICIPATION_AND_INCLUSION',
        'OPEN_ETHICAL_STANDARDS',
      ]);
      expect(first.output).toMatch(/applied database migrations/);
      // Production seeds no demo data, even into the empty embedded database.
      expect(first.output).not.toMatch(/demo/i);

      // Data written while it runs, straight into its database (the URL the CLI attaches with).
      const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as {
        pid: number;
        databaseUrl: string;
      };
      await sql(
        runtime.databaseUrl,
        `INSERT INTO department (slug, name_sv, name_en) VALUES ($1, $2, $3)`,
        ['npm-start-probe', 'Provavdelningen', 'Probe department'],
      );

      // A second `npm start` on the same folder says so and gives up, even with the lock file
      // deleted: the lock is the kernel's, not the file's.
      rmSync(join(dataDir, 'insyn.lock'));
      const second = start({ PORT: String(await findFreePort()) });
      expect(await second.exit(FIRST_START_MS)).not.toBe(0);
      expect(second.output).toMatch(/already running on the data folder .* \(process \d+\)/);
      expect(second.output).toContain(`process ${runtime.pid}`);
      expect(await healthStatus(port)).toBe(200);

      const processes = collectProcesses(first);
      process.kill(first.pid, 'SIGTERM');
      expect(await first.exit(30_000)).toBe(0);
      expect(processes.filter(stillRunning)).toEqual([]);
      expect(existsSync(join(dataDir, 'insyn.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    },
    FIRST_START_MS + 60_000,
  );

  it('starts again on the same data folder with the data still there, leaving schema.gql as committed', async () => {
    const schemaFile = join(ROOT, 'schema.gql');
    const schemaBefore = {
      text: readFileSync(schemaFile, 'utf8'),
      mtimeMs: statSync(schemaFile).mtimeMs,
    };
    // Development (the default NODE_ENV) is where the schema used to be written into the clone.
    const again = start({ NODE_ENV: 'development' });
    await waitHealthy(again, port, 60_000);
    expect(readFileSync(schemaFile, 'utf8')).toBe(schemaBefore.text);
    expect(statSync(schemaFile).mtimeMs).toBe(schemaBefore.mtimeMs);
    const { department } = await graphql<{ department: { nameEn: string } | null }>(
      port,
      '{ department(slug: "npm-start-probe") { nameEn } }',
    );
    expect(department).toEqual({ nameEn: 'Probe department' });
    expect(again.output).not.toMatch(/applied database migrations/);

    // A CLI attached to it, given neither INSYN_PUBLIC_URL nor PORT, links to where it serves
    // (it notes that in the data folder once it listens), not to a guessed localhost:3000.
    await until(
      () => again.output.includes('Insyn is running'),
      30_000,
      () => `no running line:\n${again.output}`,
    );
    const out = join(dataDir, 'dcat-ap.jsonld');
    const { PORT: _port, INSYN_PUBLIC_URL: _url, ...cliEnv } = env;
    const cli = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'dist', 'apps', 'registry-cli', 'src', 'main.js'),
        'export',
        '--format',
        'dcat-ap',
        '--out',
        out,
      ],
      { env: { ...cliEnv, NODE_ENV: 'development' } },
    );
    expect(cli.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toContain(`http://localhost:${port}/exports/dcat-ap.jsonld`);
    rmSync(out);
    expect(logLine(again, 'embedded servers started')).toMatchObject({
      postgresData: clusterDir(dataDir),
      meilisearchData: join(dataDir, 'meilisearch'),
    });

    // A server that dies while npm start runs is started again, and the API answers again.
    const postmasterPid = join(clusterDir(dataDir), 'postmaster.pid');
    const killedPostgres = pidFrom(postmasterPid);
    process.kill(killedPostgres, 'SIGKILL');
    await until(
      async () => {
        // A new server first (a probe right after the kill may still reach the dying one).
        if (restartedPid(postmasterPid, killedPostgres) === undefined) return false;
        try {
          const { department } = await graphql<{ department: { nameEn: string } | null }>(
            port,
            '{ department(slug: "npm-start-probe") { nameEn } }',
          );
          return department?.nameEn === 'Probe department';
        } catch {
          return false;
        }
      },
      30_000,
      () => `GraphQL did not answer from the database again:\n${again.output}`,
    );
    expect(pidFrom(postmasterPid)).not.toBe(killedPostgres);

    const meiliPidFile = join(dataDir, 'meilisearch', 'meilisearch.pid');
    const killedMeili = pidFrom(meiliPidFile);
    process.kill(killedMeili, 'SIGKILL');
    await until(
      async () => {
        if (restartedPid(meiliPidFile, killedMeili) === undefined) return false;
        const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        return (
          response?.status === 200 &&
          ((await response.json()) as { status: string }).status === 'ok'
        );
      },
      30_000,
      () => `GET /health did not report search up again:\n${again.output}`,
    );
    await graphql(port, '{ search(query: "probe", first: 1) { estimatedTotalHits } }');
    expect(pidFrom(meiliPidFile)).not.toBe(killedMeili);
    // Logged once each server serves again, which a client may see first.
    await until(
      () => (again.output.match(/restarted \(pid/g) ?? []).length === 2,
      10_000,
      () => `the restarts were not logged:\n${again.output}`,
    );
    for (const [name, killed] of [
      ['PostgreSQL', killedPostgres],
      ['Meilisearch', killedMeili],
    ] as const) {
      expect(
        logLine(again, `embedded ${name} (pid ${killed}) exited unexpectedly with SIGKILL`),
      ).toMatchObject({ level: 40 });
      expect(logLine(again, `embedded ${name} restarted`)).toMatchObject({ level: 30 });
    }

    // Stopped like Ctrl-C in a terminal: SIGINT to the whole process group, servers included;
    // their exit then is no crash, and no restart is attempted.
    const processes = collectProcesses(again);
    const restartsBefore = again.output.match(/restarting it in/g)?.length;
    process.kill(-again.pid, 'SIGINT');
    expect(await again.exit(30_000)).toBe(0);
    expect(processes.filter(stillRunning)).toEqual([]);
    expect(again.output.match(/restarting it in/g)?.length).toBe(restartsBefore);
  }, 120_000);

  it('stops cleanly when SIGTERM arrives while the embedded servers are starting', async () => {
    const emptyDir = temporaryDataDir('insyn-npm-start-early-');
    try {
      const early = start({ INSYN_DATA_DIR: emptyDir });
      // The lock is the first thing start-up takes; initdb follows, which takes a second or more.
      await until(
        () => existsSync(join(emptyDir, 'insyn.lock')) || early.exited,
        FIRST_START_MS,
        () => `npm start did not take the lock:\n${early.output}`,
      );
      process.kill(early.pid, 'SIGTERM');
      expect(await early.exit(30_000)).toBe(0);
      expect(early.output).not.toMatch(/failed to start/);
      expect(processesMentioning(emptyDir)).toEqual([]);
      expect(existsSync(join(emptyDir, 'insyn.lock'))).toBe(false);
    } finally {
      removeDataDir(emptyDir);
    }
  }, 120_000);
});
