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
