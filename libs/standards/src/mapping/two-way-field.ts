import { hasVisibleText } from '@insyn/errors';
import type { EntryKind } from '@insyn/registry';
import { StandardField } from './standard-field';

/** What an import found in a record that did not go into the draft, and why. */
export interface LeftOut {
  field: string;
  reason: string;
}

/** The content an importer builds from one record, with its notes. */
export interface ImportDraft {
  content: Record<string, unknown>;
  leftOut: LeftOut[];
  /** Values mapped to the nearest Insyn value, said so (not an error). */
  notes: string[];
}

/**
 * A standard field that also imports: `toContent` writes the standard's value into the draft at
 * the catalogue paths named by `into`. A field without `toContent` is export-only; importing a
 * record that has it reports it as left out, with `gap` or a general reason.
 */
export interface TwoWayField extends StandardField {
  into?: readonly string[];
  /**
   * The field also takes a JSON list of texts (each an item, as the standard's text would have
   * listed them); any other field refuses a list rather than drop it.
   */
  takesList?: boolean;
  toContent?: (value: unknown, draft: ImportDraft, kind: EntryKind) => void;
}

/** Sets `value` at a plain path of the draft, creating the objects on the way. */
export function setIn(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key]))
      node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Text of a standard's value, trimmed; undefined for blanks and non-strings (numbers included). */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && hasVisibleText(value) ? value.trim() : undefined;
}
