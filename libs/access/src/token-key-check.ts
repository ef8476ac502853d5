import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A fingerprint of the token key (INSYN_TOKEN_SECRET or the generated one): an HMAC of a fixed
 * text under it, which tells nothing of the key, kept in `token_key_check`.
 */
export function tokenKeyFingerprint(key: string): string {
  return createHmac('sha256', key).update('insyn:token-key-check', 'utf8').digest('hex');
}

/** What recording a key found: none before, the same, or another (now replaced). */
export type TokenKeyRecord = 'first' | 'same' | 'changed';

/**
 * Records the key the API checks tokens with (at its start), saying whether the one recorded
 * before was another: every token made before then no longer works (README "Tokens and roles").
 * One statement.
 */
export async function recordTokenKey(
  db: DataSource | EntityManager,
  key: string,
): Promise<TokenKeyRecord> {
  const rows: { previous: string | null }[] = await db.query(
    `WITH before AS (SELECT fingerprint FROM token_key_check WHERE id = 1)
     INSERT INTO token_key_check (id, fingerprint) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, recorded_at = now()
       WHERE token_key_check.fingerprint <> EXCLUDED.fingerprint
     RETURNING (SELECT fingerprint FROM before) AS previous`,
    [tokenKeyFingerprint(key)],
  );
  if (!rows.length) return 'same';
  return rows[0].previous === null ? 'first' : 'changed';
}

/**
 * Whether tokens made with `key` would work with the registry's API: true unless the API has
 * recorded another key. With none recorded yet (no API has started), this one is recorded.
 */
export async function tokenKeyMatches(
  db: DataSource | EntityManager,
  key: string,
): Promise<boolean> {
  const rows: { fingerprint: string }[] = await db.query(
    `INSERT INTO token_key_check (id, fingerprint) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET fingerprint = token_key_check.fingerprint
     RETURNING fingerprint`,
    [tokenKeyFingerprint(key)],
  );
  return rows[0]?.fingerprint === tokenKeyFingerprint(key);
}

/** The API's warning when the key changed since the last start. */
export const TOKEN_KEY_CHANGED_MESSAGE =
  'INSYN_TOKEN_SECRET is not the key the registry’s tokens were made with until now: every token made before no longer works (as when the key is changed on purpose); if this is not a rotation, give every API process and the CLI the same INSYN_TOKEN_SECRET';

/** The CLI's refusal to make a token the API would not accept. */
export const TOKEN_KEY_DIFFERS_MESSAGE =
  'INSYN_TOKEN_SECRET is not the key the registry’s API checks tokens with (recorded at its last start): a token made with it would not work; give the CLI the API’s INSYN_TOKEN_SECRET';
