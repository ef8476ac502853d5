import { SealBrokenError, SecretBox } from './secret-box';

const SECRET = 'a-test-contact-secret-0123456789abcdef';

describe('SecretBox', () => {
  it('seals and opens, with a fresh IV each time (no plaintext in the sealed bytes)', () => {
    const box = new SecretBox(SECRET, 'contact-email');
    const a = box.seal('resident@example.org', 'row-1');
    const b = box.seal('resident@example.org', 'row-1');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('resident');
    expect(box.open(a, 'row-1')).toBe('resident@example.org');
  });

  it('refuses another context, another purpose, another secret and altered bytes', () => {
    const box = new SecretBox(SECRET, 'contact-email');
    const sealed = box.seal('resident@example.org', 'row-1');
    expect(() => box.open(sealed, 'row-2')).toThrow(SealBrokenError);
    expect(() => new SecretBox(SECRET, 'mail-outbox').open(sealed, 'row-1')).toThrow(
      SealBrokenError,
    );
    expect(() => new SecretBox(`${SECRET}x`, 'contact-email').open(sealed, 'row-1')).toThrow(
      SealBrokenError,
    );
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => box.open(altered, 'row-1')).toThrow(SealBrokenError);
    expect(() => box.open(Buffer.alloc(3), 'row-1')).toThrow(SealBrokenError);
  });

  it('digests with a key of its own per purpose', () => {
    const one = new SecretBox(SECRET, 'tracking');
    expect(one.digest('CODE')).toMatch(/^[0-9a-f]{64}$/);
    expect(one.digest('CODE')).toBe(new SecretBox(SECRET, 'tracking').digest('CODE'));
    expect(one.digest('CODE')).not.toBe(new SecretBox(SECRET, 'erasure').digest('CODE'));
  });
});
