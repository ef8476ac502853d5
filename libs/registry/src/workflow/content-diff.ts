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
    if (JSON.stringify(left) !== JSON.stringify(right))
      changes.push({ field: path, before: left, after: right });
  };
  walk(before, after, '');
  return changes.sort((x, y) => x.field.localeCompare(y.field));
}
