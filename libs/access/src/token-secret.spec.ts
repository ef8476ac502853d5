import {
  generateTokenSecret,
  hashTokenSecret,
  isWellFormedToken,
  tokenDisplayPrefix,
} from './token-secret';

describe('token secrets', () => {
  it('are insyn_ and 32 random bytes in base64url, different each time', () => {
    const a = generateTokenSecret();
    const b = generateTokenSecret();
    expect(a).toMatch(/^insyn_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
  });

  it('recognise malformed tokens before any lookup', () => {
    for (const bad of [
      '',
      'insyn_',
      'insyn_short',
      `INSYN_${'a'.repeat(43)}`,
      `insyn_${'a'.repeat(44)}`,
      `insyn_${'a'.repeat(42)}=`,
      `ghp_${'a'.repeat(36)}`,
    ]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it('hash with HMAC-SHA256 keyed by the token key (the key changes the hash)', () => {
    const secret = generateTokenSecret();
    const hash = hashTokenSecret(secret, 'key-one-0123456789abcdef0123456789');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTokenSecret(secret, 'key-one-0123456789abcdef0123456789')).toBe(hash);
    expect(hashTokenSecret(secret, 'key-two-0123456789abcdef0123456789')).not.toBe(hash);
    expect(hash).not.toContain(secret.slice(6));
  });

  it('keep a 12-character prefix for lists', () => {
    const secret = generateTokenSecret();
    expect(tokenDisplayPrefix(secret)).toBe(secret.slice(0, 12));
    expect(tokenDisplayPrefix(secret)).toHaveLength(12);
  });
});
