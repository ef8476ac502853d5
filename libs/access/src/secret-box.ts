import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Format version of a sealed value (the first byte), so the scheme can change without guessing. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that does not open: wrong key, wrong context, or changed bytes. */
export class SealBrokenError extends Error {
  constructor() {
    super('a sealed value could not be opened (wrong key or context, or altered)');
    this.name = 'SealBrokenError';
  }
}

/**
 * Authenticated encryption (AES-256-GCM) under a key derived from a configured secret for one
 * purpose (HKDF-SHA256), so one secret yields independent keys for contact e-mails, the mail
 * outbox and code hashes. `context` (e.g. the row id) is bound as additional data: a sealed value
 * copied to another row does not open there.
 *
 *   sealed = version (1 byte) · IV (12) · tag (16) · ciphertext
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    if (!secret) throw new Error('SecretBox needs a secret');
    this.key = Buffer.from(hkdfSync('sha256', secret, 'insyn', `insyn:${purpose}`, 32));
  }

  seal(plaintext: string, context = ''): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context = ''): string {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION)
      throw new SealBrokenError();
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SealBrokenError();
    }
  }

  /** A keyed hash (HMAC-SHA256, hex) of a value: what is stored instead of a secret code. */
  digest(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
  }
}
