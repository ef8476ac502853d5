/**
 * A sort key for Swedish alphabetical order that Meilisearch's string sort cannot disturb.
 *
 * Meilisearch sorts strings by their bytes after normalizing them: it lower-cases and folds
 * diacritics (å, ä and ö sort as a and o), and it does not collate by language
 * (meilisearch/meilisearch#4133). So the key is written only with `0-9` and `a-z`, which
 * no normalization changes, and its byte order is the Swedish order of the text.
 *
 * It is a multi-level collation key, as in the Unicode Collation Algorithm, modelled on
 * `Intl.Collator('sv')` (CLDR's Swedish tailoring, default options):
 * 1. base letters: spaces < punctuation and symbols < digits < a … z < å < ä < ö < other
 *    scripts; v and w differ; ü is a kind of y, æ of ä, ø of ö, é of e;
 * 2. accents: e < é < è, ä < æ, ö < ø, y < ü;
 * 3. case and variants: lower case before upper case, ' before ’.
 * Each level compares only when the levels before it are equal ("Ärenden" is after "Zebra",
 * "ärenden" just before "Ärenden"). Digits compare one by one, as the collator does (10 < 9).
 *
 * Encoding: each level is a run of weight tokens; levels are separated by `0`. A token starts
 * with a character ≥ `1` that also gives its length (2 or 5 characters), so tokens compare in
 * weight order and a level that ends first sorts first. The key is cut at MAX_SORT_KEY_LENGTH
 * characters, below the length at which Meilisearch truncates sortable strings; cutting keeps
 * the order (long texts that agree on the first ~200 characters tie).
 */
export function swedishSortKey(text: string): string {
  const elements = collationElements(text);
  const primary = elements.map((e) => e.primary ?? '').join('');
  const secondary = elements.map((e) => e.secondary).join('');
  const tertiary = elements.map((e) => e.tertiary).join('');
  return `${primary}${LEVEL_SEPARATOR}${secondary}${LEVEL_SEPARATOR}${tertiary}`.slice(
    0,
    MAX_SORT_KEY_LENGTH,
  );
}

/** Meilisearch compares at most about 460 bytes of a sortable string; stay well below. */
export const MAX_SORT_KEY_LENGTH = 400;

const LEVEL_SEPARATOR = '0';
const DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** One collation element: a weight per level; `primary` null for an accent (ignorable at level 1). */
interface Element {
  primary: string | null;
  secondary: string;
  tertiary: string;
}

/** Primary weights, in this order: a 2-character token per known class, 5 for the others. */
const SYMBOL_PREFIXES = ['1', '2'];
const UNKNOWN_SYMBOL = '3';
const DIGIT = '4';
const LETTER = '5';
const UNKNOWN_OTHER = '6';

/** Secondary weights: no accent, then the Swedish tailored variants, then accents. */
const SECONDARY_COMMON = '10';
const KNOWN_MARK = '2';
const UNKNOWN_MARK = '3';

/** Tertiary weights: lower case (or caseless), upper case, then other variants. */
const TERTIARY_COMMON = '10';
const TERTIARY_UPPER = '11';

/**
 * Spaces, punctuation and symbols in the collator's order. A group shares one primary weight;
 * its later members are tertiary variants of the first (' and ’ sort together).
 */
const SYMBOL_GROUPS: string[] = [
  ' \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000',
  '_',
  '-\u2010\u2011',
  '\u2013',
  '\u2014',
  ',',
  ';',
  ':',
  '!',
  '\u00a1',
  '?',
  '\u00bf',
  '.',
  "'\u2018\u2019",
  '"\u201c\u201d\u201e',
  '\u00ab',
  '\u00bb',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '\u00a7',
  '\u00b6',
  '@',
  '*',
  '/',
  '\\',
  '&',
  '#',
  '%',
  '`',
  '^',
  '\u00b0',
  '+',
  '\u00b1',
  '\u00f7',
  '\u00d7',
  '<',
  '=',
  '>',
  '|',
  '~',
  '$',
  '\u00a3',
  '\u20ac',
];

/** The Swedish alphabet: a–z (v and w distinct), then å, ä, ö. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzåäö';

/**
 * Letters that Swedish sorts as a variant of another letter (CLDR sv: &D<<đ<<ð, &Y<<ü<<ű,
 * å<ä<<æ<<ę<ö<<ø<<ő<<œ<<ô): base letter and secondary rank. Upper case is derived.
 */
const TAILORED: Record<string, [base: string, rank: number]> = {
  å: ['å', 0],
  ä: ['ä', 0],
  ö: ['ö', 0],
  æ: ['ä', 1],
  ę: ['ä', 2],
  ø: ['ö', 1],
  ő: ['ö', 2],
  œ: ['ö', 3],
  ô: ['ö', 4],
  ü: ['y', 1],
  ű: ['y', 2],
  đ: ['d', 1],
  ð: ['d', 2],
  ł: ['l', 1],
  ı: ['i', 1],
  ŋ: ['n', 1],
};

/** Letters that sort as two (tertiary variants of the pair). */
const EXPANSIONS: Record<string, string> = { ß: 'ss', þ: 'th', ĳ: 'ij', '\u2026': '...' };

/** Combining accents in the collator's secondary order (others follow, by code point). */
const MARKS = [
  0x0301, // acute
  0x0300, // grave
  0x0306, // breve
  0x0302, // circumflex
  0x030c, // caron
  0x030a, // ring above
  0x0308, // diaeresis
  0x030b, // double acute
  0x0303, // tilde
  0x0307, // dot above
  0x0338, // long solidus overlay
  0x0327, // cedilla
  0x0328, // ogonek
  0x0304, // macron
];

const SYMBOL_WEIGHT = new Map<string, { primary: string; variant: number }>();
SYMBOL_GROUPS.forEach((group, index) => {
  const prefix = SYMBOL_PREFIXES[Math.floor(index / 36)];
  if (!prefix) throw new Error('too many symbol groups for the sort key');
  [...group].forEach((char, variant) =>
    SYMBOL_WEIGHT.set(char, { primary: prefix + DIGITS36[index % 36], variant }),
  );
});

const WHITESPACE = /^\s$/u;
const IGNORABLE = /^[\p{Cc}\p{Cf}]$/u;
const MARK = /^\p{M}$/u;
const SYMBOL = /^[\p{P}\p{S}\p{Z}]$/u;

function collationElements(text: string): Element[] {
  const elements: Element[] = [];
  for (const char of text.normalize('NFC')) elements.push(...elementsOf(char));
  return elements;
}

function elementsOf(char: string): Element[] {
  const lower = char.toLowerCase();
  const upper = lower !== char;
  const tertiary = upper ? TERTIARY_UPPER : TERTIARY_COMMON;

  const tailored = TAILORED[lower];
  if (tailored) return [letter(tailored[0], secondaryRank(tailored[1]), tertiary)];
  if (lower.length === 1 && ALPHABET.includes(lower))
    return [letter(lower, SECONDARY_COMMON, tertiary)];
  if (char >= '0' && char <= '9')
    return [{ primary: DIGIT + char, secondary: SECONDARY_COMMON, tertiary: TERTIARY_COMMON }];

  const symbol = SYMBOL_WEIGHT.get(char);
  if (symbol)
    return [
      {
        primary: symbol.primary,
        secondary: SECONDARY_COMMON,
        tertiary: symbol.variant ? variant(symbol.variant) : TERTIARY_COMMON,
      },
    ];
  if (WHITESPACE.test(char)) return elementsOf(' ').map((e) => ({ ...e, tertiary: variant(1) }));

  const expansion = EXPANSIONS[lower];
  if (expansion)
    return [...expansion].flatMap((c) =>
      elementsOf(c).map((e) => ({ ...e, tertiary: upper ? TERTIARY_UPPER : variant(1) })),
    );

  if (MARK.test(char)) return [mark(char)];
  if (IGNORABLE.test(char)) return [];

  // A letter with accents: its base (recomposed with the first accent when Swedish sorts
  // that pair as a letter of its own, as with å), then one secondary element per accent.
  const decomposed = [...char.normalize('NFD')];
  if (decomposed.length > 1) {
    const pair = (decomposed[0] + decomposed[1]).normalize('NFC');
    const parts = TAILORED[pair.toLowerCase()] ? [pair, ...decomposed.slice(2)] : decomposed;
    return parts.flatMap(elementsOf);
  }
  // A compatibility form (ligature, superscript, …): its plain letters, as variants.
  const compatible = char.normalize('NFKD');
  if (compatible !== char)
    return [...compatible].flatMap((c) =>
      elementsOf(c).map((e) => (e.primary === null ? e : { ...e, tertiary: variant(2) })),
    );

  // Anything else (other scripts, rare symbols): after the known weights, by code point.
  const prefix = SYMBOL.test(char) ? UNKNOWN_SYMBOL : UNKNOWN_OTHER;
  return [
    {
      primary: prefix + codePointDigits(lower.codePointAt(0)!),
      secondary: SECONDARY_COMMON,
      tertiary,
    },
  ];
}

function letter(base: string, secondary: string, tertiary: string): Element {
  return { primary: LETTER + DIGITS36[ALPHABET.indexOf(base)], secondary, tertiary };
}

function mark(char: string): Element {
  const codePoint = char.codePointAt(0)!;
  const known = MARKS.indexOf(codePoint);
  return {
    primary: null,
    secondary:
      known >= 0 ? KNOWN_MARK + DIGITS36[known] : UNKNOWN_MARK + codePointDigits(codePoint),
    tertiary: TERTIARY_COMMON,
  };
}

/** Rank 0: no accent; 1…: the tailored variants, after it and before every accent. */
function secondaryRank(rank: number): string {
  return '1' + DIGITS36[rank];
}

/** Tertiary variants after upper case (1: a second form of a character, 2: a compatibility form). */
function variant(rank: number): string {
  return '1' + DIGITS36[1 + rank];
}

/** Four base-36 digits: every code point (≤ 0x10ffff < 36⁴). */
function codePointDigits(codePoint: number): string {
  return codePoint.toString(36).padStart(4, '0');
}
