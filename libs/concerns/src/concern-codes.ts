import { randomBytes } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or retyped survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 5;
const GROUP = 5;
/** 25 characters of 5 bits: 125 random bits. */
const CODE_CHARS = GROUPS * GROUP;

/** A code as `generateConcernCode` spells it, anywhere in a text (e.g. a message sent). */
export function concernCodesSpeltIn(text: string): string[] {
  const char = `[${ALPHABET}]`;
  const spelt = new RegExp(`\\b${char}{${GROUP}}(?:-${char}{${GROUP}}){${GROUPS - 1}}\\b`, 'g');
  return [...text.matchAll(spelt)].map((match) => match[0]);
}

/** A new random code, `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`. Shown once to the resident, never stored. */
export function generateConcernCode(): string {
  return concernCodeOf(randomBytes(CODE_CHARS));
}

/** The code spelt by the first 25 bytes (5 bits of each) of a random or keyed-hash value. */
export function concernCodeOf(bytes: Buffer): string {
  if (bytes.length < CODE_CHARS) throw new Error(`a code needs ${CODE_CHARS} bytes`);
  let code = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    code += ALPHABET[bytes[i] & 31];
    if (i % GROUP === GROUP - 1 && i < CODE_CHARS - 1) code += '-';
  }
  return code;
}

/**
 * A code as typed, in its canonical form (upper case, no dashes or spaces; O→0, I and L→1), or
 * null when it cannot be a code (checked before any lookup).
 */
export function normalizeConcernCode(input: string): string | null {
  if (input.length > 60) return null;
  const canonical = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (canonical.length !== CODE_CHARS) return null;
  for (const char of canonical) if (!ALPHABET.includes(char)) return null;
  return canonical;
}
