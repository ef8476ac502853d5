import { EnumLabels, ENUM_LABELS } from '@insyn/registry';
import { en } from './en';
import { fieldLabelsEn } from './field-labels.en';
import { fieldLabelsSv } from './field-labels.sv';
import { sv } from './sv';

/** The interface texts of one language: the Swedish reference catalogue's shape. */
export type Messages = typeof sv;

/** Everything the site says in one language: texts, enum values and field names. */
export interface SiteLocale {
  lang: SiteLanguage;
  t: Messages;
  enums: EnumLabels;
  fields: Record<string, string>;
}

/**
 * The site's languages, in the order the language switch lists them. A language is one more
 * entry here (with its texts); nothing else in the site names a language. The first is the
 * default when a reader's browser asks for none of them.
 */
export const LOCALES = {
  sv: { lang: 'sv', t: sv, enums: ENUM_LABELS.sv, fields: fieldLabelsSv },
  en: { lang: 'en', t: en, enums: ENUM_LABELS.en, fields: fieldLabelsEn },
} as const satisfies Record<
  string,
  { lang: string; t: Messages; enums: EnumLabels; fields: object }
>;

export type SiteLanguage = keyof typeof LOCALES;
export const SITE_LANGUAGES = Object.keys(LOCALES) as SiteLanguage[];
export const DEFAULT_LANGUAGE: SiteLanguage = SITE_LANGUAGES[0];

export function isSiteLanguage(value: unknown): value is SiteLanguage {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOCALES, value);
}

export function localeOf(lang: SiteLanguage): SiteLocale {
  return LOCALES[lang] as SiteLocale;
}

/** The most language ranges of an `Accept-Language` header read (whole ranges, never a cut one). */
const MAX_LANGUAGE_RANGES = 100;

/**
 * The site language an `Accept-Language` header prefers most (RFC 9110 quality values; `en-GB`
 * matches `en`), or the default language. `*` is the first site language the header does not
 * refuse (`sv;q=0, *` is English). At most the first 100 ranges are read, each whole.
 */
export function negotiateLanguage(header: string | undefined): SiteLanguage {
  if (!header) return DEFAULT_LANGUAGE;
  const ranges = header.split(',', MAX_LANGUAGE_RANGES).map((part, index) => {
    const [range, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    return {
      range: range.trim().toLowerCase(),
      quality: Number.isFinite(quality) ? quality : 0,
      index,
    };
  });
  const refused = new Set(ranges.filter((r) => r.quality <= 0).map((r) => r.range));
  const wanted = ranges
    .filter((r) => r.range && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { range } of wanted) {
    if (range === '*') return SITE_LANGUAGES.find((l) => !refused.has(l)) ?? DEFAULT_LANGUAGE;
    const primary = range.split('-')[0];
    if (isSiteLanguage(primary)) return primary;
  }
  // None asked for: the default, unless the reader refused it (`de, sv;q=0`) and not the other.
  return SITE_LANGUAGES.find((l) => !refused.has(l)) ?? DEFAULT_LANGUAGE;
}
