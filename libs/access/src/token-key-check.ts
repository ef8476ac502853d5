import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A fingerprint of the token key (INSYN_TOKEN_SECRET or the generated one): an HMAC of a fixed
 * text under it, which tells nothing of the key, kept in `token_key_check`.
 */
export function tokenKeyFingerprint(key: string): string {
  return createHmac('sha256', key).update('insyn:token-key-check', 'utf8').digest('hex');
}

/** How often a running API process says, in `token_key_check`, that it is still there. */
export const TOKEN_KEY_SEEN_EVERY_MS = 60_000;
/** An API process seen within this (and not stopped) counts as running: three missed sightings. */
export const TOKEN_KEY_LIVE_MS = 3 * TOKEN_KEY_SEEN_EVERY_MS;
/** Processes not seen for this long are forgotten, whatever their key. */
export const TOKEN_KEY_KEPT_DAYS = 30;

const LIVE_MINUTES = TOKEN_KEY_LIVE_MS / 60_000;
/** Rows of API processes that run: not stopped, seen within TOKEN_KEY_LIVE_MS (the database's clock). */
const live = (row = '') =>
  `(${row}stopped_at IS NULL AND ${row}last_seen_at > now() - make_interval(secs => ${TOKEN_KEY_LIVE_MS / 1000}))`;

/** What an API process's start found in `token_key_check` before it. */
export interface TokenKeyAtStart {
  /**
   * The process seen last before this start had another key, and none runs, with this one or
   * another: every token made before no longer works here (a rotation, or a mistake).
   */
  changed: boolean;
  /** How many other keys running API processes check tokens with (they disagree with this one). */
  otherLiveKeys: number;
}

/**
 * Records an API process at its start (`processId` its own, random), and says what it found
 * before it. Forgets processes not seen for TOKEN_KEY_KEPT_DAYS, and a process no longer running
 * once another with its key was seen after it (so that restarts do not pile up rows). One
 * statement: each part sees the table as it was before it.
 */
export async function recordTokenKeyAtStart(
  db: DataSource | EntityManager,
  processId: string,
  key: string,
): Promise<TokenKeyAtStart> {
  const fingerprint = tokenKeyFingerprint(key);
  const [row] = (await db.query(
    `WITH before AS (SELECT fingerprint, last_seen_at, ${live()} AS live FROM token_key_check),
     started AS (INSERT INTO token_key_check (process_id, fingerprint) VALUES ($1, $2)),
     forgotten AS (
       DELETE FROM token_key_check gone
        WHERE gone.last_seen_at < now() - make_interval(days => ${TOKEN_KEY_KEPT_DAYS})
           OR NOT ${live('gone.')}
              AND EXISTS (SELECT 1 FROM token_key_check later
                           WHERE later.fingerprint = gone.fingerprint
                             AND (later.last_seen_at, later.process_id) > (gone.last_seen_at, gone.process_id)))
     SELECT (SELECT fingerprint FROM before ORDER BY last_seen_at DESC LIMIT 1) AS latest,
            EXISTS (SELECT 1 FROM before WHERE live AND fingerprint = $2) AS live_here,
            (SELECT count(DISTINCT fingerprint) FROM before WHERE live AND fingerprint <> $2)::int
              AS other_live_keys`,
    [processId, fingerprint],
  )) as { latest: string | null; live_here: boolean; other_live_keys: number }[];
  return {
    // With processes of other keys running, they disagree (otherLiveKeys): that is what to say,
    // not that every token made before no longer works (those of this key, seen stopping a
    // moment ago, still do).
    changed:
      row.latest !== null &&
      row.latest !== fingerprint &&
      !row.live_here &&
      row.other_live_keys === 0,
    otherLiveKeys: row.other_live_keys,
  };
}

/**
 * A running API process's sighting (every TOKEN_KEY_SEEN_EVERY_MS): its row seen now (made
 * again if it was removed). Returns how many other keys running API processes check tokens with.
 */
export async function recordTokenKeySeen(
  db: DataSource | EntityManager,
  processId: string,
  key: string,
): Promise<number> {
  const fingerprint = tokenKeyFingerprint(key);
  const [row] = (await db.query(
    `WITH seen AS (
       INSERT INTO token_key_check (process_id, fingerprint) VALUES ($1, $2)
       ON CONFLICT (process_id) DO UPDATE SET last_seen_at = now(), stopped_at = NULL)
     SELECT count(DISTINCT fingerprint)::int AS other_live_keys
       FROM token_key_check WHERE ${live()} AND fingerprint <> $2`,
    [processId, fingerprint],
  )) as { other_live_keys: number }[];
  return row.other_live_keys;
}

/** An API process stopping: it no longer counts as running, and was seen last now. */
export async function recordTokenKeyStopped(
  db: DataSource | EntityManager,
  processId: string,
): Promise<void> {
  await db.query(
    `UPDATE token_key_check SET last_seen_at = now(), stopped_at = now() WHERE process_id = $1`,
    [processId],
  );
}

/** What the CLI found of a key before making a token with it. */
export type TokenKeyCheck =
  /** Some running API process checks tokens with it (and `otherLiveKeys` others with another). */
  | { matches: true; otherLiveKeys: number }
  /** Running API processes check tokens with other keys (how many), none with this one. */
  | { matches: false; live: true; otherLiveKeys: number }
  /** None runs, and the one seen last (when) had another key. */
  | { matches: false; live: false; lastSeenAt: Date };

/**
 * Whether a token made with `key` would work with the registry's API: when API processes run
 * (TOKEN_KEY_LIVE_MS), whether one of them checks tokens with it; when none does, whether the
 * one seen last did. With none ever recorded, this key is, as a stopped process's, so that an
 * API started with another says its tokens no longer work.
 */
export async function checkTokenKey(
  db: DataSource | EntityManager,
  key: string,
): Promise<TokenKeyCheck> {
  const fingerprint = tokenKeyFingerprint(key);
  const rows = (await db.query(
    `SELECT fingerprint, last_seen_at, ${live()} AS live FROM token_key_check
      ORDER BY last_seen_at DESC`,
  )) as { fingerprint: string; last_seen_at: Date; live: boolean }[];
  if (!rows.length) {
    await db.query(
      `INSERT INTO token_key_check (process_id, fingerprint, stopped_at)
       VALUES (gen_random_uuid(), $1, now())`,
      [fingerprint],
    );
    return { matches: true, otherLiveKeys: 0 };
  }
  const running = rows.filter((r) => r.live);
  if (!running.length)
    return rows[0].fingerprint === fingerprint
      ? { matches: true, otherLiveKeys: 0 }
      : { matches: false, live: false, lastSeenAt: rows[0].last_seen_at };
  const otherLiveKeys = new Set(running.map((r) => r.fingerprint).filter((f) => f !== fingerprint))
    .size;
  return running.some((r) => r.fingerprint === fingerprint)
    ? { matches: true, otherLiveKeys }
    : { matches: false, live: true, otherLiveKeys };
}

const SAME_KEY = 'give every API process and the CLI the same INSYN_TOKEN_SECRET';

/** The API's warning when the key changed since the process seen last (at its start). */
export const TOKEN_KEY_CHANGED_MESSAGE = `INSYN_TOKEN_SECRET is not the key the registry’s tokens were made with until now (the API process seen last had another, and none with this one was seen in the last ${LIVE_MINUTES} minutes): every token made before no longer works (as when the key is changed on purpose); if this is not a rotation, ${SAME_KEY}`;

/** The API's warning when running API processes check tokens with other keys than its own. */
export function tokenKeysDisagreeMessage(otherLiveKeys: number): string {
  const keys = otherLiveKeys === 1 ? 'another INSYN_TOKEN_SECRET' : `${otherLiveKeys} other keys`;
  return `API processes seen running in the last ${LIVE_MINUTES} minutes check tokens with ${keys} than this one: a token works only with the processes whose key made it; ${SAME_KEY}`;
}

/** The beginning of every refusal of the CLI to make a token the API would not accept. */
export const TOKEN_KEY_DIFFERS_MESSAGE =
  'INSYN_TOKEN_SECRET is not the key the registry’s API checks tokens with';

/** The CLI's refusal, saying what it found. */
export function tokenKeyRefusal(check: Extract<TokenKeyCheck, { matches: false }>): string {
  const found = check.live
    ? `the API processes seen running in the last ${LIVE_MINUTES} minutes check tokens with ${check.otherLiveKeys === 1 ? 'another key' : `${check.otherLiveKeys} other keys`}`
    : `no API process was seen in the last ${LIVE_MINUTES} minutes, and the one seen last (${check.lastSeenAt.toISOString()}) had another key`;
  return `${TOKEN_KEY_DIFFERS_MESSAGE}: ${found}, so a token made with it would be refused; give the CLI the API’s INSYN_TOKEN_SECRET${check.live ? '' : ' (when the key is being changed, start the API with the new one first)'}`;
}

/** The CLI's warning when it makes a token that some running API processes would refuse. */
export function tokenKeyPartlyLiveMessage(otherLiveKeys: number): string {
  return `some API processes seen running in the last ${LIVE_MINUTES} minutes check tokens with ${otherLiveKeys === 1 ? 'another key' : `${otherLiveKeys} other keys`} than the CLI’s: they will refuse this token, which works only with those seen with the CLI’s key (a process killed within the last ${LIVE_MINUTES} minutes is still counted as running); ${SAME_KEY}`;
}
