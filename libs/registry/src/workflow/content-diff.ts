import { pathWithin } from '../catalogue/catalogue-fields';
import { EntryContent } from '../entries/entry-content';

/** One changed field between two versions: its path and the values before and after (null: absent). */
export interface ContentChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** A change as a reader is shown it: whether each side lacks what is withheld from them. */
export interface FieldChange extends ContentChange {
  /**
   * The field, or a part of it, is withheld from the reader in the earlier (later) version: its
   * value there is null or lacks that part, which says nothing of what it held.
   */
  beforeWithheld: boolean;
  afterWithheld: boolean;
}

/** The paths withheld from the reader in each of the two contents compared. */
export interface WithheldPaths {
  before: readonly string[];
  after: readonly string[];
}

/** `path` is withheld, or holds a part that is, when `withheld` are. */
const touches = (path: string, withheld: readonly string[]): boolean =>
  withheld.some((w) => pathWithin(path, w) || pathWithin(w, path));

/**
 * The changes marked where a content lacks what is withheld from its reader (the paths of its
 * public view's notices): there a null, or a value without that part, is not what it held.
 * Without `withheld` (a reader who sees every value), nothing is marked.
 */
export function markWithheld(
  changes: readonly ContentChange[],
  withheld: WithheldPaths = { before: [], after: [] },
): FieldChange[] {
  return changes.map((change) => ({
    ...change,
    beforeWithheld: touches(change.field, withheld.before),
    afterWithheld: touches(change.field, withheld.after),
  }));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A value as JSON with every object's keys in one order: PostgreSQL's jsonb stores an object's
 * keys in its own order (shorter keys first), so a list read back and the same list sent again
 * differ only in that order, which is no change.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((key) => [key, v[key]]),
        )
      : v,
  );
}

/**
 * Changes between two contents, field by field: objects are compared key by key (paths such as
 * `accountability.humanOversight`), lists and scalars as whole values. Sorted by path.
 */
export function diffContent(before: EntryContent, after: EntryContent): ContentChange[] {
  const changes: ContentChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    const left = a ?? null;
    const right = b ?? null;
    if (canonicalJson(left) !== canonicalJson(right))
      changes.push({ field: path, before: left, after: right });
  };
  walk(before, after, '');
  return changes.sort((x, y) => x.field.localeCompare(y.field));
}
