import { EntryView, PRIMARY_CONTENT_LANGUAGE } from '@insyn/registry';
import type { SiteLocale } from '../i18n/messages';

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** A moment as a calendar day in Stockholm, in the reader's language ("3 mars 2025"). */
export function formatMoment(locale: SiteLocale, moment: Date): string {
  return dateFormat(locale.t.dates.locale, 'Europe/Stockholm').format(moment);
}

/** A calendar day (`YYYY-MM-DD`) in the reader's language; anything else as given. */
export function formatDay(locale: SiteLocale, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? day : dateFormat(locale.t.dates.locale, 'UTC').format(time);
}

/**
 * An instant given as an ISO string, to the second, in UTC, in the reader's language
 * ("4 december 2026 09:15:30 (UTC)"); anything unreadable as given.
 */
export function formatInstantUtc(locale: SiteLocale, instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  const format = new Intl.DateTimeFormat(locale.t.dates.locale, {
    dateStyle: 'long',
    timeStyle: 'medium',
    timeZone: 'UTC',
  });
  return `${format.format(time)} (UTC)`;
}

export function formatNumber(locale: SiteLocale, value: number): string {
  let format = numberFormats.get(locale.t.dates.locale);
  if (!format) {
    format = new Intl.NumberFormat(locale.t.dates.locale, { maximumFractionDigits: 6 });
    numberFormats.set(locale.t.dates.locale, format);
  }
  return format.format(value);
}

/** The day of a moment in ISO form, for `<time datetime>`. */
export const isoDay = (moment: Date): string => moment.toISOString().slice(0, 10);

/**
 * When the public's view of an entry last changed: its latest publication or retirement. A feed
 * gives it as the entry's `<updated>` (so a reader shows a changed entry again), the sitemap as
 * its page's `<lastmod>`.
 */
export function lastPublicChangeOf(view: EntryView): Date {
  return new Date(
    Math.max(
      view.version.publishedAt?.getTime() ?? 0,
      view.entry.retiredAt?.getTime() ?? 0,
      view.entry.lastPublishedAt?.getTime() ?? 0,
    ) || view.version.updatedAt.getTime(),
  );
}

/** Text of an entry in the reader's language where the entry has it, and the language it is in. */
export interface LocalText {
  text: string;
  /** The language of `text`: the reader's, or the content's own where no translation exists. */
  lang: string;
}

/** The entry's title in the reader's language, where translated; else in the content language. */
export function titleOf(view: EntryView, lang: string): LocalText {
  return (
    localised(view, lang, 'title') ?? { text: view.content.title, lang: PRIMARY_CONTENT_LANGUAGE }
  );
}

/** The entry's summary in the reader's language, where translated; else in the content language. */
export function summaryOf(view: EntryView, lang: string): LocalText | null {
  return (
    localised(view, lang, 'summary') ??
    (view.content.summary ? { text: view.content.summary, lang: PRIMARY_CONTENT_LANGUAGE } : null)
  );
}

function localised(view: EntryView, lang: string, field: 'title' | 'summary'): LocalText | null {
  if (lang === PRIMARY_CONTENT_LANGUAGE) return null;
  const text = view.content.translations?.find((t) => t.language === lang)?.[field];
  return text && text.trim() ? { text, lang } : null;
}

/** `lang` for an element holding text in `textLang` on a page in `pageLang` (none when the same). */
export const langAttr = (textLang: string, pageLang: string): string | undefined =>
  textLang === pageLang ? undefined : textLang;

/** Only http(s), mailto and tel links are rendered as links; anything else stays text. */
export function safeHref(value: string): string | undefined {
  return /^(https?:\/\/|mailto:|tel:)/i.test(value) ? value : undefined;
}
