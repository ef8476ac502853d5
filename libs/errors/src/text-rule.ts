/**
 * The one rule for text people send: no control characters other than tab and newline (NUL,
 * carriage return, escape and the C1 controls included), no explicit bidirectional embeddings,
 * overrides or isolates (U+202A–U+202E, U+2066–U+2069: they make text display otherwise than it
 * reads, "Trojan Source", e.g. a name or a number reversed on a public page), no noncharacters
 * (U+FFFE and the like: no text, and no XML either), and no unpaired surrogates (half of a
 * character that UTF-8, and so PostgreSQL and Meilisearch, cannot store).
 * The marks U+200E, U+200F and U+061C stay allowed: right-to-left text needs them, and they
 * reorder nothing beyond the neutral characters next to them. Text is trimmed at both ends; what
 * is accepted is then stored exactly.
 *
 * The API applies it to every String and ID argument and input field before any resolver, guard
 * or pipe runs (`apps/registry-api/src/graphql/text-rule.ts`); the importers to every string of an
 * imported record (`acceptText`); libraries use it for the text they decode themselves (cursors).
 */

/**
 * Control characters (Unicode category Cc) but tab and newline; bidi controls; noncharacters
 * (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF … U+10FFFF: kept
 * for a program's own use, no text of any language, and U+FFFE/U+FFFF are no XML characters, so
 * a feed or an export carrying one is broken); unpaired surrogates.
 */
const REFUSED =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const REFUSED_ALL = new RegExp(REFUSED.source, 'g');

/** The explicit bidirectional formatting characters: embeddings, overrides, isolates. */
export const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Whether the character (one UTF-16 unit) is a bidirectional control character. */
const isBidiControl = (char: string): boolean => BIDI_CONTROL.test(char);

/** A character by its code point, as messages name one that does not show (`U+200B`). */
export const codePoint = (char: string): string =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The text's first bidirectional control character, named (`U+202E`), or undefined. */
export function bidiControlIn(value: string): string | undefined {
  const found = BIDI_CONTROL.exec(value);
  return found ? codePoint(found[0]) : undefined;
}

/** The first character the rule refuses, named (`U+000C`), or undefined. */
export function refusedCharacterIn(value: string): string | undefined {
  const found = REFUSED.exec(value);
  return found ? codePoint(found[0]) : undefined;
}

/**
 * The text with every character the rule refuses replaced by U+FFFD, the replacement character:
 * what a refused text can be shown back as, so its writer sees where to mend it (an unpaired
 * surrogate cannot even be sent as UTF-8).
 */
export function withRefusedCharactersMarked(value: string): string {
  return value.replace(REFUSED_ALL, '\ufffd');
}

/**
 * What is wrong with the text under the rule, as the end of a sentence about it ("must not …"),
 * or undefined when it is acceptable.
 */
export function textProblem(value: string): string | undefined {
  const found = REFUSED.exec(value);
  if (!found) return undefined;
  const char = found[0];
  // Counted in characters (code points), as a person counts them and as the contact e-mail's
  // rule does, not in UTF-16 units (an emoji before it is one, not two).
  const at = `${codePoint(char)} at position ${[...value.slice(0, found.index)].length + 1}`;
  const code = char.charCodeAt(0);
  if (isBidiControl(char))
    return `must not contain the bidirectional control character ${at}: it can make text display otherwise than it reads`;
  if (char.length === 2 || code >= 0xfdd0)
    return `must not contain the noncharacter ${at}: it is no character of any text`;
  return code >= 0xd800 && code <= 0xdfff
    ? `must be valid Unicode text (an unpaired surrogate ${at})`
    : `must not contain control characters other than tab and newline (${at})`;
}

/**
 * A string people send, under the rule: a CRLF line break is taken as a newline (a lone carriage
 * return is refused), the rest checked (textProblem), and what passes trimmed at both ends. Gives
 * the text to store, or the problem.
 */
export function acceptText(value: string): { text: string } | { problem: string } {
  const text = value.replace(/\r\n/g, '\n');
  const problem = textProblem(text);
  return problem ? { problem } : { text: text.trim() };
}

/**
 * Line breaks, as Unicode's line breaking algorithm always breaks at them (UAX #14: BK, CR, LF,
 * NL): newline, vertical tab, form feed, carriage return, next line (U+0085), and the line and
 * paragraph separators (U+2028, U+2029), which browsers and feed readers break at too. The text
 * rule refuses all but the newline and the two separators already.
 */
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;

/** Whether the text is one line: what a title, a name or a label must be (no LINE_BREAK). */
export const isOneLine = (value: string): boolean => !LINE_BREAK.test(value);

/** Whether the text passes the rule (see textProblem). */
export const isAcceptableText = (value: string): boolean => !REFUSED.test(value);

/**
 * The number of characters of a text, as limits count them ("At most 4,000 characters"): Unicode
 * code points, as PostgreSQL and the schema's validation count them, so an emoji is one, not the
 * two UTF-16 code units of `string.length`.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
