import type { JSX } from 'preact';
import {
  AnyField,
  blank as saysNothing,
  catalogueField,
  CatalogueField,
  ContentLanguage,
  enumNameOf,
  PRIMARY_CONTENT_LANGUAGE,
  valueAt,
  WithheldInformation,
} from '@insyn/registry';
import type { SiteLocale } from '../i18n/messages';
import { Day } from './components';
import { formatNumber, langAttr, safeHref } from './format';
import { hrefIn } from './page-context';

/** What rendering a field needs besides its value. */
export interface FieldRendering {
  locale: SiteLocale;
  /** Withholdings in force, by path (the public view keeps only those). */
  withheld: Map<string, WithheldInformation>;
  /** Whether a child path belongs where the field is being rendered (not to another section). */
  includes: (path: string) => boolean;
  /**
   * The language the texts being rendered are written in, when not the content language: a
   * translation's title and summary (the item of a list whose `language` field names it).
   */
  textLanguage?: string;
  /** Labels other than the catalogue's for some of the paths being rendered. */
  labels?: ReadonlyMap<string, string>;
  /**
   * The heading the fields are shown under: a field labelled the same ("Rättslig grund" in the
   * section "Rättslig grund") keeps its label for screen readers only, not said twice on screen.
   */
  heading?: string;
}

/** The path of a withholding notice's field (`withheld[].field`), which holds a field's path. */
const WITHHELD_NOTICE_FIELD = 'withheld.field';

/** What says nothing (the registry's `blank`: texts that show nothing too), or an empty object. */
const blank = (value: unknown): boolean =>
  saysNothing(value) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);

/** The label of a catalogue path in the reader's language (the path itself if unknown). */
export function fieldLabel(locale: SiteLocale, path: string): string {
  return locale.fields[path] ?? path;
}

/** "Algoritmen › Källkod › Länk": a path's label with its ancestors', for lists of fields. */
export function fieldTrail(locale: SiteLocale, path: string): string {
  const keys = path.split('.');
  return keys.map((_, i) => fieldLabel(locale, keys.slice(0, i + 1).join('.'))).join(' › ');
}

/** The `<dt>`/`<dd>` pairs of fields that have a value (or are withheld); none for blank ones. */
export function FieldRows({
  fields,
  value,
  r,
}: {
  fields: CatalogueField[];
  value: unknown;
  r: FieldRendering;
}) {
  return <>{fieldRows(fields, value, r)}</>;
}

/**
 * The rows of FieldRows, as a list (empty when no field has a value). `value` holds the fields
 * (their parent object or list item); with `fromRoot` it is the whole content and each field is
 * read by its full path (a section's top-level fields may sit deep: `algorithm.riskClass`).
 */
export function fieldRows(
  fields: CatalogueField[],
  value: unknown,
  r: FieldRendering,
  fromRoot = false,
): JSX.Element[] {
  const rows: JSX.Element[] = [];
  for (const field of fields) {
    const withheld = withholdingOf(r.withheld, field.path);
    const label = r.labels?.get(field.path) ?? fieldLabel(r.locale, field.path);
    const own = fromRoot ? valueAt(value, field.path) : valueOf(value, field.path);
    if (withheld) {
      rows.push(
        <div class="row withheld-row">
          <dt>{label}</dt>
          <dd>
            <a href="#withheld">{r.locale.t.entry.sections.withheld}</a>
            {': '}
            {/* Written by the department, in the content language (as the withheld table marks it). */}
            <span lang={langAttr(PRIMARY_CONTENT_LANGUAGE, r.locale.lang)}>
              {withheld.legalGround}
            </span>
          </dd>
        </div>,
      );
      continue;
    }
    if (blank(own)) continue;
    const sameAsHeading = label === r.heading;
    rows.push(
      <div class={sameAsHeading ? 'row unlabelled' : 'row'}>
        <dt class={sameAsHeading ? 'visually-hidden' : undefined}>{label}</dt>
        <dd>
          <FieldValue field={field} value={own} r={r} />
        </dd>
      </div>,
    );
  }
  return rows;
}

/** The withholding of a path or of one of its ancestors (`algorithm` withholds `algorithm.riskClass`). */
function withholdingOf(
  withheld: Map<string, WithheldInformation>,
  path: string,
): WithheldInformation | undefined {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const found = withheld.get(keys.slice(0, n).join('.'));
    if (found) return found;
  }
  return undefined;
}

/** The language a list item names in its `language` field (a translation's), if it names one. */
function itemLanguage(item: unknown): string | undefined {
  const language =
    item !== null && typeof item === 'object'
      ? (item as Record<string, unknown>).language
      : undefined;
  return typeof language === 'string' && language !== '' ? language : undefined;
}

/** The last key of a path, read from the object holding it. */
function valueOf(holder: unknown, path: string): unknown {
  if (holder === null || typeof holder !== 'object') return undefined;
  return (holder as Record<string, unknown>)[path.slice(path.lastIndexOf('.') + 1)];
}

/** The children of an object field (or of a list's items), as catalogue fields, in order. */
export function childrenOf(field: CatalogueField, r: FieldRendering): CatalogueField[] {
  const inner: AnyField | undefined =
    field.field.type === 'object'
      ? field.field
      : field.field.type === 'list'
        ? (field.field.of as AnyField)
        : undefined;
  if (!inner || inner.type !== 'object') return [];
  return Object.keys(inner.fields)
    .map((key) => catalogueField(`${field.path}.${key}`))
    .filter((f): f is CatalogueField => f !== undefined && r.includes(f.path));
}

/** One field's value, by its catalogue type. */
export function FieldValue({
  field,
  value,
  r,
}: {
  field: CatalogueField;
  value: unknown;
  r: FieldRendering;
}) {
  const { locale } = r;
  const descriptor = field.field;
  // A withholding notice names the field it hides by its path: the reader gets its label.
  if (field.path === WITHHELD_NOTICE_FIELD && typeof value === 'string')
    return <>{fieldTrail(locale, value)}</>;
  switch (descriptor.type) {
    case 'object': {
      return (
        <dl class="fields nested">
          <FieldRows fields={childrenOf(field, r)} value={value} r={r} />
        </dl>
      );
    }
    case 'list': {
      const items = (value as unknown[]).filter((item) => !blank(item));
      const of = descriptor.of as AnyField;
      if (of.type === 'object') {
        const children = childrenOf(field, r);
        const namesLanguage =
          of.fields.language?.type === 'enum' && of.fields.language.values === ContentLanguage;
        return (
          <ul class="items">
            {items.map((item) => (
              <li>
                <dl class="fields nested">
                  <FieldRows
                    fields={children}
                    value={item}
                    r={namesLanguage ? { ...r, textLanguage: itemLanguage(item) } : r}
                  />
                </dl>
              </li>
            ))}
          </ul>
        );
      }
      return (
        <ul class="values">
          {items.map((item) => (
            <li>
              <Scalar
                type={of.type}
                values={(of as { values?: object }).values}
                value={item}
                locale={locale}
                textLanguage={r.textLanguage}
              />
            </li>
          ))}
        </ul>
      );
    }
    default:
      return (
        <Scalar
          type={descriptor.type}
          values={(descriptor as { values?: object }).values}
          value={value}
          locale={locale}
          textLanguage={r.textLanguage}
          mapLink={descriptor.type === 'geojson'}
        />
      );
  }
}

/** A value that is not an object or list. Text is in the content language, marked with `lang`. */
export function Scalar({
  type,
  values,
  value,
  locale,
  textLanguage = PRIMARY_CONTENT_LANGUAGE,
  mapLink,
}: {
  type: string;
  values?: object;
  value: unknown;
  locale: SiteLocale;
  /** The language of a text value (the content language unless a translation's). */
  textLanguage?: string;
  mapLink?: boolean;
}) {
  const { t } = locale;
  switch (type) {
    case 'boolean':
      return <>{value ? t.entry.yes : t.entry.no}</>;
    case 'int':
    case 'number':
      return <>{typeof value === 'number' ? formatNumber(locale, value) : String(value)}</>;
    case 'date':
      return <Day locale={locale} day={String(value)} />;
    case 'enum': {
      const name = values ? enumNameOf(values) : undefined;
      const labels = name ? (locale.enums[name] as Record<string, string>) : undefined;
      return <>{labels?.[String(value)] ?? String(value)}</>;
    }
    case 'url': {
      const href = safeHref(String(value));
      return href ? <a href={href}>{String(value)}</a> : <>{String(value)}</>;
    }
    case 'email':
      return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
    case 'phone':
      return <a href={`tel:${String(value).replace(/[^+0-9]/g, '')}`}>{String(value)}</a>;
    case 'geojson':
      return mapLink ? (
        <a href={hrefIn(locale.lang, '/map')}>{t.entry.onMap}</a>
      ) : (
        <>{t.entry.onMap}</>
      );
    default:
      return (
        <span class="text" lang={langAttr(textLanguage, locale.lang)}>
          {String(value)}
        </span>
      );
  }
}
