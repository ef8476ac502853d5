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
 * default-ignorable code points), nor the braille pattern blank (U+2800), a letter-sized blank
 * that is in neither class and is pasted to fill "required" fields. A text of those alone is empty
 * to its reader.
 */
export function hasVisibleText(text: string): boolean {
  return /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/u.test(text);
}

/** Why a required text is empty to its reader (`hasVisibleText`), or null: the one wording. */
export function emptyTextProblem(text: string): string | null {
  if (hasVisibleText(text)) return null;
  return text
    ? 'must not be empty (it holds only characters that do not show)'
    : 'must not be empty';
}
