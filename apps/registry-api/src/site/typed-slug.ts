/**
 * Entry addresses as people type them (from a printout, a sign, a title): folded into slugify's
 * alphabet, so that both the language's entry page and the language-neutral `/entries/<slug>` lead
 * to the slug it would be.
 */

const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u', æ: 'ae', ø: 'o' };
/** The longest typed address folded into a slug (isEntrySlug's 200). */
const FOLDED_SLUG_MAX_LENGTH = 200;

/**
 * A slug as typed, in slugify's alphabet: lower case, Swedish letters folded, white space at
 * either end dropped (a stray space from a copied address), and white space between words, with
 * any dashes beside it, one `-` ("Bygglov - beslut" is `bygglov-beslut`, as slugify makes it).
 */
export function foldedSlug(typed: string): string {
  // No entry's address is this long (slugs are at most 60 characters), and the fold below takes
  // time growing with the square of a long run of dashes: a 16 kB address took 280 ms.
  if (typed.length > FOLDED_SLUG_MAX_LENGTH) return typed;
  return typed
    .trim()
    .toLowerCase()
    .replace(/[åäöéüæø]/g, (c) => FOLD[c] ?? c)
    .replace(/[\s-]*\s[\s-]*/g, '-');
}
