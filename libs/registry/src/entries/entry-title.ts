import { isOneLine } from '@insyn/errors';

/** Titles name something: after trimming, at least one letter or digit (of any script). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/**
 * Letters that show nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) are letters
 * (Lo) that Unicode also makes default-ignorable, as it does the zero-width characters.
 */
const SHOWS_NOTHING = /\p{Default_Ignorable_Code_Point}/gu;

export const ENTRY_TITLE_RULE = 'title must contain a letter or a digit';
/** A title heads pages, lists, feeds and a browser tab: one line, as department names are. */
export const ENTRY_TITLE_ONE_LINE = 'title must be one line';

/**
 * Whether a title can name an entry. A title of spaces or punctuation alone would be shown as
 * nothing and give the slug `entry`.
 */
export const isNamingTitle = (title: string): boolean =>
  LETTER_OR_DIGIT.test(title.replace(SHOWS_NOTHING, ''));

/** What is wrong with a title given (a translation's too), or undefined. */
export function titleProblem(title: string): string | undefined {
  if (!isOneLine(title)) return ENTRY_TITLE_ONE_LINE;
  return isNamingTitle(title) ? undefined : ENTRY_TITLE_RULE;
}
