import { createHmac, randomBytes } from 'node:crypto';

/** Every Insyn token starts with this, so leaked tokens are easy to recognise and scan for. */
export const TOKEN_PREFIX = 'insyn_';
/** `insyn_` and 32 random bytes in base64url (43 characters). */
const TOKEN_PATTERN = /^insyn_[A-Za-z0-9_-]{43}$/;
/** How many leading characters of a token are kept in clear, to recognise it in lists. */
export const TOKEN_DISPLAY_PREFIX_LENGTH = 12;

/** A new random token secret. Shown once to its holder, never stored. */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether the text has the shape of an Insyn token (checked before any database lookup). */
export function isWellFormedToken(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}

/** What the database stores instead of the secret: HMAC-SHA256 keyed by the server's token key. */
export function hashTokenSecret(secret: string, key: string): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_DISPLAY_PREFIX_LENGTH);
}
