import { textProblem } from './text-rule';

/**
 * The text rule for what people write (residents' concerns, departments' answers): plain text,
 * stored as written and escaped wherever it is shown. Line breaks are normalised to `\n` and the
 * ends trimmed; control characters other than tab and newline (C0, DEL, C1), bidirectional
 * controls and unpaired UTF-16 surrogates are refused, since they only ever hide or garble text.
 */
export function normalizePlainText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

/** What breaks the rule in an already normalised text, or undefined: the one text rule of every input. */
export const plainTextProblem = textProblem;

/**
 * Whether a text shows anything: a character that is neither white space nor one a reader cannot
 * see (zero-width spaces and joiners, the word joiner, soft hyphens, a byte order mark: Unicode's
 * default-ignorable code points), nor one of the blanks that are in neither class and are
 * pasted to fill "required" fields (BLANKS). A text of those alone is empty to its reader.
 */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * Characters that show nothing, or nothing of their own, outside White_Space and
 * Default_Ignorable_Code_Point: the braille pattern blank (U+2800), the musical null notehead
 * (U+1D159), the interlinear annotation marks (U+FFF9–FFFB), the object replacement character
 * (U+FFFC, a placeholder for an object that is not there) and the Khitan small script filler
 * (U+16FE4). The lists of "invisible characters" that circulate for filling required fields
 * name these beside the default-ignorable ones.
 */
const BLANKS = String.raw`\u2800\u{1D159}\uFFF9-\uFFFC\u{16FE4}`;
// U+16FE4 is a combining mark, matched here as the one code point it is (no sequence is meant).
// eslint-disable-next-line no-misleading-character-class
const VISIBLE = new RegExp(`[^\\p{White_Space}\\p{Default_Ignorable_Code_Point}${BLANKS}]`, 'u');

/** Why a required text is empty to its reader (`hasVisibleText`), or null: the one wording. */
export function emptyTextProblem(text: string): string | null {
  if (hasVisibleText(text)) return null;
  return text
    ? 'must not be empty (it holds only characters that do not show)'
    : 'must not be empty';
}
