/** Titles name something: after trimming, at least one letter or digit (of any script). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export const ENTRY_TITLE_RULE = 'title must contain a letter or a digit';

/**
 * Whether a title can name an entry. A title of spaces or punctuation alone would be shown as
 * nothing and give the slug `entry`.
 */
export const isNamingTitle = (title: string): boolean => LETTER_OR_DIGIT.test(title);
