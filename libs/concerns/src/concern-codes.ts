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
 * What may stand between a code's groups: white space, and the hyphen as word processors and
 * mail programs rewrite it (non-breaking hyphen, figure, en and em dashes, minus sign, the
 * full-width and small hyphen-minus).
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/gu;

/**
 * How one character as typed reads in a code: its letter or digit of the alphabet (upper case;
 * O→0, I and L→1), '' for a separator, or undefined when no code holds it. One character each:
 * `ß` (upper case `SS`) or `ﬀ` read as two letters would let a code's length depend on them.
 */
function codeCharOf(char: string): string | undefined {
  if (char.replace(SEPARATORS, '') === '') return '';
  const read = char.toUpperCase().replace('O', '0').replace(/[IL]/, '1');
  return read.length === 1 && ALPHABET.includes(read) ? read : undefined;
}

/** Longer than any code as typed (29 characters with its hyphens, a few spaces more): no code. */
export const MAX_TYPED_CODE = 100;

/**
 * A code as typed, in its canonical form (upper case, no dashes or spaces; O→0, I and L→1), or
 * null when it cannot be a code (checked before any lookup).
 */
export function normalizeConcernCode(input: string): string | null {
  // Read before any lookup, and before the throttle: a body of blanks is not read to its end.
  if (input.length > MAX_TYPED_CODE) return null;
  let canonical = '';
  for (const char of input) {
    const read = codeCharOf(char);
    if (read === undefined) return null;
    canonical += read;
    if (canonical.length > CODE_CHARS) return null;
  }
  return canonical.length === CODE_CHARS ? canonical : null;
}

/** Why a code as typed can be no code: a character no code holds (as typed), or its length. */
export type ConcernCodeFault =
  | { kind: 'char'; char: string; position: number }
  | { kind: 'length'; length: number }
  /** Longer than any code as typed (MAX_TYPED_CODE), read no further. */
  | { kind: 'long' };

/**
 * Why `input` cannot be a code, or null when it may be one (`normalizeConcernCode` reads it):
 * longer than any code as typed; else the first character that is in no code (not a letter or
 * digit of the alphabet, read as `normalizeConcernCode` reads it, nor a separator), with its
 * 1-based place in the input; else how many letters and digits it has, against the 25 of a
 * code. Told before any lookup.
 */
export function concernCodeFault(input: string): ConcernCodeFault | null {
  if (normalizeConcernCode(input) !== null) return null;
  if (input.length > MAX_TYPED_CODE) return { kind: 'long' };
  let length = 0;
  let position = 0;
  for (const char of input) {
    position += 1;
    const read = codeCharOf(char);
    if (read === undefined) return { kind: 'char', char, position };
    length += read.length;
  }
  return { kind: 'length', length };
}
