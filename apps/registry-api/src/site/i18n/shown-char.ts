import { codePoint, hasVisibleText } from '@insyn/errors';

/**
 * A character as a message can name it: in quotes when it shows, with its code point too when it
 * is not ASCII (the Kelvin sign `K`, a Cyrillic `А` or a Greek `Ο` look like the letters a code
 * has), else by its code point alone (`U+200B`, the braille blank `U+2800`), so that a reader
 * can find what to delete in what they typed.
 */
export function shownChar(char: string, lang: 'sv' | 'en'): string {
  const named = codePoint(char);
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) && hasVisibleText(char)) {
    const quoted = lang === 'sv' ? `”${char}”` : `“${char}”`;
    return /^[\x21-\x7e]$/.test(char) ? quoted : `${quoted} (${named})`;
  }
  return lang === 'sv'
    ? `ett tecken som inte syns (${named})`
    : `a character that does not show (${named})`;
}

/**
 * What a reader typed, set in running text as its own direction (U+2068 FIRST STRONG ISOLATE …
 * U+2069 POP DIRECTIONAL ISOLATE): Arabic or Hebrew search words keep the quotes and
 * punctuation around them in place, in a page's title as in its heading (where `<bdi>` cannot
 * go: a title holds text only).
 */
export function isolated(typed: string): string {
  return `\u2068${typed}\u2069`;
}
