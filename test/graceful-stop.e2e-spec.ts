import { DataSource } from 'typeorm';
import { findFreePort, removeDataDir, temporaryDataDir } from '@insyn/embedded-services';
import { INSYN_ENTITIES } from '@insyn/registry';
import {
  AppProcess,
  builtMain,
  cleanEnvironment,
  createTestTokens,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
  TestTokens,
} from '@insyn/testing';

const REGISTER = `mutation($input: AlgorithmInput!, $key: String) {
  entry: registerAlgorithm(departmentSlug: "department-a", input: $input, idempotencyKey: $key) { id title }
}`;
/**
 * Requests in the burst, and how many go before the SIGTERM. At most 30 at once: the rate limit
 * counts a token request from one address as refused until it is answered, and refuses the 31st.
 */
const BURST = 30;
const BEFORE_SIGTERM = 22;

/** What became of one request: an answer, or a connection error before any answer. */
type Outcome =
  | { i: number; answered: true; at: number; status: number; id?: string; errors?: unknown }
  | { i: number; answered: false; at: number; code: string };

/**
 * The built API (as the image runs it) stopped by SIGTERM in the middle of a burst of
 * registrations: every request gets an answer or is refused before any work (nothing is
 * committed without an answer), and a client that retries with the same idempotency keys ends
 * up with each entry exactly once.
 */
describe('SIGTERM in the middle of a burst of requests', () => {
  let main: string;
  let database: TestDatabase;
  let dataSource: DataSource;
  let tokens: TestTokens;
  const dataDir = temporaryDataDir('insyn-graceful-');
  const started: AppProcess[] = [];

  beforeAll(async () => {
    main = builtMain('registry-api');
    database = await TestDatabase.create('graceful-stop');
    dataSource = await database.dataSource(INSYN_ENTITIES, 2);
    tokens = await createTestTokens(dataSource);
  }, 240_000);
  afterAll(async () => {
    for (const app of started) app.kill();
    await dataSource?.destroy();
    await database?.drop();
    removeDataDir(dataDir);
  });

  const start = async () => {
    const servers = testServers();
    const port = await findFreePort();
    const app = new AppProcess(main, {
      ...cleanEnvironment(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      INSYN_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      MEILI_HOST: servers.meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
      INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
      INSYN_CONTACT_SECRET: 'test-contact-secret-0123456789abcdef',
      INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
      INSYN_RUN_INDEXER: 'false',
    });
    started.push(app);
    await app.printed(/Insyn is running at/, 60_000);
    return { app, port };
  };

  const send = async (port: number, i: number): Promise<Outcome> => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.editorA}` },
        body: JSON.stringify({
          query: REGISTER,
          variables: { key: `burst-${i}`, input: { title: `Burst ${i}` } },
        }),
      });
      const body = (await response.json()) as {
        data?: { entry: { id: string } };
        errors?: unknown;
      };
      return {
        i,
        answered: true,
        at: Date.now(),
        status: response.status,
        id: body.data?.entry.id,
        errors: body.errors,
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { i, answered: false, at: Date.now(), code: cause?.code ?? String(error) };
    }
  };

  /** Entry ids per title `Burst i`. */
  const storedIds = async (): Promise<Map<number, string[]>> => {
    const rows = await dataSource.query<{ title: string; id: string }[]>(
      `SELECT v.title, e.id FROM entry e JOIN entry_version v ON v.id = e.current_version_id
        WHERE v.title LIKE 'Burst %'`,
    );
    const byRequest = new Map<number, string[]>();
    for (const { title, id } of rows) {
      const i = Number(title.slice('Burst '.length));
      byRequest.set(i, [...(byRequest.get(i) ?? []), id]);
    }
    return byRequest;
  };

  it('answers what it accepted, refuses the rest before any work, and a retry creates each entry once', async () => {
    const { app, port } = await start();
    // Most of the burst, and SIGTERM as soon as the first answer shows the server is busy with it.
    const first = Array.from({ length: BEFORE_SIGTERM }, (_, i) => send(port, i));
    await Promise.race(first);
    const stoppedAt = Date.now();
    process.kill(app.process.pid!, 'SIGTERM');
    // The rest arrives while it stops.
    const second: Promise<Outcome>[] = [];
    for (let i = BEFORE_SIGTERM; i < BURST; i++) {
      second.push(send(port, i));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcomes = await Promise.all([...first, ...second]);
    expect(await app.exit(30_000)).toBe(0);
    expect(app.output).toMatch(/answered every request in flight/);

    const answered = outcomes.filter((o) => o.answered);
    const refused = outcomes.filter((o) => !o.answered);
    // Every answer is a whole one: the entry it names.
    for (const o of answered)
      expect({ i: o.i, status: o.status, errors: o.errors }).toEqual({
        i: o.i,
        status: 200,
        errors: undefined,
      });
    // Requests in flight at SIGTERM were finished, not cut.
    expect(answered.filter((o) => o.at > stoppedAt).length).toBeGreaterThan(0);
    // A refusal is a connection refused or closed before an answer…
    for (const o of refused)
      expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']).toContain(o.code);
    // …and before any work: nothing committed without an answer.
    const stored = await storedIds();
    for (const o of outcomes) {
      expect({ i: o.i, ids: stored.get(o.i) ?? [] }).toEqual({
        i: o.i,
        ids: o.answered ? [o.id] : [],
      });
    }

    // The client retries everything with the same keys, against the next start.
    const again = await start();
    const retried: Outcome[] = [];
    for (let i = 0; i < BURST; i += 10) {
      retried.push(
        ...(await Promise.all(outcomes.slice(i, i + 10).map((o) => send(again.port, o.i)))),
      );
    }
    for (const r of retried) {
      expect({ i: r.i, answered: r.answered, errors: r.answered ? r.errors : undefined }).toEqual({
        i: r.i,
        answered: true,
        errors: undefined,
      });
      const before = outcomes[r.i];
      if (before.answered && r.answered) expect(r.id).toBe(before.id);
    }
    const afterRetry = await storedIds();
    expect([...afterRetry.values()].map((ids) => ids.length)).toEqual(
      Array.from({ length: BURST }, () => 1),
    );
    expect(afterRetry.size).toBe(BURST);
    process.kill(again.app.process.pid!, 'SIGTERM');
    expect(await again.app.exit(30_000)).toBe(0);
  }, 180_000);
});
