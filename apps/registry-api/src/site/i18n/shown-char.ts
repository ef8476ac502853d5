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
