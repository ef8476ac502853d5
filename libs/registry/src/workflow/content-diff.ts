import { EntryContent } from '../entries/entry-content';

/** One changed field between two versions: its path and the values before and after (null: absent). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
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
export function diffContent(before: EntryContent, after: EntryContent): FieldChange[] {
  const changes: FieldChange[] = [];
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
