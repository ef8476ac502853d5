import { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { checkTokenKey, tokenKeyFingerprint, TokenKeyPresence } from '@insyn/access';
import { loadConfig } from '@insyn/config';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection, SearchRuntime } from '@insyn/search';
import { LogCapture, TEST_TOKEN_SECRET, testIndexPrefix, testServers } from '@insyn/testing';
import { createRegistryApi } from '../src/bootstrap';
import { RegistryApiHarness, TEST_CONTACT_SECRET } from './registry-api.harness';

const OTHER_KEY = 'another-token-key-of-at-least-32-characters';
const LABEL = 'token-key-check';

type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** The token key lines of a log (the others are of no concern here). */
const tokenKeyLines = (log: LogCapture): LogLine[] =>
  log.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.tokenKey !== undefined);

const CHANGED = expect.objectContaining({
  level: 40,
  tokenKey: 'changed',
  msg: expect.stringContaining('every token made before no longer works') as string,
}) as unknown;
const DISAGREES = expect.objectContaining({
  level: 40,
  tokenKey: 'disagrees',
  otherLiveKeys: 1,
  msg: 'API processes seen running in the last 3 minutes check tokens with another INSYN_TOKEN_SECRET than this one: a token works only with the processes whose key made it; give every API process and the CLI the same INSYN_TOKEN_SECRET',
}) as unknown;

/**
 * Each API process records the fingerprint of the key it checks tokens with in `token_key_check`,
 * and says every minute that it still runs: the CLI makes a token only with a key a running API
 * process has (or, none running, the one seen last), and a process says at warn when the key
 * changed or running processes disagree. A process started with another key for a while (probe
 * X4) does not lock the CLI out, nor makes the live API's restart claim its tokens were lost.
 */
describe('the token key check', () => {
  let api: RegistryApiHarness;
  const startup = new LogCapture();
  let db: DataSource;
  /** The harness's API was closed by a test (to be restarted). */
  let apiClosed = false;
  /** Another API process on the same database, with `key`, its log in `log`. */
  const startProcess = async (key: string, log: LogCapture): Promise<INestApplication> => {
    const servers = testServers();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      INSYN_TOKEN_SECRET: key,
      INSYN_CONTACT_SECRET: TEST_CONTACT_SECRET,
      DATABASE_URL: api.database.url,
      DATABASE_MIGRATION_URL: api.database.migrationUrl,
      MEILI_HOST: servers.meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
    });
    const app = await createRegistryApi({
      config,
      databaseUrl: api.database.url,
      migrationUrl: api.database.migrationUrl,
      search: new SearchConnection(
        servers.meiliHost,
        servers.meiliMasterKey,
        testIndexPrefix(LABEL),
      ),
      log: pino({ level: 'info' }, log),
      logDestination: log,
      tokenKeySeenEveryMs: 100,
    });
    await app.get(SearchRuntime).whenPrepared();
    return app;
  };
  const rows = async () =>
    (await db.query(
      `SELECT process_id, fingerprint, stopped_at IS NOT NULL AS stopped FROM token_key_check
        ORDER BY started_at`,
    )) as { process_id: string; fingerprint: string; stopped: boolean }[];

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      LABEL,
      { LOG_LEVEL: 'info' },
      {
        logStream: startup,
        tokenKeySeenEveryMs: 100,
        // Before this API: one with another key, stopped ten minutes ago (a rotation).
        beforeStart: async (database) => {
          const dataSource = await database.dataSource(INSYN_ENTITIES);
          try {
            await dataSource.query(
              `INSERT INTO token_key_check
                 (process_id, fingerprint, started_at, last_seen_at, stopped_at)
               VALUES (gen_random_uuid(), $1, now() - interval '1 day',
                       now() - interval '10 minutes', now() - interval '10 minutes')`,
              [tokenKeyFingerprint(OTHER_KEY)],
            );
          } finally {
            await dataSource.destroy();
          }
        },
      },
    );
    db = await api.database.dataSource(INSYN_ENTITIES);
  });
  afterAll(async () => {
    await db?.destroy();
    if (apiClosed) await api.database.drop();
    else await api?.stop();
  });

  it('an API started after one with another key says once at warn that the key changed', async () => {
    expect(tokenKeyLines(startup)).toEqual([CHANGED]);
    // Neither key in the log, only the fingerprint of the API's in the table.
    for (const key of [TEST_TOKEN_SECRET, OTHER_KEY]) expect(startup.text).not.toContain(key);
    expect(await rows()).toEqual([
      expect.objectContaining({ fingerprint: tokenKeyFingerprint(OTHER_KEY), stopped: true }),
      {
        process_id: api.app.get(TokenKeyPresence).processId,
        fingerprint: tokenKeyFingerprint(TEST_TOKEN_SECRET),
        stopped: false,
      },
    ]);
  });

  it('keeps a running process seen', async () => {
    const { processId } = api.app.get(TokenKeyPresence);
    await db.query(
      `UPDATE token_key_check SET last_seen_at = now() - interval '2 minutes' WHERE process_id = $1`,
      [processId],
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [{ ago }] = (await db.query(
      `SELECT extract(epoch FROM now() - last_seen_at) AS ago FROM token_key_check WHERE process_id = $1`,
      [processId],
    )) as { ago: number }[];
    expect(Number(ago)).toBeLessThan(2);
  });

  it('refuses the CLI a key no running API process has', async () => {
    expect(await checkTokenKey(db, OTHER_KEY)).toEqual({
      matches: false,
      live: true,
      otherLiveKeys: 1,
    });
    expect(await checkTokenKey(db, TEST_TOKEN_SECRET)).toEqual({
      matches: true,
      otherLiveKeys: 0,
    });
  });

  it('a second process with another key: both say the processes disagree; once it stopped, the CLI and a restart of the live API go on as before (probe X4)', async () => {
    const strayLog = new LogCapture();
    const stray = await startProcess(OTHER_KEY, strayLog);
    try {
      // The stray's key is not the one seen last, and none runs with it, but another does: the
      // processes disagree (not "changed": a restart of a stray stopped a moment ago says so too).
      expect(tokenKeyLines(strayLog)).toEqual([DISAGREES]);
      // The live API finds it at its next sighting, and says so once.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tokenKeyLines(startup)).toEqual([CHANGED, DISAGREES]);
      // The CLI with the live API's key makes tokens (and would warn of the other).
      expect(await checkTokenKey(db, TEST_TOKEN_SECRET)).toEqual({
        matches: true,
        otherLiveKeys: 1,
      });
    } finally {
      await stray.close();
    }
    expect(await checkTokenKey(db, TEST_TOKEN_SECRET)).toEqual({
      matches: true,
      otherLiveKeys: 0,
    });
    // The stray's key goes on being refused.
    expect(await checkTokenKey(db, OTHER_KEY)).toMatchObject({ matches: false, live: true });

    // The live API restarted: its key was not changed, and nothing disagrees.
    await api.app.close();
    apiClosed = true;
    expect(await checkTokenKey(db, TEST_TOKEN_SECRET)).toEqual({
      matches: true,
      otherLiveKeys: 0,
    });
    const restartLog = new LogCapture();
    const restarted = await startProcess(TEST_TOKEN_SECRET, restartLog);
    try {
      expect(tokenKeyLines(restartLog)).toEqual([]);
    } finally {
      await restarted.close();
    }
    // Every process stopped; the first of the other key, stopped before its latest, forgotten.
    expect((await rows()).map((r) => [r.fingerprint, r.stopped])).toEqual([
      [tokenKeyFingerprint(TEST_TOKEN_SECRET), true],
      [tokenKeyFingerprint(OTHER_KEY), true],
      [tokenKeyFingerprint(TEST_TOKEN_SECRET), true],
    ]);
  });

  it('forgets processes of a key other than their latest once stopped, and any gone for 30 days', async () => {
    await db.query(
      `UPDATE token_key_check SET last_seen_at = now() - interval '31 days'
        WHERE fingerprint = $1`,
      [tokenKeyFingerprint(OTHER_KEY)],
    );
    const log = new LogCapture();
    const app = await startProcess(TEST_TOKEN_SECRET, log);
    try {
      expect(tokenKeyLines(log)).toEqual([]);
      const left = await rows();
      // The previous process of the key and this one; the other key forgotten.
      expect(left.map((r) => [r.fingerprint, r.stopped])).toEqual([
        [tokenKeyFingerprint(TEST_TOKEN_SECRET), true],
        [tokenKeyFingerprint(TEST_TOKEN_SECRET), false],
      ]);
      expect(left[1].process_id).toBe(app.get(TokenKeyPresence).processId);
    } finally {
      await app.close();
    }
  });
});
