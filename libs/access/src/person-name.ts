import unhomoglyph from 'unhomoglyph';

/** Characters that show nothing (zero-width spaces and joiners, soft hyphens, variation selectors). */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The key two person names are compared by: names with the same key are namesakes, and a new
 * person may not take a namesake's name (four eyes compares persons, so one human must not get
 * two person records by a typo).
 *
 * 1. The confusable skeleton of Unicode's UTS #39 data (`unhomoglyph`) of the upper-cased name,
 *    invisible characters dropped, before NFKC: compatibility characters that look like Latin
 *    ones would otherwise be folded by NFKC into letters that do not (Greek lunate sigma `Ϲ`, a
 *    capital C to the eye, into `Σ`; the vertical colon `︰` into `‥`), and pass as different names.
 * 2. Unicode NFKC: fullwidth `ＡＢ` is `AB`, a no-break space a space, a ligature its letters,
 *    a decomposed `å` the composed one.
 * 3. Invisible characters dropped; runs of whitespace made one space; trimmed.
 * 4. Upper-cased, so that case is ignored (`ß` is `SS`, final sigma is sigma).
 * 5. The skeleton again: Cyrillic `Е` and Greek `Ε` are Latin `E`, `I` and `1` are `l`, `0` is
 *    `O`. Taken of the upper-cased name, where the Cyrillic and Greek capitals map to Latin;
 *    lower-case look-alikes whose capital looks different (Cyrillic `һ`, `ԁ`, Greek `ν`, `υ`)
 *    are therefore not caught.
 * 6. Lower-cased, for a readable key.
 *
 * Diacritics stay: `Åsa` and `Asa` are different names. The key is stored (`person.name_key`);
 * a change to this function needs a migration that recomputes it (the latest:
 * RekeyPersonNamesBeforeNfkc1765401600000).
 */
export function personNameKey(name: string): string {
  const seen = unhomoglyph(name.replace(INVISIBLE, '').toUpperCase());
  const visible = seen.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  return unhomoglyph(visible.toUpperCase()).toLowerCase();
}
