import { canonicalJson } from '@insyn/audit';
import { CATALOGUE_FIELDS, valueAt } from './catalogue-fields';

/**
 * How two items of a list are told apart: texts with case, width, spacing and characters that do
 * not show aside (`Trafik`, `trafik `, `Tra\u200bfik` are one). Case as a whole: upper case and
 * back folds `ß` with `SS` and the Greek final sigma, and the dot a lower-cased `İ` keeps goes.
 */
export const listItemKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toUpperCase()
    .toLowerCase()
    .replace(/i\u0307/g, 'i');

/** What a list's items are compared by: the texts themselves (`true`) or these fields. */
export type DistinctBy = true | readonly string[];

const fieldOf = (item: unknown, field: string): unknown =>
  typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;

/** An item's key under `by`, or null when the item is not one to compare (not a text, not an object). */
export function distinctKey(item: unknown, by: DistinctBy): string | null {
  if (by === true) return typeof item === 'string' ? listItemKey(item) : null;
  if (typeof item !== 'object' || item === null) return null;
  return by
    .map((field) => {
      const value = fieldOf(item, field);
      // Other values as canonical JSON: `{lat, lon}` and `{lon, lat}` are one point.
      return typeof value === 'string' ? listItemKey(value) : canonicalJson(value ?? null);
    })
    .join('\u0000');
}

/** How a repeated item is shown in the refusal: the text, or its compared fields. */
export function distinctShown(item: unknown, by: DistinctBy): string {
  if (by === true) return `"${String(item)}"`;
  return by
    .filter((f) => fieldOf(item, f) !== undefined && fieldOf(item, f) !== null)
    .map((f) => `${f} ${JSON.stringify(fieldOf(item, f))}`)
    .join(', ');
}

/** Each item's index paired with the index of the first item with its key, for items that repeat one. */
export function repeatedItems(list: readonly unknown[], by: DistinctBy): [number, number][] {
  const first = new Map<string, number>();
  const repeats: [number, number][] = [];
  list.forEach((item, index) => {
    const key = distinctKey(item, by);
    if (key === null) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else repeats.push([index, earlier]);
  });
  return repeats;
}

/** The refusal of an item that repeats an earlier one, as the API's inputs word it. */
export const repeatedItemMessage = (first: number, item: unknown, by: DistinctBy): string =>
  `is item ${first} again (${distinctShown(item, by)}): name each once`;

/** The catalogue's lists whose items are each named once, with what they are compared by. */
export const DISTINCT_LISTS: readonly { path: string; by: DistinctBy }[] = CATALOGUE_FIELDS.flatMap(
  ({ path, field }) =>
    field.type === 'list' && field.distinct ? [{ path, by: field.distinct }] : [],
);

/**
 * Every list of `content` (or of a patch of it) that names a thing twice: its first repeating
 * item, as a field problem at that item's path (`input.legalBasis.2.title`, indexes from 0 as the
 * API counts them; an import's report counts from 1). The message does not repeat the path nor
 * count items, so that it reads right in both. Lists over their size are the size rule's to
 * refuse before this.
 */
export function repeatedListItems(content: unknown): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const { path, by } of DISTINCT_LISTS) {
    const list = valueAt(content, path);
    if (!Array.isArray(list)) continue;
    const [repeat] = repeatedItems(list, by);
    if (!repeat) continue;
    const [index] = repeat;
    problems.push({
      field: `input.${path}.${index}${by === true ? '' : `.${by[0]}`}`,
      message: `repeats an earlier item (${distinctShown(list[index], by)}): name each once`,
    });
  }
  return problems;
}
