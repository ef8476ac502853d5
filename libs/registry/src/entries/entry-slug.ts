import { randomBytes } from 'node:crypto';
import { transliterate } from 'transliteration';

/**
 * Letters folded before Unicode decomposition: Swedish ones as Swedes write them in addresses,
 * and the Latin letters that have no decomposition (ß, œ, þ, ł, đ, ı), which would otherwise
 * vanish from the slug ("straße" is `strasse`, not `stra-e`).
 */
const FOLD: Record<string, string> = {
  å: 'a',
  ä: 'a',
  ö: 'o',
  é: 'e',
  ü: 'u',
  æ: 'ae',
  ø: 'o',
  ß: 'ss',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};
const FOLDED = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

/**
 * Runs of letters and digits of scripts other than Latin (Cyrillic, Greek, Hebrew, Arabic, Han,
 * …): spelt in Latin letters by `transliteration`'s tables (`Привет` → `privet`), so that an
 * entry of such a title gets a readable address rather than `entry-3f9a0c`. Latin text never
 * reaches the tables: every Latin slug stays as it was (published addresses never change anyway).
 * Abjads come out rough (Arabic and Hebrew without their vowels), still better than nothing.
 */
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]+/gu;

/** The longest an entry's slug is (slugify's and suffixedSlug's). */
export const ENTRY_SLUG_MAX_LENGTH = 60;

/** The shape of an entry id: a slug of that shape would take over `/entries/<id>`. */
const ENTRY_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A readable, URL-safe slug from a title (Swedish letters folded, other scripts transliterated),
 * at most 60 characters. Never
 * the shape of an entry id: a title that is one (another department's entry's id, say) gets
 * `entry-` before it, so the address `/entries/<id>` always leads to the entry with that id.
 */
export function slugify(title: string): string {
  const slug = slugOfTitle(title);
  return ENTRY_ID_SHAPE.test(slug) ? `entry-${slug}` : slug;
}

function slugOfTitle(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(FOLDED, (c) => FOLD[c] ?? c)
    // Spaced apart: scripts written without spaces (Han) give one word per character.
    .replace(NON_LATIN, (run) => ` ${transliterate(run)} `.toLowerCase())
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ENTRY_SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
  return slug || 'entry';
}

/** How much of the title's slug a suffixed slug keeps (52 + `-` + 6 hex = 60 characters). */
const SUFFIXED_BASE_LENGTH = 52;

/** The title's slug with a random suffix, for when the slug itself is taken: `<base>-3f9a0c`. */
export function suffixedSlug(base: string): string {
  return `${stem(base)}-${randomBytes(3).toString('hex')}`;
}

function stem(base: string): string {
  return base.slice(0, SUFFIXED_BASE_LENGTH).replace(/-+$/g, '');
}
