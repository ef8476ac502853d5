import { hasVisibleText } from '@insyn/errors';
import type { EntryContent } from '../entries/entry-content';
import { EntryKind } from '../entries/entry-enums';
import { ENTRY_FIELDS } from './entry-field-catalogue';
import { PlainMessage, PUBLICATION_MESSAGES, PublicationMessageKey } from './publication-messages';
import type {
  AnyField,
  FilterColumn,
  FilterFact,
  PublishRule,
  SearchGroup,
} from './field-descriptor';

/** One field of the catalogue with its full path and what it inherits from the fields above it. */
export interface CatalogueField {
  /** Stable path, e.g. `algorithm.riskClass` or `suppliers.name` (a field of each list item). */
  path: string;
  field: AnyField;
  /** Kinds that have the field (the intersection of its ancestors' kinds). */
  kinds: EntryKind[];
  /** A department may withhold it (it or an ancestor is a withholdable root). */
  withholdable: boolean;
  /** Some ancestor is a list: the field repeats once per item. */
  inList: boolean;
}

const ALL_KINDS = Object.values(EntryKind);
const ROOT = ENTRY_FIELDS as unknown as Record<string, AnyField>;

function walk(
  fields: Record<string, AnyField>,
  prefix: string,
  inherited: Omit<CatalogueField, 'path' | 'field'>,
  out: CatalogueField[],
): CatalogueField[] {
  for (const [name, field] of Object.entries(fields)) {
    const here: CatalogueField = {
      path: prefix + name,
      field,
      kinds: field.kinds
        ? inherited.kinds.filter((k) => field.kinds!.includes(k))
        : inherited.kinds,
      withholdable: inherited.withholdable || field.withholdable === true,
      inList: inherited.inList,
    };
    out.push(here);
    const below = { kinds: here.kinds, withholdable: here.withholdable, inList: here.inList };
    if (field.type === 'object') walk(field.fields, `${here.path}.`, below, out);
    if (field.type === 'list' && field.of.type === 'object')
      walk(field.of.fields, `${here.path}.`, { ...below, inList: true }, out);
  }
  return out;
}

/** Every field of the catalogue, parents before children, in catalogue order. */
export const CATALOGUE_FIELDS: readonly CatalogueField[] = walk(
  ROOT,
  '',
  { kinds: ALL_KINDS, withholdable: false, inList: false },
  [],
);

const BY_PATH = new Map(CATALOGUE_FIELDS.map((f) => [f.path, f]));

/** The catalogue entry of a path, or undefined when the catalogue has no such field. */
export function catalogueField(path: string): CatalogueField | undefined {
  return BY_PATH.get(path);
}

const WITHHOLDABLE = new Map(
  ALL_KINDS.map((kind) => [
    kind,
    CATALOGUE_FIELDS.filter((f) => f.withholdable && f.kinds.includes(kind)).map((f) => f.path),
  ]),
);

/** The paths a department may withhold on an entry of this kind. */
export function withholdablePaths(kind: EntryKind): readonly string[] {
  return WITHHOLDABLE.get(kind)!;
}

/** `path` is `within` itself or a field below it. */
export const pathWithin = (path: string, within: string): boolean =>
  path === within || path.startsWith(`${within}.`);

const WITHHELD_WITH = CATALOGUE_FIELDS.filter((f) => f.field.withheldWith?.length);

/**
 * The fields of this kind withheld along with the `withheld` paths (the catalogue's
 * `withheldWith`, followed through: a field withheld along with another brings its own along
 * too), each with the withheld path that brought it. Fields already within a withheld path are
 * left out. Which fields come along depends only on the paths, never on any value, so the list
 * tells the public nothing more than the withholdings themselves do.
 */
export function withheldAlong(
  kind: EntryKind,
  withheld: readonly string[],
): { path: string; because: string }[] {
  if (!withheld.length) return [];
  const hidden = withheld.map((path) => ({ path, because: path }));
  const along: { path: string; because: string }[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const { path, kinds, field } of WITHHELD_WITH) {
      if (!kinds.includes(kind) || hidden.some((h) => pathWithin(path, h.path))) continue;
      const cause = hidden.find((h) => field.withheldWith!.some((w) => pathWithin(w, h.path)));
      if (cause === undefined) continue;
      const item = { path, because: cause.because };
      along.push(item);
      hidden.push(item);
      grew = true;
    }
  }
  return along;
}

/** The fields withheld along with `path` on an entry of any kind that may withhold it. */
export function fieldsWithheldAlong(path: string): string[] {
  const along = new Set<string>();
  for (const kind of ALL_KINDS)
    if (withholdablePaths(kind).includes(path))
      for (const { path: other } of withheldAlong(kind, [path])) along.add(other);
  return [...along];
}

/**
 * The withholdable paths (of any kind) whose withholding hides `path`: the path itself and those
 * above it, and every path it is withheld along with (`fieldsWithheldAlong`), so that a reading
 * of stored values (an as-of filter) can hide what the projection hides. On an entry of a kind
 * where a path does not bring it along this hides more, never less.
 */
export function pathsHiding(path: string): string[] {
  const known = HIDING.get(path);
  if (known) return known;
  const hiding = new Set(path.split('.').map((_, i, keys) => keys.slice(0, i + 1).join('.')));
  for (const kind of ALL_KINDS)
    for (const withheld of withholdablePaths(kind))
      if (withheldAlong(kind, [withheld]).some((a) => pathWithin(path, a.path)))
        hiding.add(withheld);
  HIDING.set(path, [...hiding]);
  return HIDING.get(path)!;
}

/** pathsHiding's answers: the catalogue is fixed, so each is worked out once. */
const HIDING = new Map<string, string[]>();

/**
 * The values at a path: one for a plain path, one per list item below a list
 * (`suppliers.name` → every supplier's name). Missing values are left out.
 */
export function valuesAt(content: unknown, path: string): unknown[] {
  const keys = path.split('.');
  let values: unknown[] = [content];
  keys.forEach((key, i) => {
    values = values.flatMap((v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
      const next = (v as Record<string, unknown>)[key];
      if (next === undefined || next === null) return [];
      // Below a list, the next key is a field of each item; the last key's list is the value.
      return i < keys.length - 1 && Array.isArray(next) ? (next as unknown[]) : [next];
    });
  });
  return values;
}

/** The value at a plain (list-free) path, or undefined. */
export function valueAt(content: unknown, path: string): unknown {
  let value: unknown = content;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Whether a value says nothing: missing, a text that shows nothing (white space and invisible
 * characters only, `hasVisibleText`), or a list of nothing but such values (`[]`, `[""]`).
 */
export const blank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && !hasVisibleText(value)) ||
  (Array.isArray(value) && value.every(blank));

function applies(rule: true | PublishRule, kind: EntryKind, content: EntryContent): boolean {
  if (rule === true) return true;
  if (rule.kinds && !rule.kinds.includes(kind)) return false;
  return rule.when ? rule.when(content, kind) : true;
}

/** A field publication still needs, and why in plain words (Swedish and English). */
export interface PublicationProblem {
  path: string;
  /** The message's key in PUBLICATION_MESSAGES: `required` when the catalogue gives no reason. */
  reason: PublicationMessageKey;
  message: PlainMessage;
}

/** What publication still needs for an entry of this kind, in catalogue order. */
export function publicationProblems(kind: EntryKind, content: EntryContent): PublicationProblem[] {
  const problems: PublicationProblem[] = [];
  for (const { path, field, kinds, inList } of CATALOGUE_FIELDS) {
    const rule = field.publish;
    if (!rule || !kinds.includes(kind) || !applies(rule, kind, content)) continue;
    // A field of list items is judged on every item's value together.
    const value = inList ? valuesAt(content, path) : valueAt(content, path);
    const filled =
      rule !== true && rule.filled
        ? !blank(value) && (rule.filled as (v: unknown) => boolean)(value)
        : !blank(value);
    const instead = rule !== true && rule.orElse ? !blank(valueAt(content, rule.orElse)) : false;
    if (!filled && !instead) {
      const reason = (rule !== true && rule.reason) || 'required';
      problems.push({ path, reason, message: PUBLICATION_MESSAGES[reason] });
    }
  }
  return problems;
}

/** Paths publication still needs for an entry of this kind, in catalogue order. */
export function missingForPublication(kind: EntryKind, content: EntryContent): string[] {
  return publicationProblems(kind, content).map((p) => p.path);
}

/** The columns of `entry_version` that lists filter and sort on. */
export interface FilterColumns {
  title: string;
  lifecycleStage: string | null;
  theme: string | null;
  riskClass: string | null;
  aiActClass: string | null;
  personalData: string | null;
  reviewDueDate: string | null;
  principleCodes: string[];
}

const FILTERED = CATALOGUE_FIELDS.filter((f) => f.field.filter !== undefined);

/** The filterable fields that a department may withhold: their public columns are separate. */
export const WITHHOLDABLE_FILTER_COLUMNS: readonly FilterColumn[] = FILTERED.filter(
  (f) => f.withholdable,
).map((f) => f.field.filter!);

/** The filter columns of a content, read from the catalogue's `filter` fields. */
export function filterColumnsOf(content: EntryContent): FilterColumns {
  const columns: Record<string, unknown> = {};
  for (const { path, field } of FILTERED) {
    const value = valueAt(content, path);
    columns[field.filter!] =
      field.type === 'list'
        ? [...new Set(((value as { code: string }[] | undefined) ?? []).map((p) => p.code))]
        : (value ?? null);
  }
  return columns as unknown as FilterColumns;
}

const SEARCHED = (group: SearchGroup) => CATALOGUE_FIELDS.filter((f) => f.field.search === group);
const SEARCH_GROUPS: Record<SearchGroup, CatalogueField[]> = {
  disclosures: SEARCHED('disclosures'),
  details: SEARCHED('details'),
};

/** The texts of one search group of a content, in catalogue order (enum values as words). */
export function searchTextsOf(content: EntryContent, group: SearchGroup): string[] {
  return SEARCH_GROUPS[group].flatMap(({ path, field }) =>
    valuesAt(content, path)
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is string => typeof v === 'string')
      .map((v) => (field.type === 'enum' ? v.toLowerCase().replace(/_/g, ' ') : v)),
  );
}

/** The filter facts of a content: one value, or a list for fields of list items (suppliers lower-cased). */
export type FilterFacts = Partial<Record<FilterFact, string | string[]>>;

const FACTS = CATALOGUE_FIELDS.filter((f) => f.field.fact !== undefined);

/** The filter facts of a content, read from the catalogue's `fact` fields. */
export function filterFactsOf(content: EntryContent): FilterFacts {
  const facts: FilterFacts = {};
  for (const { path, field, inList } of FACTS) {
    const values = valuesAt(content, path).filter((v): v is string => typeof v === 'string');
    const name = field.fact!;
    const normalised = name === 'suppliers' ? values.map((v) => v.trim().toLowerCase()) : values;
    if (inList) {
      if (normalised.length) facts[name] = [...new Set(normalised)].sort();
    } else if (normalised.length) facts[name] = normalised[0];
  }
  return facts;
}
