/**
 * A character as a message can name it: in quotes when it shows, else by its code point
 * (`U+200B`), so that a reader can find what to delete in what they typed.
 */
export function shownChar(char: string, lang: 'sv' | 'en'): string {
  const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return lang === 'sv' ? `”${char}”` : `“${char}”`;
  return lang === 'sv'
    ? `ett tecken som inte syns (${codePoint})`
    : `a character that does not show (${codePoint})`;
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
