import fc from 'fast-check';
import { MAX_SORT_KEY_LENGTH, swedishSortKey } from './swedish-sort-key';

const swedish = new Intl.Collator('sv');

/** Byte order of two keys, as Meilisearch compares them (keys are ASCII). */
const byKey = (a: string, b: string) => {
  const ka = swedishSortKey(a);
  const kb = swedishSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Swedish letters, both cases, the foreign letters Swedish folds in, digits, space, punctuation. */
const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzåäö',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ',
  ...'éÉèüÜæÆøØ',
  ...'0123456789',
  ..." -,.:()'&/",
];
const char = fc.constantFrom(...CHARS);
const text = fc.string({ unit: char, maxLength: 12 });
/** Two texts with a common start: the interesting comparisons are decided late. */
const pair = fc
  .tuple(text, fc.string({ unit: char, maxLength: 4 }), fc.string({ unit: char, maxLength: 4 }))
  .map(([common, a, b]) => [common + a, common + b] as const);
/** Two variants of one text that differ only in case or accents (levels 2 and 3). */
const VARIANTS: Record<string, string[]> = {
  a: ['a', 'A', 'å', 'ä', 'Ä', 'æ'],
  e: ['e', 'E', 'é', 'É', 'è'],
  o: ['o', 'O', 'ö', 'Ö', 'ø'],
  y: ['y', 'Y', 'ü', 'Ü'],
  ä: ['ä', 'Ä', 'æ', 'Æ'],
  ö: ['ö', 'Ö', 'ø', 'Ø'],
  n: ['n', 'N'],
};
const variantOf = (base: string[]) =>
  fc
    .array(fc.nat(), { minLength: base.length, maxLength: base.length })
    .map((picks) =>
      base.map((c, i) => (VARIANTS[c] ? VARIANTS[c][picks[i] % VARIANTS[c].length] : c)).join(''),
    );
const variantPair = fc
  .array(fc.constantFrom(...'aeoyäönb '), { minLength: 1, maxLength: 10 })
  .chain((base) => fc.tuple(variantOf(base), variantOf(base)));

const sign = (n: number) => Math.sign(n);

describe('swedishSortKey', () => {
  it('orders like Intl.Collator("sv") on Swedish text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), pair, variantPair), ([a, b]) => {
        expect({ a, b, order: sign(byKey(a, b)) }).toEqual({
          a,
          b,
          order: sign(swedish.compare(a, b)),
        });
      }),
      { numRuns: 5000 },
    );
  });

  it('is written only in characters Meilisearch cannot re-order (0-9, a-z), within its length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (value) => {
        const key = swedishSortKey(value);
        expect(key).toMatch(/^[0-9a-z]*$/);
        expect(key.length).toBeLessThanOrEqual(MAX_SORT_KEY_LENGTH);
        expect(key.normalize('NFKD').toLowerCase()).toBe(key);
      }),
    );
  });

  it('puts å, ä and ö after z, in that order, whatever the case', () => {
    const titles = [
      'Örn',
      'ärta',
      'Zebra',
      'Ansökningar om bistånd',
      'Öppna data',
      'Ärenden i kö',
      'åsna',
      'Bil',
      'Oxe',
      'Åtgärder',
    ];
    expect([...titles].sort(byKey)).toEqual([
      'Ansökningar om bistånd',
      'Bil',
      'Oxe',
      'Zebra',
      'åsna',
      'Åtgärder',
      'Ärenden i kö',
      'ärta',
      'Öppna data',
      'Örn',
    ]);
  });

  it.each([
    [
      'ü sorts as y',
      ['Zoo', 'Yxa', 'Über', 'Ytter', 'Xylofon'],
      ['Xylofon', 'Über', 'Ytter', 'Yxa', 'Zoo'],
    ],
    ['é as e', ['Ekonomi', 'Éclair', 'Ebba', 'Ed'], ['Ebba', 'Éclair', 'Ed', 'Ekonomi']],
    [
      'æ as ä, ø as ö',
      ['Ørsted', 'Æble', 'Ägg', 'Öl', 'Ära'],
      ['Æble', 'Ägg', 'Ära', 'Öl', 'Ørsted'],
    ],
    ['v and w apart', ['Wilma', 'Vera', 'Viktor'], ['Vera', 'Viktor', 'Wilma']],
    [
      'space, punctuation and digits before letters',
      ['a', 'ab', 'a b', 'a-b', 'a1', '1a'],
      ['1a', 'a', 'a b', 'a-b', 'a1', 'ab'],
    ],
    [
      'lower case first, accents before case',
      ['Eva', 'éva', 'eva', 'Éva'],
      ['eva', 'Eva', 'éva', 'Éva'],
    ],
    ['digits one by one', ['10 steg', '9 steg', '2 steg'], ['10 steg', '2 steg', '9 steg']],
  ])('%s', (_, input, expected) => {
    expect([...input].sort(byKey)).toEqual(expected);
    expect([...input].sort(swedish.compare)).toEqual(expected);
  });

  it('follows the collator on other accented letters and symbols', () => {
    const words = [
      'ça',
      'ca',
      'cz',
      'à',
      'á',
      'â',
      'ô',
      'ó',
      'öa',
      'ő',
      'œ',
      'ß',
      'ss',
      'st',
      'þ',
      'th',
      '…',
      '...',
      '.a',
      '§',
      '@',
      '€',
      '$',
      '«x»',
      '"x"',
      '“x”',
      "'x'",
      '’x’',
      'ﬁ',
      'fi',
      'ǻ',
      'ǿ',
      'x\u0308',
      'x\u0301',
      'đ',
      'd',
      'e',
      'a\u00adb',
      'ab',
    ];
    expect([...words].sort(byKey)).toEqual([...words].sort(swedish.compare));
  });

  it('gives canonically equivalent texts the same key', () => {
    expect(swedishSortKey('A\u030angström')).toBe(swedishSortKey('Ångström'));
    expect(swedishSortKey('e\u0301')).toBe(swedishSortKey('é'));
  });
});
