import { DataSource } from 'typeorm';
import { recordTokenKey, tokenKeyFingerprint, tokenKeyMatches } from '@insyn/access';
import { INSYN_ENTITIES } from '@insyn/registry';
import { LogCapture, TEST_TOKEN_SECRET } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const OTHER_KEY = 'another-token-key-of-at-least-32-characters';

type LogLine = { level: number; msg: string } & Record<string, unknown>;

/**
 * The key tokens are checked with is recorded (as a fingerprint) by the API at its start, so that
 * a CLI given another key refuses to print a token no API accepts; an API started with another
 * key than before says so at warn (a rotation, or a mistake).
 */
describe('the token key check', () => {
  let api: RegistryApiHarness;
  const startup = new LogCapture();
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'token-key-check',
      { LOG_LEVEL: 'info' },
      {
        logStream: startup,
        // Before this API: one started with another key.
        beforeStart: async (database) => {
          const dataSource = await database.dataSource(INSYN_ENTITIES);
          try {
            expect(await recordTokenKey(dataSource, OTHER_KEY)).toBe('first');
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
    await api?.stop();
  });

  it('an API started with another key than the last says so once at warn, and records its own', async () => {
    const warnings = startup.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.tokenKey !== undefined);
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        tokenKey: 'changed',
        msg: expect.stringContaining('every token made before no longer works') as string,
      }),
    ]);
    // Neither key, only the fingerprint of the API's.
    for (const key of [TEST_TOKEN_SECRET, OTHER_KEY]) expect(startup.text).not.toContain(key);
    expect(await db.query(`SELECT fingerprint FROM token_key_check`)).toEqual([
      { fingerprint: tokenKeyFingerprint(TEST_TOKEN_SECRET) },
    ]);
  });

  it('tells the key recorded from another, and records a changed one', async () => {
    expect(await tokenKeyMatches(db, TEST_TOKEN_SECRET)).toBe(true);
    expect(await tokenKeyMatches(db, OTHER_KEY)).toBe(false);
    expect(await recordTokenKey(db, TEST_TOKEN_SECRET)).toBe('same');
    expect(await recordTokenKey(db, OTHER_KEY)).toBe('changed');
    expect(await tokenKeyMatches(db, TEST_TOKEN_SECRET)).toBe(false);
    expect(await recordTokenKey(db, TEST_TOKEN_SECRET)).toBe('changed');
    expect(await tokenKeyMatches(db, TEST_TOKEN_SECRET)).toBe(true);
  });
});
