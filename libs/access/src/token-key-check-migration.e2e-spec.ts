import { TestDatabase } from '@insyn/testing';
import {
  ACCESS_ENTITIES,
  checkTokenKey,
  recordTokenKeyAtStart,
  tokenKeyFingerprint,
} from './index';

const MIGRATION = 'KeyTokenKeyCheckByProcess1765401800000';
const KEY = 'the-key-recorded-before-the-migration-0123';
const OTHER_KEY = 'another-token-key-of-at-least-32-characters';

/** The migration from one recorded fingerprint to a row per API process. */
describe('the migration that keys token_key_check by API process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await TestDatabase.create('token-key-check-migration');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('keeps the recorded key as a stopped process seen at its recorded_at, and goes back to it', async () => {
    const old = await database.migratedTo(MIGRATION, { through: false });
    const [{ recorded_at: recordedAt }] = (await old.query(
      `INSERT INTO token_key_check (fingerprint, recorded_at)
       VALUES ($1, now() - interval '2 days') RETURNING recorded_at`,
      [tokenKeyFingerprint(KEY)],
    )) as { recorded_at: Date }[];
    await old.destroy();

    const db = await database.dataSource(ACCESS_ENTITIES);
    try {
      expect(
        await db.query(
          `SELECT fingerprint, started_at, last_seen_at, stopped_at FROM token_key_check`,
        ),
      ).toEqual([
        {
          fingerprint: tokenKeyFingerprint(KEY),
          started_at: recordedAt,
          last_seen_at: recordedAt,
          stopped_at: recordedAt,
        },
      ]);
      // The CLI goes by it until an API starts; an API with it says nothing changed.
      expect(await checkTokenKey(db, KEY)).toEqual({ matches: true, otherLiveKeys: 0 });
      expect(await checkTokenKey(db, OTHER_KEY)).toEqual({
        matches: false,
        live: false,
        lastSeenAt: recordedAt,
      });
      expect(await recordTokenKeyAtStart(db, '00000000-0000-4000-8000-000000000001', KEY)).toEqual({
        changed: false,
        otherLiveKeys: 0,
      });
    } finally {
      await db.destroy();
    }

    // Down: one row again, the key seen last.
    const owner = await database.migratedTo(MIGRATION, { through: true });
    try {
      await recordTokenKeyAtStart(owner, '00000000-0000-4000-8000-000000000002', OTHER_KEY);
      await owner.undoLastMigration({ transaction: 'each' });
      expect(await owner.query(`SELECT id, fingerprint FROM token_key_check`)).toEqual([
        { id: 1, fingerprint: tokenKeyFingerprint(OTHER_KEY) },
      ]);
    } finally {
      await owner.destroy();
    }
  });
});
